// The AWS SDK for JavaScript v3 against the running server: EC2 and Cost
// Explorer, and a launch through the API showing in the console (and back).
import { test, expect } from "@playwright/test";
import {
  EC2Client, RunInstancesCommand, DescribeInstancesCommand, TerminateInstancesCommand, CreateSecurityGroupCommand, AuthorizeSecurityGroupIngressCommand,
  DescribeSecurityGroupsCommand, ImportKeyPairCommand, DescribeKeyPairsCommand, DeleteKeyPairCommand, CreateKeyPairCommand, AllocateAddressCommand, AssociateAddressCommand,
  DescribeAddressesCommand, DisassociateAddressCommand, ReleaseAddressCommand, CreateTagsCommand, DescribeTagsCommand, DeleteTagsCommand, GetConsoleOutputCommand,
  DescribeInstanceAttributeCommand, DescribeImagesCommand, DescribeInstanceTypesCommand, DescribeAvailabilityZonesCommand, RebootInstancesCommand, StopInstancesCommand,
  StartInstancesCommand, RevokeSecurityGroupIngressCommand, DeleteSecurityGroupCommand, RegisterImageCommand, DeregisterImageCommand, waitUntilInstanceRunning,
} from "@aws-sdk/client-ec2";
import { CostExplorerClient, GetCostAndUsageCommand, GetCostForecastCommand } from "@aws-sdk/client-cost-explorer";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { signIn, launch, row } from "./helpers";

const PORT = Number(process.env.E2E_PORT ?? 3100);
const endpoint = `http://127.0.0.1:${PORT}/api/aws`;
const credentials = { accessKeyId: "AKIASTRATUSE2ETEST01", secretAccessKey: "e2eSecretKeyForTheBootstrapAdmin/0123456" };
const ec2 = new EC2Client({ region: "us-east-1", endpoint, credentials, maxAttempts: 1 });
const ce = new CostExplorerClient({ region: "us-east-1", endpoint, credentials, maxAttempts: 1 });

test("the EC2 lifecycle through the SDK", async () => {
  const r = await ec2.send(new RunInstancesCommand({ ImageId: "ami-a6c13bcf", InstanceType: "m1.large", MinCount: 2, MaxCount: 2, ClientToken: `sdk-${Date.now()}`, UserData: Buffer.from("#!/bin/sh\necho sdk\n").toString("base64"), TagSpecifications: [{ ResourceType: "instance", Tags: [{ Key: "Name", Value: "sdk-box" }] }] }));
  expect(r.ReservationId).toMatch(/^r-/);
  expect(r.Instances?.map((i) => [i.AmiLaunchIndex, i.State?.Name, i.State?.Code])).toEqual([[0, "pending", 0], [1, "pending", 0]]);
  const ids = r.Instances!.map((i) => i.InstanceId!);
  await waitUntilInstanceRunning({ client: ec2, maxWaitTime: 60, minDelay: 1, maxDelay: 2 }, { InstanceIds: ids });
  const d = await ec2.send(new DescribeInstancesCommand({ Filters: [{ Name: "tag:Name", Values: ["sdk-box"] }, { Name: "instance-state-name", Values: ["running"] }] }));
  const inst = d.Reservations!.flatMap((x) => x.Instances!);
  expect(inst.map((i) => i.InstanceId).sort()).toEqual([...ids].sort());
  expect(inst[0].PublicIpAddress).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
  expect(inst[0].PrivateIpAddress).toMatch(/^172\.31\./);
  expect(inst[0].SecurityGroups?.[0]?.GroupName).toBe("default");
  expect(inst[0].LaunchTime).toBeInstanceOf(Date);

  const attr = await ec2.send(new DescribeInstanceAttributeCommand({ InstanceId: ids[0], Attribute: "userData" }));
  expect(Buffer.from(attr.UserData!.Value!, "base64").toString()).toBe("#!/bin/sh\necho sdk\n");
  expect((await ec2.send(new DescribeInstanceAttributeCommand({ InstanceId: ids[0], Attribute: "instanceType" }))).InstanceType?.Value).toBe("m1.large");

  await ec2.send(new RebootInstancesCommand({ InstanceIds: [ids[0]] }));
  const stop = await ec2.send(new StopInstancesCommand({ InstanceIds: [ids[0]] }));
  expect(stop.StoppingInstances?.[0]).toMatchObject({ PreviousState: { Name: "running" }, CurrentState: { Name: "stopping" } });
  for (let i = 0; i < 40; i++) {
    const s = await ec2.send(new DescribeInstancesCommand({ InstanceIds: [ids[0]] }));
    if (s.Reservations?.[0].Instances?.[0].State?.Name === "stopped") break;
    await new Promise((res) => setTimeout(res, 500));
  }
  const start = await ec2.send(new StartInstancesCommand({ InstanceIds: [ids[0]] }));
  expect(start.StartingInstances?.[0]).toMatchObject({ PreviousState: { Name: "stopped" }, CurrentState: { Name: "pending" } });

  // the console names the instance
  let output = "";
  for (let i = 0; i < 40 && !output.includes(ids[1]); i++) {
    const c = await ec2.send(new GetConsoleOutputCommand({ InstanceId: ids[1] }));
    output = Buffer.from(c.Output ?? "", "base64").toString();
    await new Promise((res) => setTimeout(res, 500));
  }
  expect(output).toContain(`ec2: Instance metadata: ${ids[1]}`);

  const t = await ec2.send(new TerminateInstancesCommand({ InstanceIds: ids }));
  expect(t.TerminatingInstances?.every((x) => x.CurrentState?.Name === "shutting-down" || x.CurrentState?.Name === "pending")).toBe(true);
  await expect(ec2.send(new DescribeInstancesCommand({ InstanceIds: ["i-0123456789abcdef0"] }))).rejects.toMatchObject({ name: "InvalidInstanceID.NotFound" });
  await expect(ec2.send(new TerminateInstancesCommand({ InstanceIds: ["i-nope"] }))).rejects.toMatchObject({ name: "InvalidInstanceID.Malformed" });
});

