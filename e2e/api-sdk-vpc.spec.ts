// The EC2 of today through the AWS SDK for JavaScript v3, unmodified: the
// default VPC and its subnets, network interfaces, egress rules and rule ids,
// instance attributes and status, volumes, metadata options, filters with
// wildcards and tags, tags at creation, key pairs and Elastic IPs as EC2
// computes and behaves, and each defect that real clients hit, as a test.
import { test, expect } from "@playwright/test";
import {
  EC2Client, RunInstancesCommand, DescribeInstancesCommand, TerminateInstancesCommand, StopInstancesCommand, DescribeVpcsCommand, DescribeSubnetsCommand,
  DescribeAccountAttributesCommand, DescribeNetworkInterfacesCommand, ModifyNetworkInterfaceAttributeCommand, CreateSecurityGroupCommand, DescribeSecurityGroupsCommand,
  AuthorizeSecurityGroupEgressCommand, RevokeSecurityGroupEgressCommand, DescribeSecurityGroupRulesCommand, RevokeSecurityGroupIngressCommand, AuthorizeSecurityGroupIngressCommand,
  DeleteSecurityGroupCommand, DescribeInstanceAttributeCommand, ModifyInstanceAttributeCommand, ModifyInstanceMetadataOptionsCommand, DescribeInstanceStatusCommand,
  DescribeVolumesCommand, DescribeInstanceCreditSpecificationsCommand, DescribeInstanceTypeOfferingsCommand, DescribeInstanceTypesCommand, DescribeTagsCommand, CreateTagsCommand,
  DescribeImagesCommand, RegisterImageCommand, DeregisterImageCommand, ImportKeyPairCommand, CreateKeyPairCommand, DescribeKeyPairsCommand, DeleteKeyPairCommand,
  AllocateAddressCommand, AssociateAddressCommand, DisassociateAddressCommand, ReleaseAddressCommand, DescribeAddressesCommand, DescribeAddressesAttributeCommand,
  DescribeVpcAttributeCommand, waitUntilInstanceRunning, waitUntilInstanceStopped, type Instance,
} from "@aws-sdk/client-ec2";
import { CostExplorerClient, GetCostAndUsageCommand } from "@aws-sdk/client-cost-explorer";
import crypto from "node:crypto";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const PORT = Number(process.env.E2E_PORT ?? 3100);
const endpoint = `http://127.0.0.1:${PORT}/api/aws`;
const credentials = { accessKeyId: "AKIASTRATUSE2ETEST01", secretAccessKey: "e2eSecretKeyForTheBootstrapAdmin/0123456" };
const ec2 = new EC2Client({ region: "us-east-1", endpoint, credentials, maxAttempts: 1 });
const ce = new CostExplorerClient({ region: "us-east-1", endpoint, credentials, maxAttempts: 1 });
const uniq = () => `v${Date.now().toString(36)}${crypto.randomBytes(2).toString("hex")}`;
const wait = { client: ec2, maxWaitTime: 60, minDelay: 1, maxDelay: 2 };

async function one(id: string): Promise<Instance> {
  const d = await ec2.send(new DescribeInstancesCommand({ InstanceIds: [id] }));
  return d.Reservations![0].Instances![0];
}

function keygen(args: string[]) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sdk-vpc-key-"));
  execFileSync("ssh-keygen", ["-q", "-N", "", "-C", "me@laptop", "-f", path.join(dir, "k"), ...args]);
  const fp = (hash: string) => execFileSync("ssh-keygen", ["-l", "-E", hash, "-f", path.join(dir, "k.pub")]).toString().split(" ")[1];
  const out = { pub: fs.readFileSync(path.join(dir, "k.pub"), "utf8"), md5: fp("md5").replace(/^MD5:/, ""), sha256: fp("sha256").replace(/^SHA256:/, "") };
  fs.rmSync(dir, { recursive: true });
  return out;
}

