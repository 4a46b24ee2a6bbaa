// Changing one's password (ends one's other sessions) and an admin's reset
// (the CLI's way back in for a locked-out admin).
import { z } from "zod";
import { defineVerb } from "../verb";
import { ServiceError } from "../../errors";
import { generatePassword, hashPassword, verifyPassword } from "../../auth/password";
import { passwordSchema, emailSchema } from "../teams/members";
import { changePasswordSchema } from "./schemas";

export const changePassword = defineVerb({
  kind: "write",
  name: "ChangePassword",
  permission: "self.manage",
  input: changePasswordSchema,
  // The checks and the hashing (argon2id, slow on purpose) before the transaction.
  async prepare({ ctx, input }) {
    if (ctx.actor.kind !== "user") throw new ServiceError("UnauthorizedOperation", "Only a signed-in person can change their password.");
    const user = await ctx.db.user.findUniqueOrThrow({ where: { id: ctx.actor.id } });
    if (!(await verifyPassword(user.passwordHash, input.current))) throw new ServiceError("InvalidCredentials", "Your current password is not right.", "current");
    if (input.current === input.next) throw new ServiceError("InvalidParameterValue", "Choose a password different from the current one.", "next");
    return { userId: user.id, checked: user.passwordHash, hash: await hashPassword(input.next) };
  },
  async run({ ctx, audit, prepared }) {
    const user = await ctx.db.user.findUniqueOrThrow({ where: { id: prepared.userId } });
    // Changed by another request since it was checked: the check no longer holds.
    if (user.passwordHash !== prepared.checked) throw new ServiceError("InvalidCredentials", "Your password was changed meanwhile. Enter the current one again.", "current");
    await ctx.db.user.update({ where: { id: user.id }, data: { passwordHash: prepared.hash, passwordChangedAt: new Date() } });
    const ended = await ctx.db.session.deleteMany({ where: { userId: user.id, ...(ctx.sessionId ? { id: { not: ctx.sessionId } } : {}) } });
    audit.targets(user.id);
    audit.detail(`ended ${ended.count} other session${ended.count === 1 ? "" : "s"}`);
    return { endedSessions: ended.count };
  },
});

export const resetPassword = defineVerb({
  kind: "write",
  name: "ResetPassword",
  permission: "members.write",
  input: z.object({ email: emailSchema, password: passwordSchema.optional() }),
  failureTargets: (i) => [i.email],
  async prepare({ input }) {
    const password = input.password ?? generatePassword();
    return { password, hash: await hashPassword(password) };
  },
  async run({ ctx, input, audit, prepared: { password, hash } }) {
    const m = await ctx.db.membership.findFirst({ where: { teamId: ctx.team.id, user: { email: input.email } }, include: { user: true } });
    if (!m) throw new ServiceError("ResourceNotFound", `${input.email} is not a member of ${ctx.team.name}.`, "email");
    await ctx.db.user.update({ where: { id: m.userId }, data: { passwordHash: hash, passwordChangedAt: new Date() } });
    const ended = await ctx.db.session.deleteMany({ where: { userId: m.userId } });
    audit.targets(m.userId);
    audit.detail(`${input.email}; ended ${ended.count} session${ended.count === 1 ? "" : "s"}`);
    return { email: input.email, password: input.password ? null : password };
  },
});
