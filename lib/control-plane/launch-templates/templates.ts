// Launch templates: what an instance group launches (image, type, key pair,
// security groups, user data, tags). Each change is a new numbered version;
// a group names $Default, $Latest or a number. Checked when written, so a
// group's launches don't fail on a typo hours later.
import { z } from "zod";
import { plainText } from "../../text";
import { defineVerb } from "../verb";
import { ServiceError } from "../../errors";
import { isId, newId } from "../../ids";
import type { Ctx, TxCtx } from "../context";
import { actorLabel } from "../context";
import { findLaunchableImage } from "../catalog/images";
import { findType } from "../catalog/types";
import { findKeyPair } from "../keys/lookup";
import { resolveGroups } from "../groups/lookup";
import { base64Bytes, MAX_USER_DATA_BYTES } from "../instances/schemas";
import { tagListSchema } from "../tags/rules";

type AnyCtx = Ctx | TxCtx;

export const templateNameSchema = z
  .string()
  .trim()
  .min(3, "A launch template name is 3 to 128 characters.")
  .max(128, "A launch template name is 3 to 128 characters.")
  .refine((s) => /^[a-zA-Z0-9().\-/_]+$/.test(s), { message: "A launch template name may use letters, digits and ( ) . - / _ only.", params: { code: "InvalidLaunchTemplateName.MalformedException" } });

const templateDataShape = z.object({
    imageId: z.string().trim().min(1, "Choose an image."),
    instanceType: z.string().trim().min(1).default("m1.small"),
    keyName: z.string().trim().min(1).max(255).optional(),
    /** Security group names or ids (sg-…). */
    securityGroups: z.array(z.string().trim().min(1)).max(5, "At most 5 security groups.").default([]),
    /** Base64 of the raw user data. */
    userData: z.string().optional(),
    tags: tagListSchema.default([]),
});

export const templateDataSchema = templateDataShape.superRefine((v, ctx) => {
    if (v.userData) {
      const bytes = base64Bytes(v.userData);
      if (bytes === null) ctx.addIssue({ code: "custom", path: ["userData"], message: "User data must be base64-encoded.", params: { code: "InvalidUserData.Malformed" } });
      else if (bytes > MAX_USER_DATA_BYTES) ctx.addIssue({ code: "custom", path: ["userData"], message: `User data is ${bytes.toLocaleString("en-US")} bytes; the limit is 16 KB (16,384 bytes).` });
    }
    const keys = new Set<string>();
    for (const t of v.tags) {
      if (keys.has(t.key)) ctx.addIssue({ code: "custom", path: ["tags"], message: `Tag key "${t.key}" is given twice.` });
      keys.add(t.key);
    }
  });

export type TemplateData = z.output<typeof templateDataSchema>;

export interface TemplateVersionView {
  templateId: string;
  templateName: string;
  version: number;
  isDefault: boolean;
  description: string;
  imageId: string;
  instanceType: string;
  keyName: string | null;
  /** Security group ids. */
  securityGroupIds: string[];
  userData: string | null;
  tags: { key: string; value: string }[];
  createdBy: string;
  createdAt: string;
}

export interface TemplateView {
  id: string;
  name: string;
  defaultVersion: number;
  latestVersion: number;
  createdBy: string;
  createdAt: string;
}

/** A template named by id or name (one of them). */
export const templateRef = z.object({ templateId: z.string().trim().optional(), templateName: z.string().trim().optional() });

const view = (t: { id: string; name: string; defaultVersion: number; latestVersion: number; createdBy: string; createdAt: Date }): TemplateView => ({
  id: t.id, name: t.name, defaultVersion: t.defaultVersion, latestVersion: t.latestVersion, createdBy: t.createdBy, createdAt: t.createdAt.toISOString(),
});

function versionView(t: { id: string; name: string; defaultVersion: number }, v: { version: number; description: string; imageId: string; instanceType: string; keyName: string | null; securityGroups: string; userData: string | null; tags: string; createdBy: string; createdAt: Date }): TemplateVersionView {
  return {
    templateId: t.id, templateName: t.name, version: v.version, isDefault: v.version === t.defaultVersion, description: v.description, imageId: v.imageId, instanceType: v.instanceType,
    keyName: v.keyName, securityGroupIds: JSON.parse(v.securityGroups), userData: v.userData, tags: JSON.parse(v.tags), createdBy: v.createdBy, createdAt: v.createdAt.toISOString(),
  };
}

