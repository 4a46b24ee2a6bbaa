// Reading the audit log: filters by actor, action, target and time; pages for
// the console and rows for the CSV export.
import { z } from "zod";
import { defineVerb } from "../verb";
import type { Prisma } from "../../generated/prisma/client";
import type { Ctx } from "../context";
import { ServiceError } from "../../errors";

export const auditFilterSchema = z.object({
  actor: z.string().trim().max(200).default(""),
  action: z.string().trim().max(100).default(""),
  target: z.string().trim().max(200).default(""),
  result: z.enum(["", "success", "failure"]).default(""),
  from: z.string().trim().default(""),
  to: z.string().trim().default(""),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
});

export type AuditFilter = z.input<typeof auditFilterSchema>;

function parseTime(v: string, field: string): Date | null {
  if (!v) return null;
  const d = new Date(/^\d{4}-\d{2}-\d{2}$/.test(v) ? `${v}T00:00:00Z` : v);
  if (Number.isNaN(d.getTime())) throw new ServiceError("InvalidParameterValue", `"${v}" is not a date (use YYYY-MM-DD or an ISO time).`, field);
  return d;
}

export function auditWhere(ctx: Ctx, f: z.output<typeof auditFilterSchema>): Prisma.AuditEventWhereInput {
  const from = parseTime(f.from, "from");
  let to = parseTime(f.to, "to");
  // A bare end date includes that whole day.
  if (to && /^\d{4}-\d{2}-\d{2}$/.test(f.to)) to = new Date(to.getTime() + 86_400_000);
  if (from && to && from >= to) throw new ServiceError("InvalidParameterValue", "The start of the period must be before its end.", "to");
  return {
    teamId: ctx.team.id,
    ...(f.actor ? { actorLabel: { contains: f.actor } } : {}),
    ...(f.action ? { action: f.action } : {}),
    ...(f.target ? { targets: { contains: f.target } } : {}),
    ...(f.result === "success" ? { result: "success" } : f.result === "failure" ? { result: { not: "success" } } : {}),
    ...(from || to ? { at: { ...(from ? { gte: from } : {}), ...(to ? { lt: to } : {}) } } : {}),
  };
}

export function auditView(e: { id: number; at: Date; actorLabel: string; action: string; targets: string; sourceIp: string; result: string; details: string }) {
  return { id: e.id, at: e.at.toISOString(), actor: e.actorLabel, action: e.action, targets: e.targets, sourceIp: e.sourceIp, result: e.result, details: e.details };
}

export const listAudit = defineVerb({
  kind: "read",
  name: "DescribeAuditEvents",
  permission: "audit.read",
  input: auditFilterSchema,
  async run({ ctx, input }) {
    const where = auditWhere(ctx, input);
    const [rows, total, actions] = await Promise.all([
      ctx.db.auditEvent.findMany({ where, orderBy: [{ at: "desc" }, { id: "desc" }], skip: (input.page - 1) * input.pageSize, take: input.pageSize }),
      ctx.db.auditEvent.count({ where }),
      ctx.db.auditEvent.groupBy({ by: ["action"], where: { teamId: ctx.team.id }, orderBy: { action: "asc" } }),
    ]);
    return { items: rows.map(auditView), total, page: input.page, pageSize: input.pageSize, actions: actions.map((a) => a.action) };
  },
});

/** Every matching record, oldest first, in batches (for the CSV export). */
export const exportAudit = defineVerb({
  kind: "read",
  name: "ExportAuditEvents",
  permission: "audit.read",
  input: auditFilterSchema,
  async run({ ctx, input }) {
    const where = auditWhere(ctx, input);
    return async function* rows() {
      let after = 0;
      for (;;) {
        const batch = await ctx.db.auditEvent.findMany({ where: { AND: [where, { id: { gt: after } }] }, orderBy: { id: "asc" }, take: 1000 });
        if (batch.length === 0) return;
        for (const r of batch) yield auditView(r);
        after = batch[batch.length - 1].id;
      }
    };
  },
});
