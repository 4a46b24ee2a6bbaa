// Invitations: an admin invites an email with a role and passes the link on
// (no mail server). Links are single-use and expire after 7 days.
import { z } from "zod";
import { defineVerb } from "../verb";
import { ServiceError } from "../../errors";
import { plainText } from "../../text";
import { passwordSchema } from "./members";
import { inviteSchema } from "./schemas";
import { hashToken, newToken } from "../../auth/tokens";
import { hashPassword, verifyPassword } from "../../auth/password";
import { newUuid } from "../../ids";
import type { Db } from "../../db";
import { auditedWrite } from "../audit";
import { createSession } from "../../auth/sessions";

export const INVITATION_DAYS = 7;

export const inviteMember = defineVerb({
  kind: "write",
  name: "InviteMember",
  permission: "members.write",
  input: inviteSchema,
  failureTargets: (i) => [i.email],
  async run({ ctx, input, audit }) {
    const member = await ctx.db.membership.findFirst({ where: { teamId: ctx.team.id, user: { email: input.email } } });
    if (member) throw new ServiceError("InvalidParameterValue", `${input.email} is already a member of ${ctx.team.name}.`, "email");
    const token = newToken();
    // Invitations follow the wall clock, like sessions, whatever the simulated speed.
    const now = new Date();
    const id = newUuid();
    await ctx.db.invitation.create({
      data: { id, teamId: ctx.team.id, email: input.email, role: input.role, tokenHash: hashToken(token), createdById: ctx.actor.kind === "user" ? ctx.actor.id : null, createdAt: now, expiresAt: new Date(now.getTime() + INVITATION_DAYS * 86_400_000) },
    });
    audit.targets(id);
    audit.detail(`${input.email} as ${input.role}`);
    return { id, email: input.email, role: input.role, path: `/invite/${token}`, expiresAt: new Date(now.getTime() + INVITATION_DAYS * 86_400_000).toISOString() };
  },
});

export const listInvitations = defineVerb({
  kind: "read",
  name: "DescribeInvitations",
  permission: "members.read",
  input: z.object({}),
  async run({ ctx }) {
    const rows = await ctx.db.invitation.findMany({ where: { teamId: ctx.team.id, usedAt: null, revokedAt: null, expiresAt: { gt: new Date() } }, orderBy: { createdAt: "desc" } });
    return rows.map((r) => ({ id: r.id, email: r.email, role: r.role, createdAt: r.createdAt.toISOString(), expiresAt: r.expiresAt.toISOString() }));
  },
});

export const revokeInvitation = defineVerb({
  kind: "write",
  name: "RevokeInvitation",
  permission: "members.write",
  input: z.object({ id: z.string().min(1) }),
  failureTargets: (i) => [i.id],
  async run({ ctx, input, audit }) {
    const inv = await ctx.db.invitation.findFirst({ where: { id: input.id, teamId: ctx.team.id } });
    if (!inv) throw new ServiceError("ResourceNotFound", "That invitation does not exist.", "id");
    await ctx.db.invitation.update({ where: { id: inv.id }, data: { revokedAt: new Date() } });
    audit.targets(inv.id);
    audit.detail(inv.email);
    return { id: inv.id };
  },
});

/** What an invitation link offers, or why it can't be used. */
export async function describeInvitation(db: Db, token: string) {
  const inv = await db.invitation.findUnique({ where: { tokenHash: hashToken(token) } });
  if (!inv) throw new ServiceError("InvalidInvitation", "This invitation link is not valid. Check that you copied all of it, or ask your admin for a new one.");
  if (inv.usedAt) throw new ServiceError("InvalidInvitation", "This invitation was already used. Sign in with the password you chose.");
  if (inv.revokedAt) throw new ServiceError("InvalidInvitation", "This invitation was withdrawn. Ask your admin for a new one.");
  if (inv.expiresAt <= new Date()) throw new ServiceError("InvalidInvitation", `This invitation expired on ${inv.expiresAt.toISOString().slice(0, 16).replace("T", " ")} UTC. Ask your admin for a new one.`);
  const team = await db.team.findUniqueOrThrow({ where: { id: inv.teamId }, select: { name: true } });
  const existing = await db.user.findUnique({ where: { email: inv.email }, select: { id: true } });
  return { invitation: inv, teamName: team.name, hasAccount: Boolean(existing) };
}

const acceptSchema = z.object({ token: z.string().min(1).max(200), password: passwordSchema, name: plainText(z.string().trim().max(100, "Names are at most 100 characters."), "Names").default("") });

/** Accepts an invitation: a new account sets its password; an existing one proves it. Joining, the session and the audit record commit together. */
export async function acceptInvitation(db: Db, raw: { token: string; password: string; name?: string; ip: string }): Promise<{ userId: string; teamId: string; token: string; expiresAt: Date }> {
  const parsed = acceptSchema.safeParse(raw);
  if (!parsed.success) throw new ServiceError("InvalidParameterValue", parsed.error.issues[0].message, String(parsed.error.issues[0].path[0] ?? ""));
  const { invitation: inv } = await describeInvitation(db, raw.token);
  const now = new Date();
  const existing = await db.user.findUnique({ where: { email: inv.email } });
  if (existing && !(await verifyPassword(existing.passwordHash, parsed.data.password)))
    throw new ServiceError("InvalidCredentials", `${inv.email} already has an account: enter its password to join.`, "password");
  const hash = existing ? null : await hashPassword(parsed.data.password);
  const userId = existing?.id ?? newUuid();
  return auditedWrite(db, { at: now, teamId: inv.teamId, actorId: userId, actorLabel: inv.email, sourceIp: raw.ip }, async (tx, audit) => {
    // Single use even under a double submit: only one update finds it unused.
    const claimed = await tx.invitation.updateMany({ where: { id: inv.id, usedAt: null }, data: { usedAt: now } });
    if (claimed.count === 0) throw new ServiceError("InvalidInvitation", "This invitation was already used. Sign in with the password you chose.");
    if (!existing) await tx.user.create({ data: { id: userId, email: inv.email, name: parsed.data.name, passwordHash: hash, passwordChangedAt: now, createdAt: now } });
    await tx.membership.upsert({
      where: { userId_teamId: { userId, teamId: inv.teamId } },
      create: { userId, teamId: inv.teamId, role: inv.role, createdAt: now },
      update: {},
    });
    const session = await createSession(tx, userId, inv.teamId, raw.ip);
    audit({ action: "AcceptInvitation", targets: [inv.id, userId], details: `joined as ${inv.role}` });
    return { userId, teamId: inv.teamId, ...session };
  });
}