test("the default VPC: subnets per zone, account attributes, launches into a subnet with its groups, interfaces", async () => {
  const vpcs = (await ec2.send(new DescribeVpcsCommand({}))).Vpcs!;
  expect(vpcs).toHaveLength(1);
  expect(vpcs[0]).toMatchObject({ CidrBlock: "172.31.0.0/16", IsDefault: true, State: "available" });
  const vpcId = vpcs[0].VpcId!;
  expect((await ec2.send(new DescribeVpcAttributeCommand({ VpcId: vpcId, Attribute: "enableDnsHostnames" }))).EnableDnsHostnames?.Value).toBe(true);
  const subnets = (await ec2.send(new DescribeSubnetsCommand({ Filters: [{ Name: "vpc-id", Values: [vpcId] }, { Name: "default-for-az", Values: ["true"] }] }))).Subnets!;
  expect(subnets.map((s) => [s.AvailabilityZone, s.CidrBlock, s.DefaultForAz, s.MapPublicIpOnLaunch]).sort()).toEqual([
    ["us-east-1a", "172.31.0.0/20", true, true], ["us-east-1b", "172.31.16.0/20", true, true], ["us-east-1c", "172.31.32.0/20", true, true],
  ]);
  const attrs = (await ec2.send(new DescribeAccountAttributesCommand({}))).AccountAttributes!;
  const attr = (n: string) => attrs.find((a) => a.AttributeName === n)?.AttributeValues?.map((v) => v.AttributeValue);
  expect(attr("supported-platforms")).toEqual(["VPC"]);
  expect(attr("default-vpc")).toEqual([vpcId]);

  const name = uniq();
  const sg = await ec2.send(new CreateSecurityGroupCommand({ GroupName: name, Description: "vpc test", VpcId: vpcId }));
  const b = subnets.find((s) => s.AvailabilityZone === "us-east-1b")!;
  const r = await ec2.send(new RunInstancesCommand({ ImageId: "ami-f937d290", MinCount: 2, MaxCount: 2, SubnetId: b.SubnetId, SecurityGroupIds: [sg.GroupId!] }));
  for (const i of r.Instances!) {
    expect(i).toMatchObject({ SubnetId: b.SubnetId, VpcId: vpcId, Placement: { AvailabilityZone: "us-east-1b" } });
    expect(i.PrivateIpAddress).toMatch(/^172\.31\.(1[6-9]|2[0-9]|3[01])\./);
    expect(i.SecurityGroups).toEqual([{ GroupId: sg.GroupId, GroupName: name }]);
    expect(i.NetworkInterfaces?.[0]).toMatchObject({ SubnetId: b.SubnetId, VpcId: vpcId, PrivateIpAddress: i.PrivateIpAddress, Status: "in-use", Attachment: { DeviceIndex: 0 } });
    expect(i.NetworkInterfaces![0].NetworkInterfaceId).toMatch(/^eni-[0-9a-f]{17}$/);
  }
  const ids = r.Instances!.map((i) => i.InstanceId!);
  const enis = (await ec2.send(new DescribeNetworkInterfacesCommand({ Filters: [{ Name: "attachment.instance-id", Values: ids }] }))).NetworkInterfaces!;
  expect(enis.map((e) => e.Attachment?.InstanceId).sort()).toEqual([...ids].sort());
  expect(enis[0].Groups).toEqual([{ GroupId: sg.GroupId, GroupName: name }]);
  // Groups report their VPC.
  expect((await ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [sg.GroupId!] }))).SecurityGroups![0].VpcId).toBe(vpcId);
  // An interface's groups change through ModifyNetworkInterfaceAttribute too.
  await ec2.send(new ModifyNetworkInterfaceAttributeCommand({ NetworkInterfaceId: enis[0].NetworkInterfaceId, Groups: [sg.GroupId!, (await ec2.send(new DescribeSecurityGroupsCommand({ GroupNames: ["default"] }))).SecurityGroups![0].GroupId!] }));
  expect((await one(enis[0].Attachment!.InstanceId!)).SecurityGroups?.map((g) => g.GroupName).sort()).toEqual(["default", name].sort());
  await ec2.send(new TerminateInstancesCommand({ InstanceIds: ids }));
  // A subnet of no VPC here, or a zone that isn't the subnet's, is refused by name.
  await expect(ec2.send(new RunInstancesCommand({ ImageId: "ami-f937d290", MinCount: 1, MaxCount: 1, SubnetId: "subnet-0123456789abcdef0" }))).rejects.toMatchObject({ name: "InvalidSubnetID.NotFound" });
  await expect(ec2.send(new RunInstancesCommand({ ImageId: "ami-f937d290", MinCount: 1, MaxCount: 1, SubnetId: b.SubnetId, Placement: { AvailabilityZone: "us-east-1a" } }))).rejects.toMatchObject({ name: "InvalidParameterCombination" });
});

test("parameters as AWS treats them: empty means absent, errors name the EC2 parameter", async () => {
  // Terraform sends Placement.AvailabilityZone= when no zone is set.
  const r = await ec2.send(new RunInstancesCommand({ ImageId: "ami-f937d290", MinCount: 1, MaxCount: 1, Placement: { AvailabilityZone: "" }, KeyName: "", UserData: "" }));
  expect(r.Instances![0].Placement?.AvailabilityZone).toMatch(/^us-east-1[abc]$/);
  const err = await ec2.send(new RunInstancesCommand({ ImageId: "ami-f937d290", MinCount: 1, MaxCount: 1, Placement: { AvailabilityZone: "us-east-1z" } })).catch((e) => e);
  expect(err.name).toBe("InvalidParameterValue");
  expect(err.message).toContain("Placement.AvailabilityZone");
  expect(err.message).not.toMatch(/Too small|expected string|>=/);
  const tooLong = await ec2.send(new RunInstancesCommand({ ImageId: "ami-f937d290", MinCount: 1, MaxCount: 1, ClientToken: "x".repeat(65) })).catch((e) => e);
  expect(tooLong.message).toContain("ClientToken");
  const badMeta = await ec2.send(new RunInstancesCommand({ ImageId: "ami-f937d290", MinCount: 1, MaxCount: 1, MetadataOptions: { HttpPutResponseHopLimit: 99 } })).catch((e) => e);
  expect(badMeta.message).toContain("MetadataOptions.HttpPutResponseHopLimit");
  const group = await ec2.send(new CreateSecurityGroupCommand({ GroupName: "", Description: "x" })).catch((e) => e);
  expect([group.name, group.message]).toEqual(["MissingParameter", expect.stringContaining("GroupName")]);
  await ec2.send(new TerminateInstancesCommand({ InstanceIds: [r.Instances![0].InstanceId!] }));
});

