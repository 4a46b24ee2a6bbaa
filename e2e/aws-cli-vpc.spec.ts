// The AWS CLI v2 with today's forms: the default VPC and its subnets, a launch
// with --subnet-id and --security-group-ids, outbound rules, attributes and
// termination protection, wildcard filters, a PPK key.
import { test, expect } from "@playwright/test";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const run = promisify(execFile);
const AWS = process.env.AWS_CLI ?? "/usr/bin/aws";
const endpoint = `http://127.0.0.1:${Number(process.env.E2E_PORT ?? 3100)}/api/aws`;
const home = fs.mkdtempSync(path.join(os.tmpdir(), "aws-cli-vpc-"));
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

const hasCli = fs.existsSync(AWS) || Boolean(process.env.CI);

test.describe("today's EC2 with the AWS CLI", () => {
  test.skip(!hasCli, `${AWS} is not installed (apt-get install awscli)`);

  test("--subnet-id and --security-group-ids, egress, protection, wildcards, ppk", async () => {
    const tag = `cli${Date.now().toString(36)}`;
    const vpc = (await aws("ec2", "describe-vpcs", "--filters", "Name=is-default,Values=true")).Vpcs[0];
    expect(vpc.CidrBlock).toBe("172.31.0.0/16");
    const subnet = (await aws("ec2", "describe-subnets", "--filters", `Name=vpc-id,Values=${vpc.VpcId}`, "Name=availability-zone,Values=us-east-1c")).Subnets[0];
    expect(subnet.CidrBlock).toBe("172.31.32.0/20");
    const sg = await aws("ec2", "create-security-group", "--group-name", tag, "--description", "cli vpc", "--vpc-id", vpc.VpcId);
    await aws("ec2", "revoke-security-group-egress", "--group-id", sg.GroupId, "--ip-permissions", "IpProtocol=-1,IpRanges=[{CidrIp=0.0.0.0/0}]");
    await aws("ec2", "authorize-security-group-egress", "--group-id", sg.GroupId, "--ip-permissions", "IpProtocol=tcp,FromPort=443,ToPort=443,IpRanges=[{CidrIp=0.0.0.0/0}]");
    const rules = (await aws("ec2", "describe-security-group-rules", "--filters", `Name=group-id,Values=${sg.GroupId}`)).SecurityGroupRules;
    expect(rules.map((r: { IsEgress: boolean; FromPort: number }) => [r.IsEgress, r.FromPort])).toEqual([[true, 443]]);

    const r = await aws("ec2", "run-instances", "--image-id", "ami-f937d290", "--count", "2", "--subnet-id", subnet.SubnetId, "--security-group-ids", sg.GroupId,
      "--disable-api-termination", "--tag-specifications", `ResourceType=instance,Tags=[{Key=Name,Value=${tag}-web}]`);
    const ids: string[] = r.Instances.map((i: { InstanceId: string }) => i.InstanceId);
    for (const i of r.Instances) {
      expect(i.SubnetId).toBe(subnet.SubnetId);
      expect(i.PrivateIpAddress).toMatch(/^172\.31\.(3[2-9]|4[0-7])\./);
      expect(i.SecurityGroups[0].GroupId).toBe(sg.GroupId);
    }
    const found = await aws("ec2", "describe-instances", "--filters", `Name=tag:Name,Values=${tag}-w?b`, "Name=subnet-id,Values=subnet-*");
    expect(found.Reservations.flatMap((x: { Instances: { InstanceId: string }[] }) => x.Instances.map((i) => i.InstanceId)).sort()).toEqual([...ids].sort());
    expect((await aws("ec2", "describe-instance-attribute", "--instance-id", ids[0], "--attribute", "disableApiTermination")).DisableApiTermination.Value).toBe(true);
    await expect(aws("ec2", "terminate-instances", "--instance-ids", ...ids)).rejects.toThrow(/OperationNotPermitted/);
    for (const id of ids) await aws("ec2", "modify-instance-attribute", "--instance-id", id, "--no-disable-api-termination");
    await aws("ec2", "terminate-instances", "--instance-ids", ...ids);

    const ppk = await aws("ec2", "create-key-pair", "--key-name", tag, "--key-format", "ppk", "--key-type", "ed25519");
    expect(ppk.KeyMaterial).toMatch(/^PuTTY-User-Key-File-2: ssh-ed25519\n/);
    expect((await aws("ec2", "describe-key-pairs", "--key-names", tag)).KeyPairs[0]).toMatchObject({ KeyType: "ed25519", KeyFingerprint: ppk.KeyFingerprint });
    await aws("ec2", "delete-key-pair", "--key-name", tag);
    for (let i = 0; i < 60; i++) {
      const live = await aws("ec2", "describe-instances", "--instance-ids", ...ids, "--filters", "Name=instance-state-name,Values=pending,running,shutting-down");
      if (!live.Reservations.length) break;
      await new Promise((res) => setTimeout(res, 500));
    }
    await aws("ec2", "delete-security-group", "--group-id", sg.GroupId);
  });
});
