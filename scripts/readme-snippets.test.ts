// Extracting the README's runnable snippets, and what the README's own
// runnable snippets must cover (the AWS CLI profile, curl -u, the operators' CLI).
import { describe, it, expect } from "vitest";
import fs from "node:fs";
import path from "node:path";
import { runnableSnippets, substitute, curlWithoutFail, awsWithoutEndpoint } from "./readme-snippets";

describe("runnableSnippets", () => {
  it("takes blocks tagged runnable or after <!-- runnable -->, and nothing else", () => {
    const md = ["# T", "```sh", "echo prose", "```", "```sh runnable", "echo one", "```", "", "<!-- runnable -->", "```bash", "echo two", "", "echo three", "```", "````md runnable", "```sh", "inner", "```", "````", "~~~ sh", "echo tilde", "~~~", "```sh runnable"].join("\n");
    expect(runnableSnippets(md)).toEqual([
      { line: 5, code: "echo one" },
      { line: 10, code: "echo two\n\necho three" },
      { line: 15, code: "```sh\ninner\n```" },
      { line: 23, code: "" },
    ]);
  });

  it("reads indented blocks (in a list) without their indent", () => {
    expect(runnableSnippets("- step:\n\n  ```sh runnable\n  echo a\n    echo b\n  ```\n")).toEqual([{ line: 3, code: "echo a\n  echo b" }]);
  });
});

describe("substitute", () => {
  it("replaces the placeholders, and only them", () => {
    const code = "aws configure set aws_access_key_id ACCESS_KEY_ID\naws configure set aws_secret_access_key SECRET_ACCESS_KEY\ncurl -fu ACCESS_KEY_ID:SECRET_ACCESS_KEY http://localhost:3000/api/instances\nMY_ACCESS_KEY_IDS=1";
    expect(substitute(code, { url: "http://127.0.0.1:9", accessKeyId: "AKIAX", secretAccessKey: "s/3" })).toBe(
      "aws configure set aws_access_key_id AKIAX\naws configure set aws_secret_access_key s/3\ncurl -fu AKIAX:s/3 http://127.0.0.1:9/api/instances\nMY_ACCESS_KEY_IDS=1",
    );
  });
});

describe("curlWithoutFail", () => {
  it("finds curl commands that would exit 0 on an HTTP error", () => {
    expect(curlWithoutFail("curl -u a:b http://x\ncurl -fsS http://x\ncurl --fail http://x\nx=$(curl -sS http://y)\ncurl -sSf http://x | jq .\necho curl is nice")).toEqual(["curl -u a:b http://x", "x=$(curl -sS http://y)"]);
  });
});

describe("awsWithoutEndpoint", () => {
  it("finds aws commands that would call AWS itself", () => {
    expect(awsWithoutEndpoint("aws configure set region us-east-1 --profile p\naws --profile p ec2 describe-instances\naws --endpoint-url http://localhost:3000/api/aws ec2 describe-regions\nid=$(aws --profile p ec2 describe-instances)\necho aws is nice")).toEqual([
      "aws --profile p ec2 describe-instances",
      "id=$(aws --profile p ec2 describe-instances)",
    ]);
  });
});

describe("the README's runnable snippets", () => {
  const snippets = runnableSnippets(fs.readFileSync(path.resolve(import.meta.dirname, "../README.md"), "utf8"));
  it("cover the AWS CLI profile, curl -u on the key routes, and the operators' CLI", () => {
    const all = snippets.map((s) => s.code).join("\n");
    expect(all).toMatch(/^aws configure set endpoint_url http:\/\/localhost:3000\/api\/aws --profile stratus$/m);
    expect(all).toMatch(/^aws --profile stratus --endpoint-url http:\/\/localhost:3000\/api\/aws ec2 describe-instances/m);
    expect(all).toMatch(/^curl -fsS -u ACCESS_KEY_ID:SECRET_ACCESS_KEY http:\/\/localhost:3000\/api\/instances\/\$id\/ports$/m);
    expect(all).toMatch(/^npm run stratus -- access-key create/m);
  });

  it("make every curl fail on an HTTP error", () => {
    for (const s of snippets) expect(curlWithoutFail(s.code), `README line ${s.line}`).toEqual([]);
  });

  it("give every aws command the endpoint", () => {
    for (const s of snippets) expect(awsWithoutEndpoint(s.code), `README line ${s.line}`).toEqual([]);
  });
});