export async function findTemplate(ctx: AnyCtx, ref: z.output<typeof templateRef>) {
  if (!ref.templateId && !ref.templateName) throw new ServiceError("MissingParameter", "Name the launch template (its id or name).", "templateName");
  if (ref.templateId && !isId("lt", ref.templateId)) throw new ServiceError("InvalidLaunchTemplateId.Malformed", `Invalid launch template id: "${ref.templateId}" (they look like lt-0123456789abcdef0).`, "templateId");
  const t = await ctx.db.launchTemplate.findFirst({ where: { teamId: ctx.team.id, ...(ref.templateId ? { id: ref.templateId } : { name: ref.templateName }) } });
  if (!t) {
    if (ref.templateId) throw new ServiceError("InvalidLaunchTemplateId.NotFound", `The specified launch template, with template ID ${ref.templateId}, does not exist.`, "templateId");
    throw new ServiceError("InvalidLaunchTemplateName.NotFoundException", `The specified launch template, with template name ${ref.templateName}, does not exist.`, "templateName");
  }
  return t;
}

/** The version a group's "$Default", "$Latest" or "N" means now. */
export function versionNumber(t: { id: string; defaultVersion: number; latestVersion: number }, version: string): number {
  if (version === "$Default" || version === "") return t.defaultVersion;
  if (version === "$Latest") return t.latestVersion;
  if (!/^[1-9]\d{0,8}$/.test(version)) throw new ServiceError("InvalidParameterValue", `Invalid launch template version "${version}": use $Default, $Latest or a version number.`, "templateVersion");
  const n = Number(version);
  if (n > t.latestVersion) throw new ServiceError("InvalidLaunchTemplateId.VersionNotFound", `Could not find launch template version ${n} of ${t.id}: it has ${t.latestVersion}.`, "templateVersion");
  return n;
}

export async function templateVersion(ctx: AnyCtx, ref: z.output<typeof templateRef>, version = "$Default"): Promise<TemplateVersionView> {
  const t = await findTemplate(ctx, ref);
  const n = versionNumber(t, version);
  const v = await ctx.db.launchTemplateVersion.findUnique({ where: { templateId_version: { templateId: t.id, version: n } } });
  if (!v) throw new ServiceError("InvalidLaunchTemplateId.VersionNotFound", `Could not find launch template version ${n} of ${t.id}.`, "templateVersion");
  return versionView(t, v);
}

/** Checks the data as a launch would (image, type and architecture, key pair, groups); returns the group ids. */
async function checkData(ctx: TxCtx, d: TemplateData): Promise<string[]> {
  const image = await findLaunchableImage(ctx, d.imageId);
  const type = await findType(ctx, d.instanceType);
  if (type.architecture !== image.architecture)
    throw new ServiceError("InvalidParameterCombination", `${type.name} runs ${type.architecture === "i386" ? "32-bit" : "64-bit"} images only, and ${image.id} is ${image.architecture}.`, "instanceType");
  if (d.keyName) await findKeyPair(ctx, d.keyName);
  const names = d.securityGroups.filter((g) => !g.startsWith("sg-"));
  const ids = d.securityGroups.filter((g) => g.startsWith("sg-"));
  return (await resolveGroups(ctx, names, ids)).map((g) => g.id);
}

async function writeVersion(ctx: TxCtx, templateId: string, version: number, description: string, d: TemplateData) {
  const groupIds = await checkData(ctx, d);
  return ctx.db.launchTemplateVersion.create({
    data: {
      templateId, version, teamId: ctx.team.id, description, imageId: d.imageId, instanceType: d.instanceType, keyName: d.keyName ?? null,
      securityGroups: JSON.stringify(groupIds), userData: d.userData || null, tags: JSON.stringify(d.tags), createdBy: actorLabel(ctx.actor), createdAt: ctx.clock.now(),
    },
  });
}

const description = plainText(z.string().max(255, "A version description is at most 255 characters."), "Version descriptions").default("");

export const createLaunchTemplate = defineVerb({
  kind: "write",
  name: "CreateLaunchTemplate",
  permission: "fleets.write",
  input: z.object({ name: templateNameSchema, description, data: templateDataSchema }),
  failureTargets: (i) => [i.name],
  async run({ ctx, input, audit }) {
    const taken = await ctx.db.launchTemplate.findFirst({ where: { teamId: ctx.team.id, name: input.name } });
    if (taken) throw new ServiceError("InvalidLaunchTemplateName.AlreadyExistsException", `Launch template name already in use: ${input.name}.`, "name");
    const id = newId("lt");
    const t = await ctx.db.launchTemplate.create({ data: { id, teamId: ctx.team.id, name: input.name, createdBy: actorLabel(ctx.actor), createdAt: ctx.clock.now() } });
    await writeVersion(ctx, id, 1, input.description, input.data);
    audit.targets(id);
    audit.detail(`${input.name}: ${input.data.instanceType} of ${input.data.imageId}`);
    return view(t);
  },
});

