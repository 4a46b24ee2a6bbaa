// Every console route documented to take an access key, requested as a
// script would: curl -u KEY:SECRET (HTTP Basic) and a SigV4-signed request
// (the SDK's signer), each answering the key's team's data; another team's
// key gets 404 for an instance, or a view without it.
import { test, expect } from "@playwright/test";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import path from "node:path";
import { SignatureV4 } from "@smithy/signature-v4";
import { HttpRequest } from "@smithy/protocol-http";
import { Hash } from "@smithy/hash-node";
import { EC2Client, RunInstancesCommand, TerminateInstancesCommand } from "@aws-sdk/client-ec2";
import { KEY_ROUTES } from "./key-routes";

const run = promisify(execFile);
const PORT = Number(process.env.E2E_PORT ?? 3100);
const base = `http://127.0.0.1:${PORT}`;
const OURS = { id: "AKIASTRATUSE2ETEST01", secret: "e2eSecretKeyForTheBootstrapAdmin/0123456" };
let theirs = { id: "", secret: "" };
let instanceId = "";

interface Answer {
  status: number;
  body: string;
}

async function curl(urlPath: string, key: { id: string; secret: string }): Promise<Answer> {
  const { stdout } = await run("curl", ["-sS", "-u", `${key.id}:${key.secret}`, "-w", "\n%{http_code}", `${base}${urlPath}`]);
  const cut = stdout.lastIndexOf("\n");
  return { status: Number(stdout.slice(cut + 1)), body: stdout.slice(0, cut) };
}

async function signed(urlPath: string, key: { id: string; secret: string }, scope: { region?: string; service?: string } = {}): Promise<Answer> {
  const url = new URL(urlPath, base);
  const query: Record<string, string> = {};
  url.searchParams.forEach((v, k) => (query[k] = v));
  const signer = new SignatureV4({ credentials: { accessKeyId: key.id, secretAccessKey: key.secret }, region: scope.region ?? "us-east-1", service: scope.service ?? "ec2", sha256: Hash.bind(null, "sha256") });
  const req = await signer.sign(new HttpRequest({ method: "GET", protocol: "http:", hostname: "127.0.0.1", port: PORT, path: url.pathname, query, headers: { host: `127.0.0.1:${PORT}` } }));
  const res = await fetch(url, { headers: req.headers });
  return { status: res.status, body: await res.text() };
}

/** The operators' CLI against the e2e server's data directory. */
async function cli(...args: string[]): Promise<string> {
  const { stdout } = await run("npm", ["run", "--silent", "stratus", "--", ...args], { cwd: path.resolve("."), env: { ...process.env, STRATUS_DATA_DIR: process.env.E2E_DATA_DIR } });
  return stdout;
}

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  test.setTimeout(120_000);
  const ec2 = new EC2Client({ region: "us-east-1", endpoint: `${base}/api/aws`, credentials: { accessKeyId: OURS.id, secretAccessKey: OURS.secret }, maxAttempts: 1 });
  const r = await ec2.send(new RunInstancesCommand({ ImageId: "ami-f937d290", InstanceType: "m1.small", MinCount: 1, MaxCount: 1, TagSpecifications: [{ ResourceType: "instance", Tags: [{ Key: "Name", Value: "key-routes" }] }] }));
  instanceId = r.Instances![0].InstanceId!;
  // another team, with an admin and a key of its own
  await cli("team", "create", "Initech");
  await cli("user", "add", "--team", "Initech", "--email", "keys@initech.test", "--role", "admin", "--password", "initech-password-1");
  const k = JSON.parse(await cli("access-key", "create", "--email", "keys@initech.test", "--team", "Initech"));
  theirs = { id: k.AccessKeyId, secret: k.SecretAccessKey };
});

