// The hostile EC2 and Auto Scaling requests of the fuzz (e2e/hostile.spec.ts):
// random ones, valid ones mutated, signatures bent, and every input issue 11
// named, over every action the endpoint speaks.
// Deterministic (fixed seeds), so a failure can be replayed.
import fc from "fast-check";

export interface FuzzRequest {
  kind: string;
  body: string;
  service?: string;
  region?: string;
  target?: string;
  /** Extra headers, signed. */
  headers?: Record<string, string>;
  /** Changes to the headers after signing (a bent signature). */
  bend?: "extra-scope" | "bad-date" | "tamper-body" | "unsigned-payload" | "drop-date" | "lowercase-algo";
}

const OBJECT_NAMES = ["valueOf", "hasOwnProperty", "toString", "constructor", "__proto__", "prototype", "isPrototypeOf", "__defineGetter__", "toLocaleString"];
const ACTIONS = [
  "RunInstances", "DescribeInstances", "TerminateInstances", "RebootInstances", "StopInstances", "StartInstances", "GetConsoleOutput", "DescribeInstanceAttribute",
  "DescribeImages", "RegisterImage", "DeregisterImage", "DescribeInstanceTypes", "DescribeRegions", "DescribeAvailabilityZones", "CreateSecurityGroup", "DeleteSecurityGroup",
  "DescribeSecurityGroups", "AuthorizeSecurityGroupIngress", "RevokeSecurityGroupIngress", "CreateKeyPair", "ImportKeyPair", "DeleteKeyPair", "DescribeKeyPairs",
  "AllocateAddress", "AssociateAddress", "DisassociateAddress", "ReleaseAddress", "DescribeAddresses", "CreateTags", "DeleteTags", "DescribeTags", "Nope", ...OBJECT_NAMES,
  "DescribeVpcs", "DescribeVpcAttribute", "DescribeSubnets", "DescribeAccountAttributes", "DescribeNetworkInterfaces", "ModifyNetworkInterfaceAttribute",
  "AuthorizeSecurityGroupEgress", "RevokeSecurityGroupEgress", "DescribeSecurityGroupRules", "ModifyInstanceAttribute", "ModifyInstanceMetadataOptions",
  "DescribeInstanceStatus", "DescribeVolumes", "DescribeInstanceCreditSpecifications", "DescribeInstanceTypeOfferings", "DescribeAddressesAttribute",
  "CreateLaunchTemplate", "CreateLaunchTemplateVersion", "DescribeLaunchTemplates", "DescribeLaunchTemplateVersions", "DeleteLaunchTemplate", "ModifyLaunchTemplate",
];
const AS_ACTIONS = [
  "CreateAutoScalingGroup", "UpdateAutoScalingGroup", "DescribeAutoScalingGroups", "DescribeScalingActivities", "SetDesiredCapacity", "DeleteAutoScalingGroup",
  "PutScheduledUpdateGroupAction", "DescribeScheduledActions", "DeleteScheduledAction", "Nope", ...OBJECT_NAMES,
];
const AS_KEYS = [
  "AutoScalingGroupName", "LaunchTemplate.LaunchTemplateName", "LaunchTemplate.LaunchTemplateId", "LaunchTemplate.Version", "MinSize", "MaxSize", "DesiredCapacity",
  "AvailabilityZones.member.1", "AvailabilityZones.member.2", "VPCZoneIdentifier", "HealthCheckType", "HealthCheckGracePeriod", "Tags.member.1.Key", "Tags.member.1.Value",
  "Tags.member.1.PropagateAtLaunch", "AutoScalingGroupNames.member.1", "Filters.member.1.Name", "Filters.member.1.Values.member.1", "MaxRecords", "NextToken", "ActivityIds.member.1",
  "ScheduledActionName", "ScheduledActionNames.member.1", "Recurrence", "StartTime", "EndTime", "TimeZone", "ForceDelete", "HonorCooldown", "LaunchConfigurationName",
  "__proto__.polluted", "Tags.member.__proto__", "Filters.member.1.constructor", "AvailabilityZones.member.0", "a..b",
];
const KEYS = [
  "ImageId", "MinCount", "MaxCount", "InstanceType", "KeyName", "SecurityGroup.1", "SecurityGroupId.1", "UserData", "Placement.AvailabilityZone", "InstanceId.1", "InstanceId.2",
  "InstanceId", "Filter.1.Name", "Filter.1.Value.1", "Filter.1.Value.2", "Filter.2.Name", "Filter.2.Value.1", "MaxResults", "NextToken", "GroupName", "GroupId", "GroupDescription",
  "GroupName.1", "GroupId.1", "IpPermissions.1.IpProtocol", "IpPermissions.1.FromPort", "IpPermissions.1.ToPort", "IpPermissions.1.IpRanges.1.CidrIp", "IpPermissions.1.Groups.1.GroupName",
  "IpProtocol", "FromPort", "ToPort", "CidrIp", "SourceSecurityGroupName", "PublicKeyMaterial", "KeyType", "AllocationId", "PublicIp", "ResourceId.1", "ResourceId.2", "Tag.1.Key",
  "Tag.1.Value", "Tag.2.Key", "Attribute", "Name", "Description", "Architecture", "RootDeviceName", "InstanceId.0", "Filter.x.Name", "Tag.1", "ClientToken", "RegionName.1", "ZoneName.1",
  "TagSpecification.1.ResourceType", "TagSpecification.1.Tag.1.Key", "TagSpecification.1.Tag.1.Value", "MetadataOptions.HttpTokens", "Owner.1", "ImageId.1", "KeyPairId", "Domain",
  "__proto__.polluted", "constructor.prototype.polluted", "Filter.1.__proto__", "Tag.1.constructor", "prototype", "a..b", ".x", "x.", "InstanceId.10001", "InstanceId.01",
  "SubnetId", "VpcId", "DisableApiTermination.Value", "InstanceType.Value", "Value", "HttpTokens", "HttpEndpoint", "SecurityGroupRuleId.1", "VolumeId.1", "NetworkInterfaceId",
  "NetworkInterfaceId.1", "AllowReassociation", "KeyFormat", "InstanceInitiatedShutdownBehavior", "BlockDeviceMapping.1.DeviceName", "BlockDeviceMapping.1.Ebs.VolumeSize",
  "LocationType", "AttributeName.1", "SourceDestCheck.Value", "LaunchTemplateName", "LaunchTemplateId", "LaunchTemplateName.1", "LaunchTemplateData.ImageId",
  "LaunchTemplateData.InstanceType", "LaunchTemplateData.TagSpecification.1.ResourceType", "LaunchTemplateData.TagSpecification.1.Tag.1.Key",
  "LaunchTemplateData.TagSpecification.1.Tag.1.Value", "SourceVersion", "SetDefaultVersion", "LaunchTemplateVersion.1", "TagSpecification.1.Tag.1.Value",
];
const HOSTILE = [
  "\u0000", "\u0001", "\u0007", "\u001b[2J", "\u001b]8;;http://evil.example\u0007x\u001b]8;;\u0007", "\u009b2J", "\u009d8;;http://evil.example\u009c", "\u0085", "\ud800", "\uffff",
  "=HYPERLINK(\"http://evil.example\")", "+1", "-1+1", "@SUM(A1)", "\t=1", "'; DROP TABLE \"Instance\"; --", "\" OR 1=1 --", "%", "_", "\\", "*".repeat(14), "*a".repeat(40) + "*b",
  "?".repeat(255), "a".repeat(256), "a".repeat(5000), "<script>", "]]>", "&amp;", "😀".repeat(100), "１２３", "NaN", "Infinity", "1e309", "0x10", "-0", "9007199254740993",
  ...OBJECT_NAMES,
];
const VALUES = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom("ami-f937d290", "ami-a6c13bcf", "m1.small", "m1.large", "1", "0", "-1", "2", "1001", "i-0123456789abcdef0", "i-x", "sg-0", "tcp", "udp", "icmp", "all", "65536", "0.0.0.0/0", "10.0.0.300/8", "default", "fuzz-group", "fuzz-key", "eipalloc-0", "true", "instance-state-name", "running", "tag:Name", "name", "userData", "us-east-1", "us-east-1a", "", " ") },
  { weight: 1, arbitrary: fc.constantFrom("vpc", "instance", "volume", "network-interface", "security-group", "disableApiTermination", "enableDnsSupport", "stop", "required", "ppk", "ed25519", "availability-zone", "fuzz-template", "fuzz-asg", "$Latest", "$Default", "EC2", "ELB", "0 * * * *", "2030-01-01T00:00:00Z", "vpc-id", "group-id", "launch-template-name") },
  { weight: 2, arbitrary: fc.constantFrom(...HOSTILE) },
  { weight: 1, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 20 }) },
  { weight: 1, arbitrary: fc.integer({ min: -5, max: 70000 }).map(String) },
);

