// Terraform's hashicorp/aws provider, unmodified, against the running server:
// apply e2e/terraform/main.tf (key pair, security group with ingress and the
// default egress, three instances with tags, user data and a subnet, an
// EBS-backed instance with a sized root volume, an Elastic IP), then a second
// plan must be empty, then destroy must leave nothing. Needs terraform on PATH
// (or TERRAFORM_BIN) and an offline mirror of the provider (TF_PLUGIN_MIRROR,
// default /opt/tf-plugins); without them the test says it skipped and why.
import { test, expect } from "@playwright/test";
import { spawnSync, execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { EC2Client, DescribeInstancesCommand, DescribeVolumesCommand, DescribeAddressesCommand, DescribeSecurityGroupsCommand, DescribeKeyPairsCommand } from "@aws-sdk/client-ec2";

const PORT = Number(process.env.E2E_PORT ?? 3100);
const endpoint = `http://127.0.0.1:${PORT}/api/aws`;
const credentials = { accessKeyId: "AKIASTRATUSE2ETEST01", secretAccessKey: "e2eSecretKeyForTheBootstrapAdmin/0123456" };
const ec2 = new EC2Client({ region: "us-east-1", endpoint, credentials, maxAttempts: 1 });

const MIRROR = process.env.TF_PLUGIN_MIRROR ?? "/opt/tf-plugins";
const PROVIDER_DIR = path.join(MIRROR, "registry.terraform.io", "hashicorp", "aws");

function terraformSetup(): { ok: true; bin: string; version: string } | { ok: false; reason: string } {
  const bin = process.env.TERRAFORM_BIN ?? "terraform";
  const probe = spawnSync(bin, ["version"], { encoding: "utf8" });
  if (probe.error || probe.status !== 0) return { ok: false, reason: `terraform is not installed (no ${bin} on PATH; set TERRAFORM_BIN)` };
  const versions = fs.existsSync(PROVIDER_DIR) ? fs.readdirSync(PROVIDER_DIR).filter((v) => /^\d+\.\d+\.\d+$/.test(v)) : [];
  if (!versions.length) return { ok: false, reason: `no offline mirror of hashicorp/aws under ${MIRROR} (set TF_PLUGIN_MIRROR to a filesystem_mirror directory)` };
  const version = versions.includes("5.100.0") ? "5.100.0" : versions.sort((a, b) => a.localeCompare(b, undefined, { numeric: true })).at(-1)!;
  return { ok: true, bin, version };
}

const setup = terraformSetup();

test("Terraform applies, plans nothing more, and destroys everything", async () => {
  if (!setup.ok) console.log(`terraform end-to-end test skipped: ${setup.reason}`);
  test.skip(!setup.ok, setup.ok ? "" : setup.reason);
  if (!setup.ok) return;
  test.setTimeout(900_000);

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "stratus-tf-"));
  const prefix = `tf${Date.now().toString(36)}`;
  fs.writeFileSync(path.join(dir, "main.tf"), fs.readFileSync(path.resolve("e2e", "terraform", "main.tf"), "utf8").replace('version = "5.100.0"', `version = "${setup.version}"`));
  fs.writeFileSync(path.join(dir, "tf.rc"), `provider_installation {\n  filesystem_mirror {\n    path    = ${JSON.stringify(MIRROR)}\n    include = ["registry.terraform.io/hashicorp/aws"]\n  }\n}\n`);
  execFileSync("ssh-keygen", ["-q", "-t", "rsa", "-b", "2048", "-N", "", "-C", "tf@stratus", "-f", path.join(dir, "id")]);
  const vars = { endpoint, access_key: credentials.accessKeyId, secret_key: credentials.secretAccessKey, public_key: fs.readFileSync(path.join(dir, "id.pub"), "utf8").trim(), prefix };
  fs.writeFileSync(path.join(dir, "terraform.tfvars.json"), JSON.stringify(vars));
  // Offline: the provider from the mirror, no version checkpoint calls.
  const env = { ...process.env, TF_CLI_CONFIG_FILE: path.join(dir, "tf.rc"), CHECKPOINT_DISABLE: "1", TF_IN_AUTOMATION: "1", TF_INPUT: "0" };
  const tf = (...args: string[]) => {
    const r = spawnSync(setup.bin, [...args, "-no-color"], { cwd: dir, env, encoding: "utf8", timeout: 600_000 });
    return { status: r.status, out: `${r.stdout}\n${r.stderr}` };
  };

  try {
    const init = tf("init");
    expect(init.status, init.out).toBe(0);
    const apply = tf("apply", "-auto-approve");
    expect(apply.status, apply.out).toBe(0);
    expect(apply.out).toContain("Apply complete! Resources: 7 added, 0 changed, 0 destroyed.");

    // A second plan finds nothing to change: every read answers as EC2 does.
    const plan = tf("plan", "-detailed-exitcode");
    expect(plan.status, plan.out).toBe(0);
    expect(plan.out).toContain("No changes.");

    const out = JSON.parse(execFileSync(setup.bin, ["output", "-json"], { cwd: dir, env, encoding: "utf8" })) as Record<string, { value: unknown }>;
    const webIds = out.web_ids.value as string[];
    const dbId = out.db_id.value as string;
    const d = await ec2.send(new DescribeInstancesCommand({ InstanceIds: [...webIds, dbId] }));
    const byId = new Map(d.Reservations!.flatMap((r) => r.Instances!).map((i) => [i.InstanceId!, i]));
    webIds.forEach((id, n) => {
      const i = byId.get(id)!;
      expect(i.State?.Name).toBe("running");
      expect(i.SubnetId).toBe(out.subnet.value);
      expect(i.Placement?.AvailabilityZone).toBe("us-east-1a");
      expect(i.PrivateIpAddress).toMatch(/^172\.31\.([0-9]|1[0-5])\./);
      expect(i.KeyName).toBe(`${prefix}-deployer`);
      expect(i.SecurityGroups?.map((g) => g.GroupName)).toEqual([`${prefix}-web`]);
      expect(Object.fromEntries(i.Tags!.map((t) => [t.Key, t.Value]))).toEqual({ Name: `${prefix}-web-${n}`, Role: "web" });
    });
    expect(byId.get(webIds[0])!.PublicIpAddress).toBe(out.eip.value);
    const vols = await ec2.send(new DescribeVolumesCommand({ Filters: [{ Name: "attachment.instance-id", Values: [dbId] }] }));
    expect(vols.Volumes?.map((v) => [v.Size, v.Attachments?.[0]?.Device, v.Tags])).toEqual([[16, "/dev/sda1", [{ Key: "Backup", Value: "daily" }]]]);
    expect(byId.get(dbId)!.MetadataOptions?.HttpTokens).toBe("required");

    const destroy = tf("destroy", "-auto-approve");
    expect(destroy.status, destroy.out).toBe(0);
    expect(destroy.out).toContain("Destroy complete! Resources: 7 destroyed.");
    // Nothing left: instances terminated, their volume deleted, the group, key and address gone.
    const after = await ec2.send(new DescribeInstancesCommand({ InstanceIds: [...webIds, dbId] }));
    expect(after.Reservations!.flatMap((r) => r.Instances!).map((i) => i.State?.Name)).toEqual(["terminated", "terminated", "terminated", "terminated"]);
    expect((await ec2.send(new DescribeVolumesCommand({ Filters: [{ Name: "attachment.instance-id", Values: [dbId] }] }))).Volumes).toEqual([]);
    expect((await ec2.send(new DescribeSecurityGroupsCommand({ Filters: [{ Name: "group-name", Values: [`${prefix}-web`] }] }))).SecurityGroups).toEqual([]);
    expect((await ec2.send(new DescribeKeyPairsCommand({ Filters: [{ Name: "key-name", Values: [`${prefix}-*`] }] }))).KeyPairs).toEqual([]);
    expect((await ec2.send(new DescribeAddressesCommand({ Filters: [{ Name: "tag:Name", Values: [`${prefix}-web-ip`] }] }))).Addresses).toEqual([]);
  } finally {
    // A failed run leaves nothing behind for the other specs.
    tf("destroy", "-auto-approve");
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
