// Members of a team: list, add (CLI and automation), change role, remove.
// A team always keeps at least one admin.
import { z } from "zod";
import { defineVerb } from "../verb";
import { emailSchema, roleSchema, passwordSchema } from "./schemas";
import { notifyAccessKeys } from "../../events";
import { ServiceError } from "../../errors";
import { generatePassword, hashPassword } from "../../auth/password";
import { newUuid } from "../../ids";
import type { TxCtx } from "../context";

export { emailSchema, roleSchema, passwordSchema };

async function membershipOf(ctx: TxCtx, userId: string) {
  const m = await ctx.db.membership.findUnique({ where: { userId_teamId: { userId, teamId: ctx.team.id } }, include: { user: { select: { email: true } } } });
  if (!m) throw new ServiceError("ResourceNotFound", "That person is not a member of this team.", "userId");
  return m;
}

async function ensureAnotherAdmin(ctx: TxCtx, userId: string, what: string) {
  const admins = await ctx.db.membership.count({ where: { teamId: ctx.team.id, role: "admin", userId: { not: userId } } });
  if (admins === 0) throw new ServiceError("LastAdmin", `The last admin of ${ctx.team.name} can't be ${what}. Make someone else an admin first.`, "userId");
}

export const listMembers = defineVerb({
  kind: "read",
  name: "DescribeMembers",
  permission: "members.read",
  input: z.object({}),
  async run({ ctx }) {
    const rows = await ctx.db.membership.findMany({ where: { teamId: ctx.team.id }, include: { user: { select: { id: true, email: true, name: true } } }, orderBy: { createdAt: "asc" } });
    return rows.map((m) => ({ userId: m.userId, email: m.user.email, name: m.user.name, role: m.role, joinedAt: m.createdAt.toISOString() }));
  },
});

export const addMember = defineVerb({
  kind: "write",
  name: "AddMember",
  permission: "members.write",
  input: z.object({ email: emailSchema, role: roleSchema, password: passwordSchema.optional() }),
  failureTargets: (i) => [i.email],
  // A new account's password is hashed before the transaction (argon2id is slow on purpose).
  async prepare({ input }) {
    const password = input.password ?? generatePassword();
    return { password, generated: input.password ? null : password, hash: await hashPassword(password) };
  },
  async run({ ctx, input, audit, prepared }) {
    const now = ctx.clock.now();
    let user = await ctx.db.user.findUnique({ where: { email: input.email } });
    let generated: string | null = null;
    if (!user) {
      generated = prepared.generated;
      user = await ctx.db.user.create({ data: { id: newUuid(), email: input.email, passwordHash: prepared.hash, passwordChangedAt: now, createdAt: now } });
    } else if (input.password) {
      throw new ServiceError("InvalidParameterValue", `${input.email} already has an account; their password was not changed (use user reset-password).`, "password");
    }
    const existing = await ctx.db.membership.findUnique({ where: { userId_teamId: { userId: user.id, teamId: ctx.team.id } } });
    if (existing) throw new ServiceError("InvalidParameterValue", `${input.email} is already a member of ${ctx.team.name} (${existing.role}).`, "email");
    await ctx.db.membership.create({ data: { userId: user.id, teamId: ctx.team.id, role: input.role, createdAt: now } });
    audit.targets(user.id);
    audit.detail(`${input.email} as ${input.role}`);
    return { userId: user.id, email: input.email, role: input.role, generatedPassword: generated };
  },
});

export const changeRole = defineVerb({
  kind: "write",
  name: "ChangeMemberRole",
  permission: "members.write",
  input: z.object({ userId: z.string().min(1), role: roleSchema }),
  failureTargets: (i) => [i.userId],
  async run({ ctx, input, audit }) {
    const m = await membershipOf(ctx, input.userId);
    if (m.role === "admin" && input.role !== "admin") await ensureAnotherAdmin(ctx, input.userId, "demoted");
    await ctx.db.membership.update({ where: { userId_teamId: { userId: input.userId, teamId: ctx.team.id } }, data: { role: input.role } });
    audit.targets(input.userId);
    audit.detail(`${m.user.email}: ${m.role} → ${input.role}`);
    return { userId: input.userId, role: input.role };
  },
  after: () => notifyAccessKeys(),
});

export const removeMember = defineVerb({
  kind: "write",
  name: "RemoveMember",
  permission: "members.write",
  input: z.object({ userId: z.string().min(1) }),
  failureTargets: (i) => [i.userId],
  async run({ ctx, input, audit }) {
    const m = await membershipOf(ctx, input.userId);
    if (m.role === "admin") await ensureAnotherAdmin(ctx, input.userId, "removed");
    await ctx.db.membership.delete({ where: { userId_teamId: { userId: input.userId, teamId: ctx.team.id } } });
    // Their sessions in this team and their access keys for it stop working now.
    await ctx.db.session.deleteMany({ where: { userId: input.userId, teamId: ctx.team.id } });
    await ctx.db.accessKey.updateMany({ where: { userId: input.userId, teamId: ctx.team.id }, data: { status: "Inactive" } });
    audit.targets(input.userId);
    audit.detail(`${m.user.email} (${m.role}) removed`);
    return { userId: input.userId };
  },
  after: () => notifyAccessKeys(),
});