test("egress rules: the default allows everything out; authorize, list with ids, revoke by rule or id", async () => {
  const name = uniq();
  const g = await ec2.send(new CreateSecurityGroupCommand({ GroupName: name, Description: "egress", TagSpecifications: [{ ResourceType: "security-group", Tags: [{ Key: "tier", Value: "web" }] }] }));
  let sg = (await ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [g.GroupId!] }))).SecurityGroups![0];
  expect(sg.IpPermissionsEgress).toEqual([{ IpProtocol: "-1", IpRanges: [{ CidrIp: "0.0.0.0/0" }], Ipv6Ranges: [], PrefixListIds: [], UserIdGroupPairs: [] }]);
  expect(sg.Tags).toEqual([{ Key: "tier", Value: "web" }]);
  await ec2.send(new RevokeSecurityGroupEgressCommand({ GroupId: g.GroupId, IpPermissions: [{ IpProtocol: "-1", FromPort: 0, ToPort: 0, IpRanges: [{ CidrIp: "0.0.0.0/0" }] }] }));
  await expect(ec2.send(new RevokeSecurityGroupEgressCommand({ GroupId: g.GroupId, IpPermissions: [{ IpProtocol: "-1", IpRanges: [{ CidrIp: "0.0.0.0/0" }] }] }))).rejects.toMatchObject({ name: "InvalidPermission.NotFound" });
  const added = await ec2.send(new AuthorizeSecurityGroupEgressCommand({ GroupId: g.GroupId, IpPermissions: [{ IpProtocol: "tcp", FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: "10.0.0.0/8", Description: "api" }] }, { IpProtocol: "udp", FromPort: 53, ToPort: 53, UserIdGroupPairs: [{ GroupId: g.GroupId }] }] }));
  expect(added.SecurityGroupRules?.map((r) => [r.IsEgress, r.IpProtocol, r.FromPort, r.CidrIpv4 ?? r.ReferencedGroupInfo?.GroupId])).toEqual([[true, "tcp", 443, "10.0.0.0/8"], [true, "udp", 53, g.GroupId]]);
  await expect(ec2.send(new AuthorizeSecurityGroupEgressCommand({ GroupId: g.GroupId, IpPermissions: [{ IpProtocol: "tcp", FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: "10.0.0.0/8" }] }] }))).rejects.toMatchObject({ name: "InvalidPermission.Duplicate" });
  await ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: g.GroupId, IpPermissions: [{ IpProtocol: "tcp", FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: "0.0.0.0/0" }] }] }));
  const rules = (await ec2.send(new DescribeSecurityGroupRulesCommand({ Filters: [{ Name: "group-id", Values: [g.GroupId!] }] }))).SecurityGroupRules!;
  expect(rules.map((r) => [r.IsEgress, r.IpProtocol, r.FromPort, r.ToPort]).sort()).toEqual([[false, "tcp", 22, 22], [true, "tcp", 443, 443], [true, "udp", 53, 53]].sort());
  expect(rules.every((r) => /^sgr-[0-9a-f]{17}$/.test(r.SecurityGroupRuleId!))).toBe(true);
  sg = (await ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [g.GroupId!] }))).SecurityGroups![0];
  expect(sg.IpPermissionsEgress?.find((p) => p.IpProtocol === "tcp")).toMatchObject({ FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: "10.0.0.0/8", Description: "api" }] });
  // Revoke by id, inbound and outbound.
  const out443 = rules.find((r) => r.IsEgress && r.FromPort === 443)!;
  const in22 = rules.find((r) => !r.IsEgress)!;
  await ec2.send(new RevokeSecurityGroupEgressCommand({ GroupId: g.GroupId, SecurityGroupRuleIds: [out443.SecurityGroupRuleId!] }));
  await ec2.send(new RevokeSecurityGroupIngressCommand({ GroupId: g.GroupId, SecurityGroupRuleIds: [in22.SecurityGroupRuleId!] }));
  await expect(ec2.send(new RevokeSecurityGroupEgressCommand({ GroupId: g.GroupId, SecurityGroupRuleIds: [in22.SecurityGroupRuleId!] }))).rejects.toMatchObject({ name: "InvalidSecurityGroupRuleId.NotFound" });
  const left = (await ec2.send(new DescribeSecurityGroupRulesCommand({ Filters: [{ Name: "group-id", Values: [g.GroupId!] }] }))).SecurityGroupRules!;
  expect(left.map((r) => [r.IsEgress, r.IpProtocol])).toEqual([[true, "udp"]]);
  // Filters reach the egress rules too.
  const found = (await ec2.send(new DescribeSecurityGroupsCommand({ Filters: [{ Name: "egress.ip-permission.protocol", Values: ["udp"] }, { Name: "group-name", Values: [`${name.slice(0, 4)}*`] }, { Name: "tag:tier", Values: ["w?b"] }] }))).SecurityGroups!;
  expect(found.map((x) => x.GroupId)).toEqual([g.GroupId]);
  await ec2.send(new DeleteSecurityGroupCommand({ GroupId: g.GroupId }));
});