test.afterAll(async () => {
  const ec2 = new EC2Client({ region: "us-east-1", endpoint: `${base}/api/aws`, credentials: { accessKeyId: OURS.id, secretAccessKey: OURS.secret }, maxAttempts: 1 });
  if (instanceId) await ec2.send(new TerminateInstancesCommand({ InstanceIds: [instanceId] }));
});

for (const r of KEY_ROUTES) {
  test(`${r.route}: curl -u, SigV4, and another team's key`, async () => {
    const url = r.url(instanceId);
    // the console output fills in as the instance boots: wait for the proof with Basic
    await expect.poll(async () => {
      const a = await curl(url, OURS);
      return a.status === 200 && r.proves(a.body, instanceId);
    }, { timeout: 30_000 }).toBe(true);

    const sig = await signed(url, OURS);
    expect(sig.status, sig.body).toBe(200);
    expect(r.proves(sig.body, instanceId)).toBe(true);

    for (const other of [await curl(url, theirs), await signed(url, theirs)]) {
      if (r.perInstance) {
        // the same answer as for an instance that does not exist
        expect(other.status, other.body).toBe(404);
        expect(other.body).toMatch(/InvalidInstanceID\.NotFound|^Not Found/);
      } else {
        expect(other.status, other.body).toBe(200);
        expect(other.body).not.toContain(instanceId);
      }
    }
  });
}

test("refusals: no credentials, a wrong secret, a bad signature, an unknown key — and never the data", async () => {
  const url = `/api/instances/${instanceId}/ports`;
  const none = await fetch(`${base}${url}`);
  expect(none.status).toBe(401);
  expect(await none.json()).toEqual({ error: { code: "AuthFailure", message: expect.stringContaining("curl -u ACCESS_KEY_ID:SECRET_ACCESS_KEY") } });

  const wrong = await curl(url, { id: OURS.id, secret: "not-the-secret" });
  expect(wrong.status).toBe(401);
  expect(JSON.parse(wrong.body).error.code).toBe("AuthFailure");

  const unknown = await signed(url, { id: "AKIANOSUCHKEY0000000", secret: OURS.secret });
  expect(unknown.status).toBe(401);
  expect(JSON.parse(unknown.body).error.code).toBe("AuthFailure");

  const badSig = await signed(url, { id: OURS.id, secret: "not-the-secret" });
  expect(badSig.status).toBe(403);
  expect(JSON.parse(badSig.body).error.code).toBe("SignatureDoesNotMatch");

  // a wrong key is refused even with a session cookie beside it: no fallback
  const both = await fetch(`${base}${url}`, { headers: { authorization: `Basic ${Buffer.from(`${OURS.id}:nope`).toString("base64")}`, cookie: "stratus_session=whatever" } });
  expect(both.status).toBe(401);

  for (const a of [wrong, unknown, badSig]) expect(a.body).not.toContain(`"instanceId":"${instanceId}"`);
});

test("SigV4 on the JSON routes is scoped as for /api/aws: a served region and ec2, autoscaling or ce", async () => {
  const url = `/api/instances/${instanceId}/cost`;
  for (const scope of [{ region: "eu-west-1" }, { service: "autoscaling" }, { service: "ce", region: "ap-southeast-1" }]) {
    const ok = await signed(url, OURS, scope);
    expect(ok.status, `${JSON.stringify(scope)}: ${ok.body}`).toBe(200);
  }
  for (const [scope, says] of [[{ region: "us-east-2" }, "valid region"], [{ region: "mars-1" }, "valid region"], [{ service: "s3" }, "correct service"], [{ service: "sts" }, "correct service"]] as const) {
    const r = await signed(url, OURS, scope);
    expect(r.status, JSON.stringify(scope)).toBe(401);
    const { error } = JSON.parse(r.body);
    expect(error.code).toBe("AuthFailure");
    expect(error.message).toContain(`Credential should be scoped to ${says === "valid region" ? "a valid region" : "correct service"}`);
    expect(r.body).not.toContain(`"instanceId":"${instanceId}"`);
  }
});
