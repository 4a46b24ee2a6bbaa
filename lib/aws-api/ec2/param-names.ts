// Errors name the EC2 parameter a caller sent (Placement.AvailabilityZone),
// not the service verb's field (availabilityZone): each action's fields, and
// a wrapper that rewrites a ServiceError's message and field on the way out.
import type { Ctx } from "../../control-plane/context";
import { isServiceError, ServiceError } from "../../errors";
import type { Param, Params } from "../query";
import { bare, own } from "../../own";

type Handler = (ctx: Ctx, p: Params) => Promise<Record<string, unknown>>;

const COMMON: Record<string, string> = {
  instanceIds: "InstanceId",
  instanceId: "InstanceId",
  groupId: "GroupId",
  groupName: "GroupName",
  allocationId: "AllocationId",
  associationId: "AssociationId",
  publicIp: "PublicIp",
  resourceIds: "ResourceId",
  keyPairId: "KeyPairId",
  imageId: "ImageId",
  subnetId: "SubnetId",
};

const BY_ACTION: Record<string, Record<string, string>> = {
  RunInstances: {
    availabilityZone: "Placement.AvailabilityZone",
    instanceType: "InstanceType",
    minCount: "MinCount",
    maxCount: "MaxCount",
    keyName: "KeyName",
    securityGroups: "SecurityGroup",
    securityGroupIds: "SecurityGroupId",
    userData: "UserData",
    tags: "TagSpecification",
    volumeTags: "TagSpecification",
    interfaceTags: "TagSpecification",
    clientToken: "ClientToken",
    shutdownBehavior: "InstanceInitiatedShutdownBehavior",
    disableApiTermination: "DisableApiTermination",
    disableApiStop: "DisableApiStop",
    ebsOptimized: "EbsOptimized",
    "metadata.httpEndpoint": "MetadataOptions.HttpEndpoint",
    "metadata.httpPutResponseHopLimit": "MetadataOptions.HttpPutResponseHopLimit",
    "metadata.instanceMetadataTags": "MetadataOptions.InstanceMetadataTags",
    "metadata.httpProtocolIpv6": "MetadataOptions.HttpProtocolIpv6",
    "rootVolume.sizeGiB": "BlockDeviceMapping.Ebs.VolumeSize",
    "rootVolume.volumeType": "BlockDeviceMapping.Ebs.VolumeType",
    rootVolume: "BlockDeviceMapping",
  },
  CreateSecurityGroup: { name: "GroupName", description: "GroupDescription", tags: "TagSpecification", vpcId: "VpcId" },
  AuthorizeSecurityGroupIngress: { rules: "IpPermissions" },
  RevokeSecurityGroupIngress: { rules: "IpPermissions", ruleIds: "SecurityGroupRuleId" },
  AuthorizeSecurityGroupEgress: { rules: "IpPermissions" },
  RevokeSecurityGroupEgress: { rules: "IpPermissions", ruleIds: "SecurityGroupRuleId" },
  ImportKeyPair: { name: "KeyName", publicKey: "PublicKeyMaterial", tags: "TagSpecification" },
  CreateKeyPair: { name: "KeyName", type: "KeyType", format: "KeyFormat", tags: "TagSpecification" },
  DeleteKeyPair: { name: "KeyName" },
  AllocateAddress: { tags: "TagSpecification" },
  CreateTags: { tags: "Tag" },
  DeleteTags: { tags: "Tag" },
  RegisterImage: { name: "Name", description: "Description", architecture: "Architecture" },
  ModifyInstanceAttribute: { value: "Value" },
  ModifyInstanceMetadataOptions: {
    httpEndpoint: "HttpEndpoint",
    httpTokens: "HttpTokens",
    httpPutResponseHopLimit: "HttpPutResponseHopLimit",
    instanceMetadataTags: "InstanceMetadataTags",
    httpProtocolIpv6: "HttpProtocolIpv6",
  },
};

/** The EC2 parameter for a verb field ("rules.2.cidr" → "IpPermissions"), longest known prefix first. */
export function ec2Param(action: string, field: string): string | undefined {
  const names = Object.assign(bare<string>(), COMMON, own(BY_ACTION, action));
  const parts = field.split(".");
  for (let n = parts.length; n > 0; n--) {
    const hit = own(names, parts.slice(0, n).join("."));
    if (hit) return hit;
  }
  return undefined;
}

function valueAt(p: Params, path: string): string | undefined {
  let cur: Param | undefined = p;
  for (const part of path.split(".")) {
    if (cur === undefined || typeof cur === "string" || Array.isArray(cur) || !Object.hasOwn(cur, part)) return undefined;
    cur = cur[part];
  }
  return typeof cur === "string" ? cur : undefined;
}

const VALIDATION = new Set<string>(["InvalidParameterValue", "MissingParameter", "InvalidParameterCombination", "InvalidUserData.Malformed", "InvalidKey.Format"]);

/** Names the EC2 parameter in a ServiceError that is about a verb field. */
export function withParamNames(action: string, handler: Handler): Handler {
  return async (ctx, p) => {
    try {
      return await handler(ctx, p);
    } catch (e) {
      // Only a refused value names its parameter; "not found" and the like say what wasn't found.
      if (!isServiceError(e) || !e.field || !VALIDATION.has(e.code)) throw e;
      const param = ec2Param(action, e.field);
      if (!param || e.message.includes(param)) throw e;
      const value = valueAt(p, param);
      const head = value !== undefined && value.length <= 100 ? `Value (${value}) for parameter ${param} is invalid.` : `The parameter ${param} is invalid.`;
      throw new ServiceError(e.code, `${head} ${e.message}`, param);
    }
  };
}