test("instance attributes: every one readable; protection, shutdown behaviour, type, groups, block devices writable as EC2 allows", async () => {
  const store = (await ec2.send(new RunInstancesCommand({ ImageId: "ami-f937d290", MinCount: 1, MaxCount: 1, DisableApiTermination: true, UserData: Buffer.from("#!/bin/sh\necho attr\n").toString("base64") }))).Instances![0].InstanceId!;
  const ebs = (await ec2.send(new RunInstancesCommand({ ImageId: "ami-a6c13bcf", InstanceType: "m1.large", MinCount: 1, MaxCount: 1, DisableApiStop: true, InstanceInitiatedShutdownBehavior: "terminate", BlockDeviceMappings: [{ DeviceName: "/dev/sda1", Ebs: { VolumeSize: 20, DeleteOnTermination: false } }] }))).Instances![0].InstanceId!;
  await waitUntilInstanceRunning(wait, { InstanceIds: [store, ebs] });
  const attr = async (id: string, Attribute: string) => ec2.send(new DescribeInstanceAttributeCommand({ InstanceId: id, Attribute: Attribute as "userData" }));
  expect((await attr(store, "disableApiTermination")).DisableApiTermination?.Value).toBe(true);
  expect((await attr(store, "disableApiStop")).DisableApiStop?.Value).toBe(false);
  expect((await attr(store, "instanceInitiatedShutdownBehavior")).InstanceInitiatedShutdownBehavior?.Value).toBe("terminate");
  expect((await attr(ebs, "disableApiStop")).DisableApiStop?.Value).toBe(true);
  expect(Buffer.from((await attr(store, "userData")).UserData!.Value!, "base64").toString()).toBe("#!/bin/sh\necho attr\n");
  expect((await attr(store, "rootDeviceName")).RootDeviceName?.Value).toBe("/dev/sda1");
  expect((await attr(store, "sourceDestCheck")).SourceDestCheck?.Value).toBe(true);
  expect((await attr(store, "ebsOptimized")).EbsOptimized?.Value).toBe(false);
  expect((await attr(store, "enaSupport")).EnaSupport?.Value).toBe(false);
  expect((await attr(store, "productCodes")).ProductCodes).toEqual([]);
  expect((await attr(store, "groupSet")).Groups?.map((g) => g.GroupName)).toEqual(["default"]);
  expect((await attr(store, "blockDeviceMapping")).BlockDeviceMappings).toEqual([]);
  const ebsMap = (await attr(ebs, "blockDeviceMapping")).BlockDeviceMappings!;
  expect(ebsMap).toEqual([{ DeviceName: "/dev/sda1", Ebs: expect.objectContaining({ VolumeId: expect.stringMatching(/^vol-/), Status: "attached", DeleteOnTermination: false }) }]);
  for (const a of ["kernel", "ramdisk", "sriovNetSupport", "instanceType"]) expect((await attr(store, a)).InstanceId).toBe(store);
  await expect(attr(store, "colour")).rejects.toMatchObject({ name: "InvalidParameterValue" });

  // Termination protection refuses TerminateInstances; stop protection refuses StopInstances.
  await expect(ec2.send(new TerminateInstancesCommand({ InstanceIds: [store] }))).rejects.toMatchObject({ name: "OperationNotPermitted", message: expect.stringContaining("disableApiTermination") });
  await expect(ec2.send(new StopInstancesCommand({ InstanceIds: [ebs] }))).rejects.toMatchObject({ name: "OperationNotPermitted", message: expect.stringContaining("disableApiStop") });
  // "stop" is for EBS roots only, as EC2 says.
  await expect(ec2.send(new ModifyInstanceAttributeCommand({ InstanceId: store, InstanceInitiatedShutdownBehavior: { Value: "stop" } }))).rejects.toMatchObject({ name: "InvalidParameterCombination", message: expect.stringContaining("elastic images") });
  await expect(ec2.send(new RunInstancesCommand({ ImageId: "ami-f937d290", MinCount: 1, MaxCount: 1, InstanceInitiatedShutdownBehavior: "stop" }))).rejects.toMatchObject({ name: "InvalidParameterCombination" });
  await ec2.send(new ModifyInstanceAttributeCommand({ InstanceId: ebs, InstanceInitiatedShutdownBehavior: { Value: "stop" } }));
  expect((await attr(ebs, "instanceInitiatedShutdownBehavior")).InstanceInitiatedShutdownBehavior?.Value).toBe("stop");
  // The type changes only while stopped; one attribute per call.
  await expect(ec2.send(new ModifyInstanceAttributeCommand({ InstanceId: ebs, InstanceType: { Value: "m1.xlarge" } }))).rejects.toMatchObject({ name: "IncorrectInstanceState" });
  await expect(ec2.send(new ModifyInstanceAttributeCommand({ InstanceId: ebs, SourceDestCheck: { Value: false }, DisableApiStop: { Value: false } }))).rejects.toMatchObject({ name: "InvalidParameterCombination" });
  await ec2.send(new ModifyInstanceAttributeCommand({ InstanceId: ebs, DisableApiStop: { Value: false } }));
  await ec2.send(new StopInstancesCommand({ InstanceIds: [ebs] }));
  await waitUntilInstanceStopped(wait, { InstanceIds: [ebs] });
  await ec2.send(new ModifyInstanceAttributeCommand({ InstanceId: ebs, InstanceType: { Value: "m1.xlarge" } }));
  await ec2.send(new ModifyInstanceAttributeCommand({ InstanceId: ebs, UserData: { Value: new TextEncoder().encode("#!/bin/sh\necho changed\n") } }));
  expect((await one(ebs)).InstanceType).toBe("m1.xlarge");
  expect(Buffer.from((await attr(ebs, "userData")).UserData!.Value!, "base64").toString()).toBe("#!/bin/sh\necho changed\n");
  await ec2.send(new ModifyInstanceAttributeCommand({ InstanceId: ebs, BlockDeviceMappings: [{ DeviceName: "/dev/sda1", Ebs: { DeleteOnTermination: true } }] }));
  expect((await attr(ebs, "blockDeviceMapping")).BlockDeviceMappings![0].Ebs?.DeleteOnTermination).toBe(true);
  await ec2.send(new ModifyInstanceAttributeCommand({ InstanceId: store, DisableApiTermination: { Value: false } }));
  await ec2.send(new TerminateInstancesCommand({ InstanceIds: [store, ebs] }));
});

