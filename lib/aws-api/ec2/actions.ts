// The EC2 actions Stratus speaks, by name.
import type { Ctx } from "../../control-plane/context";
import type { Params } from "../query";
import * as I from "./instances";
import * as C from "./catalog";
import * as N from "./network";
import * as LT from "./launch-templates";

export const EC2_ACTIONS: Record<string, (ctx: Ctx, p: Params) => Promise<Record<string, unknown>>> = {
  RunInstances: I.runInstancesApi,
  DescribeInstances: I.describeInstancesApi,
  TerminateInstances: I.terminateInstancesApi,
  RebootInstances: I.rebootInstancesApi,
  StopInstances: I.stopInstancesApi,
  StartInstances: I.startInstancesApi,
  GetConsoleOutput: I.getConsoleOutputApi,
  DescribeInstanceAttribute: I.describeInstanceAttributeApi,
  DescribeImages: C.describeImagesApi,
  RegisterImage: C.registerImageApi,
  DeregisterImage: C.deregisterImageApi,
  DescribeInstanceTypes: C.describeInstanceTypesApi,
  DescribeRegions: C.describeRegionsApi,
  DescribeAvailabilityZones: C.describeAvailabilityZonesApi,
  CreateSecurityGroup: N.createSecurityGroupApi,
  DeleteSecurityGroup: N.deleteSecurityGroupApi,
  DescribeSecurityGroups: N.describeSecurityGroupsApi,
  AuthorizeSecurityGroupIngress: N.authorizeIngressApi,
  RevokeSecurityGroupIngress: N.revokeIngressApi,
  CreateKeyPair: N.createKeyPairApi,
  ImportKeyPair: N.importKeyPairApi,
  DeleteKeyPair: N.deleteKeyPairApi,
  DescribeKeyPairs: N.describeKeyPairsApi,
  AllocateAddress: N.allocateAddressApi,
  AssociateAddress: N.associateAddressApi,
  DisassociateAddress: N.disassociateAddressApi,
  ReleaseAddress: N.releaseAddressApi,
  DescribeAddresses: N.describeAddressesApi,
  CreateTags: N.createTagsApi,
  DeleteTags: N.deleteTagsApi,
  DescribeTags: N.describeTagsApi,
  CreateLaunchTemplate: LT.createLaunchTemplateApi,
  CreateLaunchTemplateVersion: LT.createLaunchTemplateVersionApi,
  DescribeLaunchTemplates: LT.describeLaunchTemplatesApi,
  DescribeLaunchTemplateVersions: LT.describeLaunchTemplateVersionsApi,
  DeleteLaunchTemplate: LT.deleteLaunchTemplateApi,
  ModifyLaunchTemplate: LT.modifyLaunchTemplateApi,
};
