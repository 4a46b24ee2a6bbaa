import { describe, expect, it } from "vitest";
import { userDataLines } from "./sim-console";

const b64 = (s: string | Buffer) => Buffer.from(s).toString("base64");

describe("user data on the console", () => {
  it("runs a shell script line by line, with echo output", () => {
    expect(userDataLines(b64("#!/bin/sh\n# comment\necho 'hello world'\nyum -y install httpd\necho \"done\"\n"))).toEqual([
      "ec2: Running user-data script (/bin/sh, 72 bytes)",
      "+ echo 'hello world'",
      "hello world",
      "+ yum -y install httpd",
      '+ echo "done"',
      "done",
      "ec2: user-data script finished (exit status 0)",
    ]);
  });

  it("does not run what is not a script, and never breaks on binary", () => {
    expect(userDataLines(b64("#cloud-config\npackages: [nginx]"))[0]).toContain("not a script");
    expect(userDataLines(b64(Buffer.from([0xff, 0x00, 0x13, 0x37])))).toEqual(["ec2: user-data: 4 bytes of binary data, not a script: not run"]);
    expect(userDataLines(null)).toEqual([]);
  });
});