test("status, volumes, credit specifications, type offerings, metadata options", async () => {
  const tag = uniq();
  const r = await ec2.send(new RunInstancesCommand({
    ImageId: "ami-a6c13bcf", InstanceType: "m1.large", MinCount: 1, MaxCount: 1,
    TagSpecifications: [{ ResourceType: "instance", Tags: [{ Key: "run", Value: tag }] }, { ResourceType: "volume", Tags: [{ Key: "run", Value: tag }] }, { ResourceType: "network-interface", Tags: [{ Key: "run", Value: tag }] }],
  }));
  const id = r.Instances![0].InstanceId!;
  const store = (await ec2.send(new RunInstancesCommand({ ImageId: "ami-f937d290", MinCount: 1, MaxCount: 1 }))).Instances![0].InstanceId!;
  await waitUntilInstanceRunning(wait, { InstanceIds: [id, store] });
  const st = (await ec2.send(new DescribeInstanceStatusCommand({ InstanceIds: [id] }))).InstanceStatuses!;
  expect(st).toHaveLength(1);
  expect(st[0]).toMatchObject({ InstanceId: id, InstanceState: { Name: "running", Code: 16 } });
  expect(["ok", "initializing"]).toContain(st[0].InstanceStatus?.Status);
  expect(st[0].SystemStatus?.Details?.[0]?.Name).toBe("reachability");
  // An EBS root is a volume; an instance-store root has none.
  const vols = (await ec2.send(new DescribeVolumesCommand({ Filters: [{ Name: "attachment.instance-id", Values: [id, store] }] }))).Volumes!;
  expect(vols.map((v) => [v.Attachments?.[0].InstanceId, v.Attachments?.[0].Device, v.Size, v.State, v.Tags])).toEqual([[id, "/dev/sda1", 8, "in-use", [{ Key: "run", Value: tag }]]]);
  expect((await one(id)).BlockDeviceMappings?.[0]?.Ebs?.VolumeId).toBe(vols[0].VolumeId);
  // Tags at creation on the interface too, and DescribeTags finds each kind by resource-type.
  const tags = (await ec2.send(new DescribeTagsCommand({ Filters: [{ Name: "value", Values: [tag] }] }))).Tags!;
  expect(tags.map((t) => t.ResourceType).sort()).toEqual(["instance", "network-interface", "volume"]);
  expect((await ec2.send(new DescribeTagsCommand({ Filters: [{ Name: "resource-type", Values: ["volume"] }, { Name: "value", Values: [tag] }] }))).Tags!.map((t) => t.ResourceId)).toEqual([vols[0].VolumeId]);
  // No type here is burstable: no credit specifications, and EC2's error for one named.
  expect((await ec2.send(new DescribeInstanceCreditSpecificationsCommand({}))).InstanceCreditSpecifications).toEqual([]);
  await expect(ec2.send(new DescribeInstanceCreditSpecificationsCommand({ InstanceIds: [id] }))).rejects.toMatchObject({ name: "InstanceCreditSpecification.NotSupported" });
  expect((await ec2.send(new DescribeInstanceTypesCommand({ InstanceTypes: ["m1.large"] }))).InstanceTypes![0].BurstablePerformanceSupported).toBe(false);
  const offers = (await ec2.send(new DescribeInstanceTypeOfferingsCommand({ LocationType: "availability-zone", Filters: [{ Name: "instance-type", Values: ["m1.*"] }, { Name: "location", Values: ["us-east-1a"] }] }))).InstanceTypeOfferings!;
  expect(offers.map((o) => o.InstanceType).sort()).toEqual(["m1.large", "m1.small", "m1.xlarge"]);
  expect((await ec2.send(new DescribeInstanceTypeOfferingsCommand({}))).InstanceTypeOfferings!.every((o) => o.LocationType === "region" && o.Location === "us-east-1")).toBe(true);

  // Metadata options: reported, changed, honoured by the metadata service.
  expect((await one(id)).MetadataOptions).toMatchObject({ HttpTokens: "optional", HttpEndpoint: "enabled", HttpPutResponseHopLimit: 1, InstanceMetadataTags: "disabled", State: "applied" });
  const basic = `Basic ${Buffer.from(`${credentials.accessKeyId}:${credentials.secretAccessKey}`).toString("base64")}`;
  const imds = (p: string) => fetch(`http://127.0.0.1:${PORT}/api/metadata/${id}/latest/meta-data/${p}`, { headers: { authorization: basic } });
  expect((await imds("instance-id")).status).toBe(200);
  const m = await ec2.send(new ModifyInstanceMetadataOptionsCommand({ InstanceId: id, HttpTokens: "required", InstanceMetadataTags: "enabled", HttpPutResponseHopLimit: 2 }));
  expect(m.InstanceMetadataOptions).toMatchObject({ HttpTokens: "required", InstanceMetadataTags: "enabled", HttpPutResponseHopLimit: 2 });
  expect((await one(id)).MetadataOptions).toMatchObject({ HttpTokens: "required", InstanceMetadataTags: "enabled", HttpPutResponseHopLimit: 2 });
  expect((await imds("instance-id")).status).toBe(401); // a token is required now
  await ec2.send(new ModifyInstanceMetadataOptionsCommand({ InstanceId: id, HttpTokens: "optional" }));
  expect(await (await imds("tags/instance/run")).text()).toBe(tag);
  await ec2.send(new ModifyInstanceMetadataOptionsCommand({ InstanceId: id, HttpEndpoint: "disabled" }));
  expect((await imds("instance-id")).status).toBe(403);
  await expect(ec2.send(new ModifyInstanceMetadataOptionsCommand({ InstanceId: id, HttpProtocolIpv6: "enabled" }))).rejects.toMatchObject({ name: "UnsupportedOperation" });
  await ec2.send(new TerminateInstancesCommand({ InstanceIds: [id, store] }));
});

