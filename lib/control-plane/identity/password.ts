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
  async run({ ctx, input, audit }) {
    if (ctx.actor.kind !== "user") throw new ServiceError("UnauthorizedOperation", "Only a signed-in person can change their password.");
    const user = await ctx.db.user.findUniqueOrThrow({ where: { id: ctx.actor.id } });
    if (!(await verifyPassword(user.passwordHash, input.current))) throw new ServiceError("InvalidCredentials", "Your current password is not right.", "current");
    if (input.current === input.next) throw new ServiceError("InvalidParameterValue", "Choose a password different from the current one.", "next");
    await ctx.db.user.update({ where: { id: user.id }, data: { passwordHash: await hashPassword(input.next), passwordChangedAt: new Date() } });
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
  async run({ ctx, input, audit }) {
    const m = await ctx.db.membership.findFirst({ where: { teamId: ctx.team.id, user: { email: input.email } }, include: { user: true } });
    if (!m) throw new ServiceError("ResourceNotFound", `${input.email} is not a member of ${ctx.team.name}.`, "email");
    const password = input.password ?? generatePassword();
    await ctx.db.user.update({ where: { id: m.userId }, data: { passwordHash: await hashPassword(password), passwordChangedAt: new Date() } });
    const ended = await ctx.db.session.deleteMany({ where: { userId: m.userId } });
    audit.targets(m.userId);
    audit.detail(`${input.email}; ended ${ended.count} session${ended.count === 1 ? "" : "s"}`);
    return { email: input.email, password: input.password ? null : password };
  },
});