const form = (params: Record<string, string>) => new URLSearchParams(params).toString();

/** Random requests: an action (real, Object member or junk), a version, up to 8 parameters. */
function random(n: number): FuzzRequest[] {
  const arb = fc.record({
    action: fc.constantFrom(...ACTIONS),
    version: fc.constantFrom("2016-11-15", "2008-02-01", ""),
    params: fc.dictionary(fc.constantFrom(...KEYS), VALUES, { maxKeys: 8 }),
  });
  return fc.sample(arb, { numRuns: n, seed: 1111 }).map(({ action, version, params }) => ({ kind: "random", body: form({ Action: action, ...(version ? { Version: version } : {}), ...params }) }));
}

const VALID: Record<string, string>[] = [
  { Action: "RunInstances", ImageId: "ami-f937d290", MinCount: "1", MaxCount: "2", "TagSpecification.1.ResourceType": "instance", "TagSpecification.1.Tag.1.Key": "Name", "TagSpecification.1.Tag.1.Value": "fuzz" },
  { Action: "DescribeInstances", "Filter.1.Name": "instance-state-name", "Filter.1.Value.1": "running", "Filter.2.Name": "tag:Name", "Filter.2.Value.1": "fuzz" },
  { Action: "DescribeImages", "Filter.1.Name": "name", "Filter.1.Value.1": "*Fedora*", "Owner.1": "amazon" },
  { Action: "CreateSecurityGroup", GroupName: "fuzz-group", GroupDescription: "fuzz" },
  { Action: "AuthorizeSecurityGroupIngress", GroupName: "fuzz-group", "IpPermissions.1.IpProtocol": "tcp", "IpPermissions.1.FromPort": "22", "IpPermissions.1.ToPort": "22", "IpPermissions.1.IpRanges.1.CidrIp": "0.0.0.0/0" },
  { Action: "DescribeSecurityGroups", "Filter.1.Name": "group-name", "Filter.1.Value.1": "fuzz*" },
  // ed25519: an RSA key costs the machine a CPU for tens of milliseconds, which would only load the test box.
  { Action: "CreateKeyPair", KeyName: "fuzz-key", KeyType: "ed25519" },
  { Action: "DescribeKeyPairs", "Filter.1.Name": "key-name", "Filter.1.Value.1": "fuzz-*" },
  { Action: "CreateTags", "ResourceId.1": "i-0123456789abcdef0", "Tag.1.Key": "env", "Tag.1.Value": "fuzz" },
  { Action: "DescribeTags", "Filter.1.Name": "key", "Filter.1.Value.1": "env" },
  { Action: "DescribeAddresses" },
  { Action: "AllocateAddress", Domain: "standard" },
  { Action: "DescribeInstanceTypes", "InstanceType.1": "m1.small" },
  { Action: "DescribeRegions", "RegionName.1": "us-east-1" },
  { Action: "GetConsoleOutput", InstanceId: "i-0123456789abcdef0" },
  { Action: "RegisterImage", Name: "fuzz image", Architecture: "x86_64" },
  { Action: "DescribeVpcs", "Filter.1.Name": "is-default", "Filter.1.Value.1": "true" },
  { Action: "DescribeSubnets", "Filter.1.Name": "availability-zone", "Filter.1.Value.1": "us-east-1*" },
  { Action: "DescribeNetworkInterfaces", "Filter.1.Name": "status", "Filter.1.Value.1": "in-use" },
  { Action: "DescribeSecurityGroupRules", "Filter.1.Name": "is-egress", "Filter.1.Value.1": "true" },
  { Action: "AuthorizeSecurityGroupEgress", GroupId: "sg-0", "IpPermissions.1.IpProtocol": "tcp", "IpPermissions.1.FromPort": "443", "IpPermissions.1.ToPort": "443", "IpPermissions.1.IpRanges.1.CidrIp": "0.0.0.0/0" },
  { Action: "CreateLaunchTemplate", LaunchTemplateName: "fuzz-template", "LaunchTemplateData.ImageId": "ami-f937d290", "LaunchTemplateData.TagSpecification.1.ResourceType": "instance", "LaunchTemplateData.TagSpecification.1.Tag.1.Key": "env", "LaunchTemplateData.TagSpecification.1.Tag.1.Value": "fuzz" },
  { Action: "DescribeLaunchTemplates", "Filter.1.Name": "launch-template-name", "Filter.1.Value.1": "fuzz-*" },
  { Action: "DescribeInstanceTypeOfferings", LocationType: "availability-zone", "Filter.1.Name": "instance-type", "Filter.1.Value.1": "m1.*" },
  { Action: "DescribeVolumes", "Filter.1.Name": "status", "Filter.1.Value.1": "in-use" },
];