test("filters: wildcards and escapes, tag filters on every kind, names without values refused, client tokens", async () => {
  const run = uniq();
  const token = `ct-${run}`;
  const r = await ec2.send(new RunInstancesCommand({ ImageId: "ami-f937d290", MinCount: 3, MaxCount: 3, ClientToken: token, TagSpecifications: [{ ResourceType: "instance", Tags: [{ Key: "Name", Value: `${run}-web*` }, { Key: "run", Value: run }] }] }));
  const ids = r.Instances!.map((i) => i.InstanceId!).sort();
  expect(r.Instances!.every((i) => i.ClientToken === token)).toBe(true);
  const find = async (Filters: { Name: string; Values: string[] }[]) => (await ec2.send(new DescribeInstancesCommand({ Filters }))).Reservations!.flatMap((x) => x.Instances!).map((i) => i.InstanceId!).sort();
  expect(await find([{ Name: "tag:Name", Values: [`${run}-*`] }])).toEqual(ids);
  expect(await find([{ Name: "tag:Name", Values: [`${run}-we?\\*`] }])).toEqual(ids);
  expect(await find([{ Name: "tag:Name", Values: [`${run}-we?\\?`] }])).toEqual([]);
  expect(await find([{ Name: "client-token", Values: [token] }])).toEqual(ids);
  expect(await find([{ Name: "tag-key", Values: ["ru?"] }, { Name: "tag-value", Values: [run] }])).toEqual(ids);
  expect(await find([{ Name: "instance-id", Values: [ids[0].slice(0, 6) + "*"] }, { Name: "tag:run", Values: [run] }])).toContain(ids[0]);
  expect(await find([{ Name: "instance-state-name", Values: ["pend*", "run*"] }, { Name: "tag:run", Values: [run] }])).toEqual(ids);
  expect(await find([{ Name: "private-ip-address", Values: ["172.31.*"] }, { Name: "tag:run", Values: [run] }])).toEqual(ids);
  expect((await ec2.send(new DescribeInstancesCommand({ InstanceIds: [ids[0]] }))).Reservations![0].Instances![0].ClientToken).toBe(token);
  await expect(ec2.send(new DescribeInstancesCommand({ Filters: [{ Name: "tag:run" }] }))).rejects.toMatchObject({ name: "InvalidParameterValue", message: expect.stringContaining("Filter.1.Value.1") });
  await expect(ec2.send(new DescribeInstancesCommand({ Filters: [{ Name: "colour", Values: ["red"] }] }))).rejects.toMatchObject({ name: "InvalidParameterValue" });
  // Paging after a filter SQL can't apply.
  const p1 = await ec2.send(new DescribeInstancesCommand({ Filters: [{ Name: "tag:Name", Values: [`${run}-*`] }], MaxResults: 5 }));
  expect(p1.Reservations!.flatMap((x) => x.Instances!)).toHaveLength(3);
  expect(p1.NextToken).toBeUndefined();

  // tag:, tag-key and tag-value on images, groups, key pairs, addresses, volumes too.
  const img = await ec2.send(new RegisterImageCommand({ Name: `img-${run}`, Architecture: "x86_64", TagSpecifications: [{ ResourceType: "image", Tags: [{ Key: "run", Value: run }] }] }));
  const sg = await ec2.send(new CreateSecurityGroupCommand({ GroupName: `sg-${run}`, Description: "f", TagSpecifications: [{ ResourceType: "security-group", Tags: [{ Key: "run", Value: run }] }] }));
  const key = await ec2.send(new CreateKeyPairCommand({ KeyName: `key-${run}`, KeyType: "ed25519", TagSpecifications: [{ ResourceType: "key-pair", Tags: [{ Key: "run", Value: run }] }] }));
  const eip = await ec2.send(new AllocateAddressCommand({ Domain: "vpc", TagSpecifications: [{ ResourceType: "elastic-ip", Tags: [{ Key: "run", Value: run }] }] }));
  const byTag = [{ Name: "tag:run", Values: [run] }];
  expect((await ec2.send(new DescribeImagesCommand({ Filters: byTag }))).Images!.map((x) => [x.ImageId, x.Tags])).toEqual([[img.ImageId, [{ Key: "run", Value: run }]]]);
  expect((await ec2.send(new DescribeImagesCommand({ Filters: [{ Name: "name", Values: ["Fedora 8 (*)"] }] }))).Images!.map((x) => x.ImageId).sort()).toEqual(["ami-f51aff9c", "ami-f937d290"]);
  expect((await ec2.send(new DescribeSecurityGroupsCommand({ Filters: [{ Name: "tag-key", Values: ["run"] }, { Name: "tag-value", Values: [run] }] }))).SecurityGroups!.map((x) => x.GroupId)).toEqual([sg.GroupId]);
  expect((await ec2.send(new DescribeKeyPairsCommand({ Filters: byTag }))).KeyPairs!.map((x) => [x.KeyPairId, x.Tags])).toEqual([[key.KeyPairId, [{ Key: "run", Value: run }]]]);
  expect((await ec2.send(new DescribeAddressesCommand({ Filters: byTag }))).Addresses!.map((x) => [x.AllocationId, x.Tags])).toEqual([[eip.AllocationId, [{ Key: "run", Value: run }]]]);
  const tagged = (await ec2.send(new DescribeTagsCommand({ Filters: [{ Name: "value", Values: [run] }] }))).Tags!;
  expect(new Set(tagged.map((t) => t.ResourceType))).toEqual(new Set(["instance", "image", "security-group", "key-pair", "elastic-ip"]));
  expect((await ec2.send(new DescribeTagsCommand({ Filters: [{ Name: "resource-type", Values: ["elastic-ip"] }, { Name: "key", Values: ["r*"] }, { Name: "value", Values: [run] }] }))).Tags).toEqual([{ ResourceId: eip.AllocationId, ResourceType: "elastic-ip", Key: "run", Value: run }]);
  const vpc = (await ec2.send(new DescribeVpcsCommand({}))).Vpcs![0].VpcId!;
  const subnet = (await ec2.send(new DescribeSubnetsCommand({}))).Subnets![0].SubnetId!;
  await ec2.send(new CreateTagsCommand({ Resources: [vpc, subnet], Tags: [{ Key: `k-${run}`, Value: "net" }] }));
  expect((await ec2.send(new DescribeTagsCommand({ Filters: [{ Name: "key", Values: [`k-${run}`] }] }))).Tags!.map((t) => t.ResourceType).sort()).toEqual(["subnet", "vpc"]);
  expect((await ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: `tag:k-${run}`, Values: ["n*"] }] }))).Vpcs!.map((v) => v.VpcId)).toEqual([vpc]);

  await ec2.send(new ReleaseAddressCommand({ AllocationId: eip.AllocationId }));
  await ec2.send(new DeleteKeyPairCommand({ KeyName: `key-${run}` }));
  await ec2.send(new DeleteSecurityGroupCommand({ GroupId: sg.GroupId }));
  await ec2.send(new DeregisterImageCommand({ ImageId: img.ImageId }));
  await ec2.send(new TerminateInstancesCommand({ InstanceIds: ids }));
});