test("groups, keys, addresses, tags and the catalog through the SDK", async () => {
  const name = `sdk-${Date.now()}`;
  const g = await ec2.send(new CreateSecurityGroupCommand({ GroupName: name, Description: "sdk group" }));
  await ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: g.GroupId, IpPermissions: [{ IpProtocol: "tcp", FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: "0.0.0.0/0" }] }, { IpProtocol: "-1", UserIdGroupPairs: [{ GroupId: g.GroupId }] }] }));
  await expect(ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: g.GroupId, IpPermissions: [{ IpProtocol: "tcp", FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: "0.0.0.0/0" }] }] }))).rejects.toMatchObject({ name: "InvalidPermission.Duplicate" });
  const sg = (await ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [g.GroupId!] }))).SecurityGroups![0];
  expect(sg.IpPermissions?.map((p) => [p.IpProtocol, p.FromPort ?? null, p.IpRanges?.[0]?.CidrIp ?? p.UserIdGroupPairs?.[0]?.GroupId])).toEqual(expect.arrayContaining([["tcp", 22, "0.0.0.0/0"], ["-1", null, g.GroupId]]));
  await ec2.send(new RevokeSecurityGroupIngressCommand({ GroupId: g.GroupId, IpPermissions: [{ IpProtocol: "tcp", FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: "0.0.0.0/0" }] }] }));
  await expect(ec2.send(new RevokeSecurityGroupIngressCommand({ GroupId: g.GroupId, IpPermissions: [{ IpProtocol: "tcp", FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: "0.0.0.0/0" }] }] }))).rejects.toMatchObject({ name: "InvalidPermission.NotFound" });
  await ec2.send(new DeleteSecurityGroupCommand({ GroupId: g.GroupId }));

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sdk-key-"));
  execFileSync("ssh-keygen", ["-q", "-t", "rsa", "-b", "2048", "-N", "", "-f", path.join(dir, "k")]);
  const md5 = execFileSync("ssh-keygen", ["-l", "-E", "md5", "-f", path.join(dir, "k.pub")]).toString().split(" ")[1].replace("MD5:", "");
  const imported = await ec2.send(new ImportKeyPairCommand({ KeyName: name, PublicKeyMaterial: fs.readFileSync(path.join(dir, "k.pub")) }));
  expect(imported.KeyFingerprint).toBe(md5);
  const created = await ec2.send(new CreateKeyPairCommand({ KeyName: `${name}-made`, KeyType: "ed25519" }));
  expect(created.KeyMaterial).toContain("BEGIN OPENSSH PRIVATE KEY");
  const keys = await ec2.send(new DescribeKeyPairsCommand({ KeyNames: [name, `${name}-made`] }));
  expect(keys.KeyPairs?.map((k) => k.KeyName).sort()).toEqual([name, `${name}-made`].sort());
  await ec2.send(new DeleteKeyPairCommand({ KeyName: `${name}-made` }));
  await expect(ec2.send(new DescribeKeyPairsCommand({ KeyNames: [`${name}-made`] }))).rejects.toMatchObject({ name: "InvalidKeyPair.NotFound" });

  const r = await ec2.send(new RunInstancesCommand({ ImageId: "ami-1c5db975", MinCount: 1, MaxCount: 1, KeyName: name }));
  const id = r.Instances![0].InstanceId!;
  await waitUntilInstanceRunning({ client: ec2, maxWaitTime: 60, minDelay: 1, maxDelay: 2 }, { InstanceIds: [id] });
  const eip = await ec2.send(new AllocateAddressCommand({ Domain: "standard" }));
  const assoc = await ec2.send(new AssociateAddressCommand({ AllocationId: eip.AllocationId, InstanceId: id }));
  expect(assoc.AssociationId).toMatch(/^eipassoc-/);
  const described = await ec2.send(new DescribeInstancesCommand({ InstanceIds: [id] }));
  expect(described.Reservations![0].Instances![0].PublicIpAddress).toBe(eip.PublicIp);
  expect((await ec2.send(new DescribeAddressesCommand({ AllocationIds: [eip.AllocationId!] }))).Addresses?.[0]).toMatchObject({ InstanceId: id, PublicIp: eip.PublicIp });
  await expect(ec2.send(new ReleaseAddressCommand({ AllocationId: eip.AllocationId }))).rejects.toMatchObject({ name: "InvalidIPAddress.InUse" });
  await ec2.send(new DisassociateAddressCommand({ AssociationId: assoc.AssociationId }));
  await ec2.send(new ReleaseAddressCommand({ AllocationId: eip.AllocationId }));

  await ec2.send(new CreateTagsCommand({ Resources: [id], Tags: [{ Key: "team", Value: "sdk" }] }));
  const tags = await ec2.send(new DescribeTagsCommand({ Filters: [{ Name: "resource-id", Values: [id] }] }));
  expect(tags.Tags).toEqual([{ ResourceId: id, ResourceType: "instance", Key: "team", Value: "sdk" }]);
  await ec2.send(new DeleteTagsCommand({ Resources: [id], Tags: [{ Key: "team" }] }));
  await ec2.send(new TerminateInstancesCommand({ InstanceIds: [id] }));

  const images = await ec2.send(new DescribeImagesCommand({ ImageIds: ["ami-f937d290"] }));
  expect(images.Images?.[0]).toMatchObject({ ImageId: "ami-f937d290", Architecture: "i386", RootDeviceType: "instance-store", Public: true });
  const mine = await ec2.send(new RegisterImageCommand({ Name: name, Architecture: "x86_64", Description: "sdk image" }));
  await ec2.send(new DeregisterImageCommand({ ImageId: mine.ImageId }));
  const types = await ec2.send(new DescribeInstanceTypesCommand({ InstanceTypes: ["m1.small"] }));
  expect(types.InstanceTypes?.[0]).toMatchObject({ InstanceType: "m1.small", MemoryInfo: { SizeInMiB: 1740 }, VCpuInfo: { DefaultVCpus: 1 }, ProcessorInfo: { SupportedArchitectures: ["i386"] } });
  expect((await ec2.send(new DescribeAvailabilityZonesCommand({}))).AvailabilityZones?.map((z) => z.ZoneName)).toEqual(["us-east-1a", "us-east-1b", "us-east-1c"]);
});