/** Random Auto Scaling requests (signed for autoscaling, the Query protocol's 2011-01-01 version). */
function autoscaling(n: number): FuzzRequest[] {
  const arb = fc.record({
    action: fc.constantFrom(...AS_ACTIONS),
    version: fc.constantFrom("2011-01-01", "2016-11-15", ""),
    params: fc.dictionary(fc.constantFrom(...AS_KEYS), VALUES, { maxKeys: 8 }),
  });
  return fc.sample(arb, { numRuns: n, seed: 4444 }).map(({ action, version, params }) => ({ kind: "autoscaling", service: "autoscaling", body: form({ Action: action, ...(version ? { Version: version } : {}), ...params }) }));
}

/** Valid requests, each bent in one to three places. */
function mutated(n: number): FuzzRequest[] {
  const mutation = fc.oneof(
    fc.record({ op: fc.constant("drop" as const), i: fc.nat() }),
    fc.record({ op: fc.constant("value" as const), i: fc.nat(), v: VALUES }),
    fc.record({ op: fc.constant("rename" as const), i: fc.nat(), seg: fc.constantFrom("__proto__", "constructor", "prototype", "0", "10001", "", "1.2", "x") }),
    fc.record({ op: fc.constant("add" as const), k: fc.constantFrom(...KEYS), v: VALUES }),
    fc.record({ op: fc.constant("bump" as const), i: fc.nat() }),
  );
  const arb = fc.record({ t: fc.nat({ max: VALID.length - 1 }), ms: fc.array(mutation, { minLength: 1, maxLength: 3 }) });
  return fc.sample(arb, { numRuns: n, seed: 2222 }).map(({ t, ms }) => {
    let entries = Object.entries({ Version: "2016-11-15", ...VALID[t] });
    for (const m of ms) {
      if (entries.length === 0 && m.op !== "add") continue;
      const i = "i" in m ? m.i % entries.length : 0;
      if (m.op === "drop") entries = entries.filter((_, j) => j !== i);
      else if (m.op === "value") entries[i] = [entries[i][0], m.v];
      else if (m.op === "rename") entries[i] = [entries[i][0].split(".").map((p, j, a) => (j === a.length - 1 ? m.seg : p)).join(".") || m.seg, entries[i][1]];
      else if (m.op === "add") entries.push([m.k, m.v]);
      else entries.push([entries[i][0].replace(/\.(\d+)(\.|$)/, (_, d, rest) => `.${Number(d) + 1}${rest}`), entries[i][1]]);
    }
    const p = new URLSearchParams();
    for (const [k, v] of entries) p.append(k, v);
    return { kind: "mutated", body: p.toString() };
  });
}

