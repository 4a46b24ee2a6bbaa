// The seed article, replayed with Debian's AWS CLI v2 against the running
// server: import key "amazon", run 10 of ami-f937d290, authorize webserver for
// 22, 80 and 443, describe, read a console, terminate; then Cost Explorer
// agrees with /api/costs.
import { test, expect } from "@playwright/test";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { signIn } from "./helpers";

const run = promisify(execFile);
const AWS = process.env.AWS_CLI ?? "/usr/bin/aws";
const endpoint = `http://127.0.0.1:${Number(process.env.E2E_PORT ?? 3100)}/api/aws`;
const home = fs.mkdtempSync(path.join(os.tmpdir(), "aws-cli-"));
const env = {
  ...process.env,
  AWS_ACCESS_KEY_ID: "AKIASTRATUSE2ETEST01",
  AWS_SECRET_ACCESS_KEY: "e2eSecretKeyForTheBootstrapAdmin/0123456",
  AWS_DEFAULT_REGION: "us-east-1",
  AWS_CONFIG_FILE: path.join(home, "config"),
  AWS_SHARED_CREDENTIALS_FILE: path.join(home, "credentials"),
  AWS_PAGER: "",
  AWS_MAX_ATTEMPTS: "1",
};

async function aws(...args: string[]): Promise<any> {
  const { stdout } = await run(AWS, [...args, "--endpoint-url", endpoint, "--output", "json"], { env, maxBuffer: 16 * 1024 * 1024 });
  return stdout.trim() ? JSON.parse(stdout) : null;
}

/** Terminates what this spec launched, then deletes its group and key (each gone already is fine). */
async function leaveTheTeamAsItWas(): Promise<void> {
  const live = async (): Promise<string[]> => {
    const d = await aws("ec2", "describe-instances", "--filters", "Name=key-name,Values=amazon", "Name=instance-state-name,Values=pending,running,shutting-down,stopping,stopped");
    return d.Reservations.flatMap((r: { Instances: { InstanceId: string }[] }) => r.Instances.map((i) => i.InstanceId));
  };
  const ids = await live();
  if (ids.length) await aws("ec2", "terminate-instances", "--instance-ids", ...ids);
  for (let i = 0; i < 60 && (await live()).length; i++) await new Promise((r) => setTimeout(r, 500));
  await aws("ec2", "delete-security-group", "--group-name", "webserver").catch((e: Error) => { if (!/InvalidGroup.NotFound/.test(e.message)) throw e; });
  await aws("ec2", "delete-key-pair", "--key-name", "amazon");
}

// CI installs the CLI (.ci/run); on a machine without it there is nothing to run.
const hasCli = fs.existsSync(AWS) || Boolean(process.env.CI);

test.describe("the seed with the AWS CLI", () => {
  test.skip(!hasCli, `${AWS} is not installed (apt-get install awscli)`);

  test("ec2-run-instances ami-f937d290 -n 10 -k amazon, and friends", async ({ page }) => {
    test.setTimeout(120_000);
    const keyFile = path.join(home, "amazon");
    await run("ssh-keygen", ["-q", "-t", "rsa", "-b", "2048", "-N", "", "-f", keyFile]);
    const key = await aws("ec2", "import-key-pair", "--key-name", "amazon", "--public-key-material", `fileb://${keyFile}.pub`);
    expect(key.KeyName).toBe("amazon");

    await aws("ec2", "create-security-group", "--group-name", "webserver", "--description", "ec2-authorize webserver");
    for (const port of ["22", "80", "443"]) await aws("ec2", "authorize-security-group-ingress", "--group-name", "webserver", "--protocol", "tcp", "--port", port, "--cidr", "0.0.0.0/0");
    const groups = await aws("ec2", "describe-security-groups", "--group-names", "webserver");
    expect(groups.SecurityGroups[0].IpPermissions.map((p: { FromPort: number }) => p.FromPort).sort((a: number, b: number) => a - b)).toEqual([22, 80, 443]);

    const res = await aws("ec2", "run-instances", "--image-id", "ami-f937d290", "--count", "10", "--key-name", "amazon", "--security-groups", "webserver");
    const ids: string[] = res.Instances.map((i: { InstanceId: string }) => i.InstanceId);
    expect(ids).toHaveLength(10);
    expect(res.Instances.map((i: { AmiLaunchIndex: number }) => i.AmiLaunchIndex)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);

    const described = await aws("ec2", "describe-instances", "--filters", "Name=key-name,Values=amazon", "Name=instance.group-name,Values=webserver");
    const seen = described.Reservations.flatMap((r: { Instances: { InstanceId: string }[] }) => r.Instances.map((i) => i.InstanceId));
    expect(seen.sort()).toEqual([...ids].sort());

    // The console fills in over the boot: read it until the host key block is complete.
    const END = "-----END SSH HOST KEY FINGERPRINTS-----";
    let output = "";
    for (let i = 0; i < 60 && !output.includes(END); i++) {
      const c = await aws("ec2", "get-console-output", "--instance-id", ids[0]);
      output = c?.Output ?? "";
      if (output && !output.includes(" ") && /^[A-Za-z0-9+/=\s]+$/.test(output)) output = Buffer.from(output, "base64").toString();
      if (!output.includes(END)) await new Promise((r) => setTimeout(r, 500));
    }
    expect(output).toContain(ids[0]);
    expect(output).toContain("-----BEGIN SSH HOST KEY FINGERPRINTS-----");
    expect(output).toContain(END);

    const t = await aws("ec2", "terminate-instances", "--instance-ids", ...ids);
    expect(t.TerminatingInstances).toHaveLength(10);
    await expect(aws("ec2", "terminate-instances", "--instance-ids", "i-0123456789abcdef0")).rejects.toThrow(/InvalidInstanceID.NotFound/);

    // Cost Explorer and the Costs page agree.
    await signIn(page);
    const sim = Date.parse((await (await page.request.get("/api/health")).json()).simTime);
    const day = new Date(sim).toISOString().slice(0, 10);
    const month = `${day.slice(0, 8)}01`;
    const next = new Date(sim + 86_400_000).toISOString().slice(0, 10);
    const ceTotal = async () => {
      const ce = await aws("ce", "get-cost-and-usage", "--time-period", `Start=${month},End=${next}`, "--granularity", "MONTHLY", "--metrics", "UnblendedCost");
      return ce.ResultsByTime.reduce((s: number, r: { Total: { UnblendedCost: { Amount: string } } }) => s + Math.round(Number(r.Total.UnblendedCost.Amount) * 1e6), 0);
    };
    // Instances keep billing (an hour starts every two minutes here): the page's total,
    // read between two CLI calls, lies between what they saw — equal when no hour began.
    const before = await ceTotal();
    const onPage = Math.round(Number((await (await page.request.get(`/api/costs?from=${month}&to=${next}&groupBy=category`)).json()).totals.total) * 1e6);
    const after = await ceTotal();
    expect(before).toBeGreaterThan(0);
    expect(onPage).toBeGreaterThanOrEqual(before);
    expect(onPage).toBeLessThanOrEqual(after);

    await leaveTheTeamAsItWas();
    expect((await aws("ec2", "describe-key-pairs")).KeyPairs.map((k: { KeyName: string }) => k.KeyName)).not.toContain("amazon");
  });

  // Also after a failure, so the specs that follow start from the seed.
  test.afterAll(async () => {
    await leaveTheTeamAsItWas().catch(() => {});
  });
});