test("key pairs as EC2 computes them: fingerprints, PEM and PPK, key types, ECDSA refused", async () => {
  const run = uniq();
  // Imported RSA: MD5 of the public key (ssh-keygen -E md5), the same in describe.
  const rsa = keygen(["-t", "rsa", "-b", "2048"]);
  const imported = await ec2.send(new ImportKeyPairCommand({ KeyName: `rsa-${run}`, PublicKeyMaterial: Buffer.from(rsa.pub) }));
  expect(imported.KeyFingerprint).toBe(rsa.md5);
  // Imported ED25519: padded base64 SHA-256.
  const ed = keygen(["-t", "ed25519"]);
  const importedEd = await ec2.send(new ImportKeyPairCommand({ KeyName: `ed-${run}`, PublicKeyMaterial: Buffer.from(ed.pub) }));
  expect(importedEd.KeyFingerprint).toBe(`${ed.sha256}=`);
  // Created RSA: PKCS#1 PEM, fingerprint the SHA-1 of its PKCS#8 form.
  const made = await ec2.send(new CreateKeyPairCommand({ KeyName: `made-${run}` }));
  expect(made.KeyMaterial).toMatch(/^-----BEGIN RSA PRIVATE KEY-----\n[\s\S]+-----END RSA PRIVATE KEY-----\n?$/);
  const der = crypto.createPrivateKey(made.KeyMaterial!).export({ type: "pkcs8", format: "der" });
  expect(made.KeyFingerprint).toBe(crypto.createHash("sha1").update(der).digest("hex").match(/../g)!.join(":"));
  const madeEd = await ec2.send(new CreateKeyPairCommand({ KeyName: `made-ed-${run}`, KeyType: "ed25519" }));
  expect(madeEd.KeyMaterial).toContain("-----BEGIN OPENSSH PRIVATE KEY-----");
  expect(madeEd.KeyFingerprint).toMatch(/^[A-Za-z0-9+/]{43}=$/);
  const ppk = await ec2.send(new CreateKeyPairCommand({ KeyName: `ppk-${run}`, KeyFormat: "ppk" }));
  expect(ppk.KeyMaterial).toMatch(/^PuTTY-User-Key-File-2: ssh-rsa\nEncryption: none\nComment: ppk-/);
  expect(ppk.KeyMaterial).toMatch(/Private-MAC: [0-9a-f]{40}\n$/);
  await expect(ec2.send(new CreateKeyPairCommand({ KeyName: `x-${run}`, KeyFormat: "jks" as "pem" }))).rejects.toMatchObject({ name: "InvalidParameterValue" });
  // Describe agrees with create and import, with the right key type.
  const all = (await ec2.send(new DescribeKeyPairsCommand({ Filters: [{ Name: "key-name", Values: [`*-${run}`] }], IncludePublicKey: true }))).KeyPairs!;
  const by = Object.fromEntries(all.map((k) => [k.KeyName!, k]));
  expect(by[`rsa-${run}`]).toMatchObject({ KeyFingerprint: rsa.md5, KeyType: "rsa", PublicKey: `${rsa.pub.split(" ").slice(0, 2).join(" ")} rsa-${run}` });
  expect(by[`ed-${run}`]).toMatchObject({ KeyFingerprint: `${ed.sha256}=`, KeyType: "ed25519" });
  expect(by[`made-${run}`]).toMatchObject({ KeyFingerprint: made.KeyFingerprint, KeyType: "rsa" });
  expect(by[`made-ed-${run}`]).toMatchObject({ KeyFingerprint: madeEd.KeyFingerprint, KeyType: "ed25519" });
  expect((await ec2.send(new DescribeKeyPairsCommand({ Filters: [{ Name: "fingerprint", Values: [made.KeyFingerprint!] }] }))).KeyPairs!.map((k) => k.KeyName)).toEqual([`made-${run}`]);
  expect((await ec2.send(new DescribeKeyPairsCommand({ Filters: [{ Name: "key-type", Values: ["ed25519"] }, { Name: "key-name", Values: [`*-${run}`] }] }))).KeyPairs!.map((k) => k.KeyName).sort()).toEqual([`ed-${run}`, `made-ed-${run}`]);
  // ECDSA: refused with EC2's words.
  const ecdsa = keygen(["-t", "ecdsa", "-b", "256"]);
  await expect(ec2.send(new ImportKeyPairCommand({ KeyName: `ec-${run}`, PublicKeyMaterial: Buffer.from(ecdsa.pub) }))).rejects.toMatchObject({ name: "InvalidKey.Format", message: expect.stringContaining("Key is not in valid OpenSSH public key format") });
  for (const n of ["rsa", "ed", "made", "made-ed", "ppk"]) await ec2.send(new DeleteKeyPairCommand({ KeyName: `${n}-${run}` }));
});