/** Signatures bent as issue 11 found them accepted, and worse. */
function signing(n: number): FuzzRequest[] {
  const arb = fc.record({
    region: fc.constantFrom("us-east-1", "us-west-1", "eu-west-1", "ap-southeast-1", "us-east-2", "xx-fake-1", "US-EAST-1", "*"),
    service: fc.constantFrom("ec2", "ec2", "ce", "autoscaling", "s3", "sts", "EC2"),
    bend: fc.constantFrom(undefined, "extra-scope", "bad-date", "tamper-body", "unsigned-payload", "drop-date", "lowercase-algo"),
    target: fc.constantFrom(undefined, "AWSInsightsIndexService.GetCostAndUsage", "AWSInsightsIndexService.valueOf", "valueOf", "constructor", "__proto__", "AWSInsightsIndexService.__proto__"),
    body: fc.constantFrom(form({ Action: "DescribeRegions", Version: "2016-11-15" }), "{}", '{"__proto__":{"polluted":1}}', '{"constructor":{"prototype":{"polluted":1}}}', "{not json", ""),
  });
  return fc.sample(arb, { numRuns: n, seed: 3333 }).map((r) => ({ kind: "signing", body: r.body, region: r.region, service: r.service, target: r.target, bend: r.bend as FuzzRequest["bend"] }));
}