export const createLaunchTemplateVersion = defineVerb({
  kind: "write",
  name: "CreateLaunchTemplateVersion",
  permission: "fleets.write",
  input: templateRef.extend({
    description,
    /** Start from this version and change only what `data` gives. */
    sourceVersion: z.string().optional(),
    data: templateDataShape.partial().default({}),
  }),
  failureTargets: (i) => [i.templateId ?? i.templateName ?? ""],
  async run({ ctx, input, audit }) {
    const t = await findTemplate(ctx, input);
    const base = input.sourceVersion !== undefined ? await templateVersion(ctx, input, input.sourceVersion) : null;
    const merged = templateDataSchema.safeParse({
      ...(base ? { imageId: base.imageId, instanceType: base.instanceType, keyName: base.keyName ?? undefined, securityGroups: base.securityGroupIds, userData: base.userData ?? undefined, tags: base.tags } : {}),
      ...Object.fromEntries(Object.entries(input.data).filter(([, v]) => v !== undefined)),
    });
    if (!merged.success) {
      const issue = merged.error.issues[0];
      throw new ServiceError(issue.input === undefined ? "MissingParameter" : "InvalidParameterValue", issue.input === undefined ? `${issue.path.join(".")} is required (or give a source version to start from).` : issue.message, `data.${issue.path.join(".")}`);
    }
    const version = t.latestVersion + 1;
    const v = await writeVersion(ctx, t.id, version, input.description, merged.data);
    const updated = await ctx.db.launchTemplate.update({ where: { id: t.id }, data: { latestVersion: version } });
    audit.targets(t.id);
    audit.detail(`version ${version}`);
    return versionView(updated, v);
  },
});

export const modifyLaunchTemplate = defineVerb({
  kind: "write",
  name: "ModifyLaunchTemplate",
  permission: "fleets.write",
  input: templateRef.extend({ defaultVersion: z.string().min(1, "Give the version to make the default.") }),
  failureTargets: (i) => [i.templateId ?? i.templateName ?? ""],
  async run({ ctx, input, audit }) {
    const t = await findTemplate(ctx, input);
    const n = versionNumber(t, input.defaultVersion);
    const updated = await ctx.db.launchTemplate.update({ where: { id: t.id }, data: { defaultVersion: n } });
    audit.targets(t.id);
    audit.detail(`default version ${n}`);
    return view(updated);
  },
});

export const deleteLaunchTemplate = defineVerb({
  kind: "write",
  name: "DeleteLaunchTemplate",
  permission: "fleets.write",
  input: templateRef,
  failureTargets: (i) => [i.templateId ?? i.templateName ?? ""],
  async run({ ctx, input, audit }) {
    const t = await findTemplate(ctx, input);
    const users = await ctx.db.scalingGroup.findMany({ where: { teamId: ctx.team.id, templateId: t.id }, select: { name: true } });
    if (users.length)
      throw new ServiceError("ResourceInUse", `The launch template ${t.name} is used by the instance group${users.length > 1 ? "s" : ""} ${users.map((u) => u.name).join(", ")}: change or delete ${users.length > 1 ? "them" : "it"} first.`, "templateName");
    await ctx.db.launchTemplateVersion.deleteMany({ where: { templateId: t.id } });
    await ctx.db.launchTemplate.delete({ where: { id: t.id } });
    audit.targets(t.id);
    audit.detail(t.name);
    return view(t);
  },
});

export const describeLaunchTemplates = defineVerb({
  kind: "read",
  name: "DescribeLaunchTemplates",
  permission: "fleets.read",
  input: z.object({ ids: z.array(z.string()).max(200, "Name at most 200 templates.").default([]), names: z.array(z.string()).max(200, "Name at most 200 templates.").default([]) }),
  async run({ ctx, input }) {
    for (const id of input.ids) if (!isId("lt", id)) throw new ServiceError("InvalidLaunchTemplateId.Malformed", `Invalid launch template id: "${id}".`, "ids");
    const rows = await ctx.db.launchTemplate.findMany({
      where: { teamId: ctx.team.id, ...(input.ids.length || input.names.length ? { OR: [{ id: { in: input.ids } }, { name: { in: input.names } }] } : {}) },
      orderBy: { createdAt: "asc" },
    });
    for (const id of input.ids) if (!rows.some((r) => r.id === id)) throw new ServiceError("InvalidLaunchTemplateId.NotFound", `The specified launch template, with template ID ${id}, does not exist.`, "ids");
    for (const n of input.names) if (!rows.some((r) => r.name === n)) throw new ServiceError("InvalidLaunchTemplateName.NotFoundException", `At least one of the launch templates specified in the request does not exist (${n}).`, "names");
    return rows.map(view);
  },
});

export const describeLaunchTemplateVersions = defineVerb({
  kind: "read",
  name: "DescribeLaunchTemplateVersions",
  permission: "fleets.read",
  input: templateRef.extend({ versions: z.array(z.string()).max(200).default([]) }),
  async run({ ctx, input }) {
    const t = await findTemplate(ctx, input);
    const wanted = [...new Set(input.versions.map((v) => versionNumber(t, v)))];
    const rows = await ctx.db.launchTemplateVersion.findMany({ where: { templateId: t.id, ...(wanted.length ? { version: { in: wanted } } : {}) }, orderBy: { version: "desc" } });
    return rows.map((v) => versionView(t, v));
  },
});
