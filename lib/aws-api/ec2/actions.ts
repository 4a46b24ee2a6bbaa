// The EC2 actions Stratus speaks, by name. Each answers errors about a verb's
// field with the EC2 parameter's name (param-names.ts).
import type { Ctx } from "../../control-plane/context";
import type { Params } from "../query";
import * as I from "./instances";
import * as A from "./attributes";
import * as C from "./catalog";
import * as G from "./groups";
import * as N from "./network";
import * as LT from "./launch-templates";
import * as V from "./vpc";
import * as Vol from "./volumes";
import { withParamNames } from "./param-names";

type Handler = (ctx: Ctx, p: Params) => Promise<Record<string, unknown>>;

const ACTIONS: Record<string, Handler> = {
  RunInstances: I.runInstancesApi,
  DescribeInstances: I.describeInstancesApi,
  TerminateInstances: I.terminateInstancesApi,
  RebootInstances: I.rebootInstancesApi,
  StopInstances: I.stopInstancesApi,
  StartInstances: I.startInstancesApi,
  GetConsoleOutput: I.getConsoleOutputApi,
  DescribeInstanceAttribute: A.describeInstanceAttributeApi,
  ModifyInstanceAttribute: A.modifyInstanceAttributeApi,
  ModifyInstanceMetadataOptions: A.modifyInstanceMetadataOptionsApi,
  DescribeInstanceStatus: A.describeInstanceStatusApi,
  DescribeInstanceCreditSpecifications: A.describeInstanceCreditSpecificationsApi,
  DescribeImages: C.describeImagesApi,
  RegisterImage: C.registerImageApi,
  DeregisterImage: C.deregisterImageApi,
  DescribeInstanceTypes: C.describeInstanceTypesApi,
  DescribeInstanceTypeOfferings: C.describeInstanceTypeOfferingsApi,
  DescribeRegions: C.describeRegionsApi,
  DescribeAvailabilityZones: C.describeAvailabilityZonesApi,
  CreateSecurityGroup: G.createSecurityGroupApi,
  DeleteSecurityGroup: G.deleteSecurityGroupApi,
  DescribeSecurityGroups: G.describeSecurityGroupsApi,
  AuthorizeSecurityGroupIngress: G.authorizeIngressApi,
  RevokeSecurityGroupIngress: G.revokeIngressApi,
  AuthorizeSecurityGroupEgress: G.authorizeEgressApi,
  RevokeSecurityGroupEgress: G.revokeEgressApi,
  DescribeSecurityGroupRules: G.describeSecurityGroupRulesApi,
  CreateKeyPair: N.createKeyPairApi,
  ImportKeyPair: N.importKeyPairApi,
  DeleteKeyPair: N.deleteKeyPairApi,
  DescribeKeyPairs: N.describeKeyPairsApi,
  AllocateAddress: N.allocateAddressApi,
  AssociateAddress: N.associateAddressApi,
  DisassociateAddress: N.disassociateAddressApi,
  ReleaseAddress: N.releaseAddressApi,
  DescribeAddresses: N.describeAddressesApi,
  DescribeAddressesAttribute: N.describeAddressesAttributeApi,
  CreateTags: N.createTagsApi,
  DeleteTags: N.deleteTagsApi,
  DescribeTags: N.describeTagsApi,
  CreateLaunchTemplate: LT.createLaunchTemplateApi,
  CreateLaunchTemplateVersion: LT.createLaunchTemplateVersionApi,
  DescribeLaunchTemplates: LT.describeLaunchTemplatesApi,
  DescribeLaunchTemplateVersions: LT.describeLaunchTemplateVersionsApi,
  DeleteLaunchTemplate: LT.deleteLaunchTemplateApi,
  ModifyLaunchTemplate: LT.modifyLaunchTemplateApi,
  DescribeVpcs: V.describeVpcsApi,
  DescribeVpcAttribute: V.describeVpcAttributeApi,
  DescribeSubnets: V.describeSubnetsApi,
  DescribeAccountAttributes: V.describeAccountAttributesApi,
  DescribeNetworkInterfaces: V.describeNetworkInterfacesApi,
  ModifyNetworkInterfaceAttribute: V.modifyNetworkInterfaceAttributeApi,
  DescribeVolumes: Vol.describeVolumesApi,
};

export const EC2_ACTIONS: Record<string, Handler> = Object.assign(
  Object.create(null) as Record<string, Handler>,
  Object.fromEntries(Object.entries(ACTIONS).map(([name, h]) => [name, withParamNames(name, h)])),
);