const ids = (prefix: string, n: number, name: string) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`${name}.${i + 1}`, `${prefix}-${(i + 1).toString(16).padStart(17, "0")}`]));

/** Every input the issue names, in its forms. */
function named(): FuzzRequest[] {
  const out: FuzzRequest[] = [];
  const ec2 = (params: Record<string, string>, kind = "named") => out.push({ kind, body: form({ Version: "2016-11-15", ...params }) });
  for (const name of ["__proto__.polluted", "constructor.prototype.polluted", "Filter.1.__proto__.polluted", "x.prototype.y", "__proto__", "constructor"]) ec2({ Action: "DescribeInstances", [name]: "1" }, "prototype");
  for (const a of OBJECT_NAMES) ec2({ Action: a }, "object-member");
  for (const t of OBJECT_NAMES) out.push({ kind: "object-member", body: "{}", service: "ce", target: t }, { kind: "object-member", body: "{}", service: "ce", target: `AWSInsightsIndexService.${t}` });
  for (const stars of [12, 14, 20, 40, 100]) ec2({ Action: "DescribeImages", "Filter.1.Name": "name", "Filter.1.Value.1": "*a".repeat(stars) + "*b" }, "wildcard");
  ec2({ Action: "DescribeImages", "Filter.1.Name": "name", ...Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`Filter.1.Value.${i + 1}`, "*a".repeat(60) + "*"])) }, "wildcard");
  for (const a of OBJECT_NAMES) out.push({ kind: "object-member", service: "autoscaling", body: form({ Action: a, Version: "2011-01-01" }) });
  for (const [action, name] of [["DescribeVpcAttribute", "Attribute"], ["DescribeInstanceTypeOfferings", "LocationType"], ["DescribeInstanceAttribute", "Attribute"], ["ModifyInstanceAttribute", "Attribute"]])
    for (const v of OBJECT_NAMES) ec2({ Action: action, VpcId: "vpc-0", InstanceId: "i-0123456789abcdef0", [name]: v }, "object-member");
  for (const [action, prefix, name] of [["DescribeInstances", "i", "InstanceId"], ["DescribeImages", "ami", "ImageId"], ["DescribeSecurityGroups", "sg", "GroupId"], ["DescribeKeyPairs", "key", "KeyPairId"], ["DescribeAddresses", "eipalloc", "AllocationId"], ["DescribeInstanceTypes", "m9", "InstanceType"], ["TerminateInstances", "i", "InstanceId"], ["DescribeVolumes", "vol", "VolumeId"], ["DescribeNetworkInterfaces", "eni", "NetworkInterfaceId"], ["DescribeSecurityGroupRules", "sgr", "SecurityGroupRuleId"], ["CreateTags", "vpc", "ResourceId"]])
    ec2({ Action: action, ...ids(prefix, 5000, name) }, "5000-ids");
  for (const v of ["\u0001", "a\u009bb", "\u001b]8;;http://evil\u0007", "line\nbreak", "\ud800"]) {
    ec2({ Action: "CreateTags", "ResourceId.1": "i-0123456789abcdef0", "Tag.1.Key": "k", "Tag.1.Value": v }, "control");
    ec2({ Action: "RunInstances", ImageId: "ami-f937d290", MinCount: "1", MaxCount: "1", "TagSpecification.1.ResourceType": "instance", "TagSpecification.1.Tag.1.Key": v, "TagSpecification.1.Tag.1.Value": "x" }, "control");
    ec2({ Action: "CreateSecurityGroup", GroupName: "fuzz-tagged", GroupDescription: "x", "TagSpecification.1.ResourceType": "security-group", "TagSpecification.1.Tag.1.Key": "k", "TagSpecification.1.Tag.1.Value": v }, "control");
    ec2({ Action: "RunInstances", ImageId: "ami-f937d290", MinCount: "1", MaxCount: "1", "TagSpecification.1.ResourceType": "network-interface", "TagSpecification.1.Tag.1.Key": "k", "TagSpecification.1.Tag.1.Value": v }, "control");
    out.push({ kind: "control", service: "autoscaling", body: form({ Action: "CreateAutoScalingGroup", Version: "2011-01-01", AutoScalingGroupName: "fuzz-asg", "LaunchTemplate.LaunchTemplateName": "fuzz-template", MinSize: "0", MaxSize: "1", "AvailabilityZones.member.1": "us-east-1a", "Tags.member.1.Key": "k", "Tags.member.1.Value": v }) });
  }
  for (const stars of [14, 40]) ec2({ Action: "DescribeSubnets", "Filter.1.Name": "availability-zone", "Filter.1.Value.1": "*a".repeat(stars) + "*b" }, "wildcard");
  ec2({ Action: "DescribeVpcs", "Filter.1.Name": "vpc-id", ...Object.fromEntries(Array.from({ length: 201 }, (_, i) => [`Filter.1.Value.${i + 1}`, "vpc-*"])) }, "wildcard");
  for (const region of ["us-east-2", "xx-fake-1"]) out.push({ kind: "sigv4", body: form({ Action: "DescribeRegions", Version: "2016-11-15" }), region });
  out.push({ kind: "sigv4", body: form({ Action: "DescribeRegions", Version: "2016-11-15" }), bend: "extra-scope" }, { kind: "sigv4", body: form({ Action: "DescribeRegions", Version: "2016-11-15" }), bend: "unsigned-payload" });
  return out;
}

export function fuzzRequests(total = 10_000): FuzzRequest[] {
  const fixed = named();
  const rest = total - fixed.length;
  const [r, a, m] = [Math.floor(rest * 0.5), Math.floor(rest * 0.1), Math.floor(rest * 0.28)];
  return [...fixed, ...random(r), ...autoscaling(a), ...mutated(m), ...signing(rest - r - a - m)];
}