test("Elastic IPs in VPC semantics: domain vpc, association ids, reassociation only when allowed, release refused while associated, idempotent disassociate", async () => {
  const r = await ec2.send(new RunInstancesCommand({ ImageId: "ami-a6c13bcf", InstanceType: "m1.large", MinCount: 2, MaxCount: 2 }));
  const [a, b] = r.Instances!.map((i) => i.InstanceId!);
  await waitUntilInstanceRunning(wait, { InstanceIds: [a, b] });
  const eip = await ec2.send(new AllocateAddressCommand({ Domain: "vpc" }));
  expect(eip).toMatchObject({ Domain: "vpc", AllocationId: expect.stringMatching(/^eipalloc-/), PublicIpv4Pool: "amazon" });
  const first = await ec2.send(new AssociateAddressCommand({ AllocationId: eip.AllocationId, InstanceId: a }));
  expect(first.AssociationId).toMatch(/^eipassoc-[0-9a-f]{17}$/);
  const addr = (await ec2.send(new DescribeAddressesCommand({ AllocationIds: [eip.AllocationId!] }))).Addresses![0];
  const ia = await one(a);
  expect(addr).toMatchObject({ Domain: "vpc", InstanceId: a, AssociationId: first.AssociationId, NetworkInterfaceId: ia.NetworkInterfaces![0].NetworkInterfaceId, PrivateIpAddress: ia.PrivateIpAddress });
  expect((await ec2.send(new DescribeAddressesAttributeCommand({ AllocationIds: [eip.AllocationId!], Attribute: "domain-name" }))).Addresses![0].PtrRecord).toMatch(/\.$/);
  await expect(ec2.send(new ReleaseAddressCommand({ AllocationId: eip.AllocationId }))).rejects.toMatchObject({ name: "InvalidIPAddress.InUse" });
  await expect(ec2.send(new AssociateAddressCommand({ AllocationId: eip.AllocationId, InstanceId: b }))).rejects.toMatchObject({ name: "Resource.AlreadyAssociated" });
  expect((await one(a)).PublicIpAddress).toBe(eip.PublicIp);
  // Associating by network interface, allowed to move.
  const second = await ec2.send(new AssociateAddressCommand({ AllocationId: eip.AllocationId, NetworkInterfaceId: (await one(b)).NetworkInterfaces![0].NetworkInterfaceId, AllowReassociation: true }));
  expect((await one(b)).PublicIpAddress).toBe(eip.PublicIp);
  expect((await one(a)).PublicIpAddress).not.toBe(eip.PublicIp);
  // The old association has ended: disassociating it again is a success, as EC2's is idempotent.
  await ec2.send(new DisassociateAddressCommand({ AssociationId: first.AssociationId }));
  await ec2.send(new DisassociateAddressCommand({ AssociationId: second.AssociationId }));
  await ec2.send(new DisassociateAddressCommand({ AssociationId: second.AssociationId }));
  await expect(ec2.send(new DisassociateAddressCommand({ AssociationId: "eipassoc-0123456789abcdef0" }))).rejects.toMatchObject({ name: "InvalidAssociationID.NotFound" });
  // A stopped instance keeps its address (EC2-VPC).
  await ec2.send(new AssociateAddressCommand({ AllocationId: eip.AllocationId, InstanceId: a }));
  await ec2.send(new StopInstancesCommand({ InstanceIds: [a] }));
  await waitUntilInstanceStopped(wait, { InstanceIds: [a] });
  expect((await ec2.send(new DescribeAddressesCommand({ AllocationIds: [eip.AllocationId!] }))).Addresses![0].InstanceId).toBe(a);
  expect((await one(a)).PublicIpAddress).toBe(eip.PublicIp);
  await ec2.send(new DisassociateAddressCommand({ PublicIp: eip.PublicIp }));
  await ec2.send(new ReleaseAddressCommand({ AllocationId: eip.AllocationId }));
  await ec2.send(new TerminateInstancesCommand({ InstanceIds: [a, b] }));
});

test("Cost Explorer: an end after the first of next month is refused; two GroupBy keys", async () => {
  const health = await (await fetch(`http://127.0.0.1:${PORT}/api/health`)).json();
  const now = new Date(health.simTime);
  const month = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1)).toISOString().slice(0, 10);
  const next = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1)).toISOString().slice(0, 10);
  const after = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 2)).toISOString().slice(0, 10);
  await expect(ce.send(new GetCostAndUsageCommand({ TimePeriod: { Start: month, End: after }, Granularity: "MONTHLY", Metrics: ["UnblendedCost"] }))).rejects.toMatchObject({ name: "ValidationException", message: expect.stringContaining("end date past the beginning of next month") });
  const two = await ce.send(new GetCostAndUsageCommand({ TimePeriod: { Start: month, End: next }, Granularity: "MONTHLY", Metrics: ["UnblendedCost"], GroupBy: [{ Type: "DIMENSION", Key: "INSTANCE_TYPE" }, { Type: "DIMENSION", Key: "USAGE_TYPE" }] }));
  expect(two.GroupDefinitions).toEqual([{ Type: "DIMENSION", Key: "INSTANCE_TYPE" }, { Type: "DIMENSION", Key: "USAGE_TYPE" }]);
  const groups = two.ResultsByTime![0].Groups!;
  expect(groups.length).toBeGreaterThan(0);
  expect(groups.every((g) => g.Keys!.length === 2)).toBe(true);
  expect(groups.some((g) => g.Keys![1] === `BoxUsage:${g.Keys![0]}`)).toBe(true);
  await expect(ce.send(new GetCostAndUsageCommand({ TimePeriod: { Start: month, End: next }, Granularity: "MONTHLY", Metrics: ["UnblendedCost"], GroupBy: [{ Type: "DIMENSION", Key: "INSTANCE_TYPE" }, { Type: "DIMENSION", Key: "USAGE_TYPE" }, { Type: "TAG", Key: "env" }] }))).rejects.toMatchObject({ name: "ValidationException" });
});