test("a launch through the API shows in the console at once, and one from the console in the API", async ({ page }) => {
  await signIn(page);
  const r = await ec2.send(new RunInstancesCommand({ ImageId: "ami-f937d290", MinCount: 1, MaxCount: 1, TagSpecifications: [{ ResourceType: "instance", Tags: [{ Key: "Name", Value: "from-the-api" }] }] }));
  await page.goto("/instances");
  await expect(row(page, r.Instances![0].InstanceId!)).toContainText("from-the-api");
  const [id] = await launch(page, { name: "from-the-console" });
  const d = await ec2.send(new DescribeInstancesCommand({ InstanceIds: [id] }));
  expect(d.Reservations![0].Instances![0].Tags).toEqual([{ Key: "Name", Value: "from-the-console" }]);
});

test("Cost Explorer agrees with /api/costs", async ({ page }) => {
  await signIn(page);
  // The simulated clock runs fast here: periods follow it, not the wall clock.
  const sim = Date.parse((await (await page.request.get("/api/health")).json()).simTime);
  const today = new Date(sim).toISOString().slice(0, 10);
  const month = today.slice(0, 8) + "01";
  const tomorrow = new Date(sim + 86_400_000).toISOString().slice(0, 10);
  const api = await (await page.request.get(`/api/costs?from=${month}&to=${tomorrow}&groupBy=type`)).json();
  const out = await ce.send(new GetCostAndUsageCommand({ TimePeriod: { Start: month, End: tomorrow }, Granularity: "MONTHLY", Metrics: ["UnblendedCost", "UsageQuantity"], GroupBy: [{ Type: "DIMENSION", Key: "INSTANCE_TYPE" }] }));
  const byType = Object.fromEntries(out.ResultsByTime!.flatMap((r) => r.Groups!).map((g) => [g.Keys![0], g.Metrics!.UnblendedCost.Amount]));
  for (const g of api.groups.filter((x: { key: string }) => x.key !== "(Elastic IPs)")) expect(byType[g.key]).toBe(g.total);
  const total = await ce.send(new GetCostAndUsageCommand({ TimePeriod: { Start: month, End: tomorrow }, Granularity: "DAILY", Metrics: ["UnblendedCost"] }));
  const sum = total.ResultsByTime!.reduce((s, r) => s + Math.round(Number(r.Total!.UnblendedCost.Amount) * 1e6), 0);
  expect(sum).toBe(Math.round(Number(api.totals.total) * 1e6));
  const forecast = await ce.send(new GetCostForecastCommand({ TimePeriod: { Start: tomorrow, End: new Date(sim + 8 * 86_400_000).toISOString().slice(0, 10) }, Metric: "UNBLENDED_COST", Granularity: "DAILY" }));
  expect(forecast.Total?.Unit).toBe("USD");
  await expect(ce.send(new GetCostAndUsageCommand({ TimePeriod: { Start: tomorrow, End: month }, Granularity: "DAILY", Metrics: ["UnblendedCost"] }))).rejects.toMatchObject({ name: "ValidationException" });
});
