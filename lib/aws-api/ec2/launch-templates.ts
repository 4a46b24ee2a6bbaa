// EC2 launch templates: Create/Describe/Delete/ModifyLaunchTemplate and
// Create/DescribeLaunchTemplateVersions, over the launch-template verbs.
import type { Ctx } from "../../control-plane/context";
import { ServiceError } from "../../errors";
import { accountIdOf } from "../../ids";
import {
  createLaunchTemplate, createLaunchTemplateVersion, deleteLaunchTemplate, describeLaunchTemplates, describeLaunchTemplateVersions, modifyLaunchTemplate,
  type TemplateVersionView, type TemplateView,
} from "../../control-plane/launch-templates/templates";
import { items } from "../xml";
import { int, list, required, str, struct, structs, type Params } from "../query";
import { applyFilters, readFilters, type Accessors } from "./filtering";

const opt = (p: Params | undefined, name: string) => {
  const v = str(p, name);
  return v === "" ? undefined : v;
};

/** LaunchTemplateData.* as the verbs' template data (fields Stratus doesn't model are left out). */
function templateData(p: Params, partial: boolean) {
  const d = struct(p, "LaunchTemplateData");
  if (!d) {
    if (partial) return {};
    throw new ServiceError("MissingParameter", "The request must contain the parameter LaunchTemplateData");
  }
  const tags = structs(d, "TagSpecification").flatMap((ts) => {
    const type = opt(ts, "ResourceType");
    if (type && type !== "instance") return [];
    // The tags' rules are the launch verb's (lib/control-plane/tags/rules.ts), checked when the template is saved.
    return structs(ts, "Tag").map((t) => ({ key: required(t, "Key"), value: str(t, "Value") ?? "" }));
  });
  const groups = [...list(d, "SecurityGroupId"), ...list(d, "SecurityGroup")];
  const out: Record<string, unknown> = {
    imageId: opt(d, "ImageId"),
    instanceType: opt(d, "InstanceType"),
    keyName: opt(d, "KeyName"),
    userData: opt(d, "UserData")?.replace(/\s+/g, ""),
    securityGroups: groups.length ? groups : undefined,
    tags: tags.length ? tags : undefined,
  };
  if (!partial && !out.imageId) throw new ServiceError("MissingParameter", "The launch template data must contain an ImageId (Stratus launches from it).");
  return Object.fromEntries(Object.entries(out).filter(([, v]) => v !== undefined));
}

const ref = (p: Params) => ({ templateId: opt(p, "LaunchTemplateId"), templateName: opt(p, "LaunchTemplateName") });
const creator = (ctx: Ctx, by: string) => `arn:aws:iam::${accountIdOf(ctx.team.id)}:user/${by}`;

function templateXml(ctx: Ctx, t: TemplateView) {
  return { launchTemplateId: t.id, launchTemplateName: t.name, createTime: t.createdAt, createdBy: creator(ctx, t.createdBy), defaultVersionNumber: t.defaultVersion, latestVersionNumber: t.latestVersion, tagSet: "" };
}

function versionXml(ctx: Ctx, v: TemplateVersionView) {
  return {
    launchTemplateId: v.templateId,
    launchTemplateName: v.templateName,
    versionNumber: v.version,
    versionDescription: v.description || undefined,
    createTime: v.createdAt,
    createdBy: creator(ctx, v.createdBy),
    defaultVersion: v.isDefault,
    launchTemplateData: {
      imageId: v.imageId,
      instanceType: v.instanceType,
      keyName: v.keyName ?? undefined,
      securityGroupIdSet: items(v.securityGroupIds),
      userData: v.userData ?? undefined,
      tagSpecificationSet: items(v.tags.length ? [{ resourceType: "instance", tagSet: items(v.tags.map((t) => ({ key: t.key, value: t.value }))) }] : []),
    },
  };
}

export async function createLaunchTemplateApi(ctx: Ctx, p: Params) {
  const t = await createLaunchTemplate({ ctx, input: { name: required(p, "LaunchTemplateName"), description: opt(p, "VersionDescription"), data: templateData(p, false) as never } });
  return { launchTemplate: templateXml(ctx, t) };
}

export async function createLaunchTemplateVersionApi(ctx: Ctx, p: Params) {
  const v = await createLaunchTemplateVersion({ ctx, input: { ...ref(p), description: opt(p, "VersionDescription"), sourceVersion: opt(p, "SourceVersion"), data: templateData(p, true) } });
  return { launchTemplateVersion: versionXml(ctx, v) };
}

const TEMPLATE_FILTERS: Accessors<TemplateView> = {
  "launch-template-name": (t) => t.name,
  "launch-template-id": (t) => t.id,
};

export async function describeLaunchTemplatesApi(ctx: Ctx, p: Params) {
  const filters = readFilters(p, Object.keys(TEMPLATE_FILTERS));
  const max = int(p, "MaxResults", { min: 1, max: 200 });
  // Templates carry no tags here: a tag filter matches none.
  const rows = applyFilters(await describeLaunchTemplates({ ctx, input: { ids: list(p, "LaunchTemplateId"), names: list(p, "LaunchTemplateName") } }), filters, TEMPLATE_FILTERS, () => ({}));
  const offset = Number(opt(p, "NextToken") ?? 0);
  if (!Number.isInteger(offset) || offset < 0) throw new ServiceError("InvalidParameterValue", "The NextToken is not valid: pass back the token a previous response returned.");
  const page = max ? rows.slice(offset, offset + max) : rows.slice(offset);
  return { launchTemplates: items(page.map((t) => templateXml(ctx, t))), nextToken: max && offset + max < rows.length ? String(offset + max) : undefined };
}

export async function describeLaunchTemplateVersionsApi(ctx: Ctx, p: Params) {
  const rows = await describeLaunchTemplateVersions({ ctx, input: { ...ref(p), versions: list(p, "LaunchTemplateVersion") } });
  return { launchTemplateVersionSet: items(rows.map((v) => versionXml(ctx, v))) };
}

export async function deleteLaunchTemplateApi(ctx: Ctx, p: Params) {
  const t = await deleteLaunchTemplate({ ctx, input: ref(p) });
  return { launchTemplate: templateXml(ctx, t) };
}

export async function modifyLaunchTemplateApi(ctx: Ctx, p: Params) {
  const t = await modifyLaunchTemplate({ ctx, input: { ...ref(p), defaultVersion: required(p, "SetDefaultVersion") } });
  return { launchTemplate: templateXml(ctx, t) };
}
