// The operators' CLI: npm run stratus -- <command>. Calls the same service
// verbs as the console (one write path), audited with the actor "cli".
// Exit codes: 0 done, 1 refused (the message says why), 2 usage.
import { parseArgs } from "node:util";
import { runtime } from "../lib/runtime";
import type { Ctx } from "../lib/control-plane/context";
import { isServiceError, ServiceError } from "../lib/errors";
import { createTeam } from "../lib/control-plane/teams/teams";
import { addMember } from "../lib/control-plane/teams/members";
import { resetPassword } from "../lib/control-plane/identity/password";
import { createAccessKey, listAccessKeys } from "../lib/control-plane/identity/access-keys";

const USAGE = `Usage: npm run stratus -- <command>

  team create NAME
  user add --team NAME --email EMAIL --role admin|operator|billing|viewer [--password P]
  user reset-password --email EMAIL [--password P]
  access-key create --email EMAIL [--team NAME] [--description TEXT]
  access-key list --email EMAIL [--team NAME]
`;

class UsageError extends Error {}

async function cliCtx(teamName?: string, email?: string): Promise<Ctx> {
  const { db, clock } = await runtime();
  let team: { id: string; name: string } | null = null;
  if (teamName) {
    team = await db.team.findUnique({ where: { name: teamName }, select: { id: true, name: true } });
    if (!team) throw new ServiceError("ResourceNotFound", `There is no team named "${teamName}".`);
  } else if (email) {
    const m = await db.membership.findFirst({ where: { user: { email: email.trim().toLowerCase() } }, orderBy: { createdAt: "asc" }, include: { team: { select: { id: true, name: true } } } });
    if (!m) throw new ServiceError("ResourceNotFound", `No user with the email ${email} belongs to a team.`);
    team = m.team;
  }
  return { actor: { kind: "cli" }, team: team ?? { id: "", name: "" }, role: "admin", db, clock, sourceIp: "cli", via: "cli" };
}

async function userId(ctx: Ctx, email: string): Promise<string> {
  const u = await ctx.db.user.findUnique({ where: { email: email.trim().toLowerCase() } });
  if (!u) throw new ServiceError("ResourceNotFound", `There is no user with the email ${email}.`);
  return u.id;
}

function need(v: string | undefined, flag: string): string {
  if (!v) throw new UsageError(`${flag} is required.`);
  return v;
}

export async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { team: { type: "string" }, email: { type: "string" }, role: { type: "string" }, password: { type: "string" }, description: { type: "string" }, help: { type: "boolean", short: "h" } },
  });
  const [noun, verb, ...rest] = positionals;
  const print = (v: unknown) => console.log(typeof v === "string" ? v : JSON.stringify(v, null, 2));
  switch (`${noun} ${verb}`) {
    case "team create": {
      const name = need(rest.join(" ") || undefined, "NAME");
      const team = await createTeam({ ctx: await cliCtx(), input: { name } });
      print(`Created team "${team.name}" (${team.id}).`);
      return 0;
    }
    case "user add": {
      const ctx = await cliCtx(need(values.team, "--team"));
      const r = await addMember({ ctx, input: { email: need(values.email, "--email"), role: need(values.role, "--role") as "admin", password: values.password } });
      print(`Added ${r.email} to ${ctx.team.name} as ${r.role}.`);
      if (r.generatedPassword) print(`Password: ${r.generatedPassword}`);
      return 0;
    }
    case "user reset-password": {
      const email = need(values.email, "--email");
      const r = await resetPassword({ ctx: await cliCtx(values.team, email), input: { email, password: values.password } });
      print(r.password ? `New password for ${r.email}: ${r.password}` : `Password of ${r.email} changed.`);
      print("Their sessions were ended.");
      return 0;
    }
    case "access-key create": {
      const email = need(values.email, "--email");
      const ctx = await cliCtx(values.team, email);
      const k = await createAccessKey({ ctx, input: { userId: await userId(ctx, email), description: values.description ?? "created with the CLI" } });
      print({ AccessKeyId: k.accessKeyId, SecretAccessKey: k.secretAccessKey, Team: ctx.team.name, UserName: email });
      return 0;
    }
    case "access-key list": {
      const email = need(values.email, "--email");
      const ctx = await cliCtx(values.team, email);
      const keys = await listAccessKeys({ ctx, input: { userId: await userId(ctx, email) } });
      print({ AccessKeyMetadata: keys.map((k) => ({ AccessKeyId: k.accessKeyId, Status: k.status, CreateDate: k.createdAt, LastUsedDate: k.lastUsedAt, Team: ctx.team.name })) });
      return 0;
    }
    default:
      if (values.help || !noun) {
        process.stdout.write(USAGE);
        return values.help ? 0 : 2;
      }
      throw new UsageError(`Unknown command "${[noun, verb].filter(Boolean).join(" ")}".`);
  }
}

/** SQLite refuses a write at once ("database is locked") when the running server
 * committed between a command's read and its write; the command's transaction
 * rolled back whole, so running it again is safe. */
export function isBusy(e: unknown): boolean {
  return /database is locked|SQLITE_BUSY/.test(String((e as Error)?.message ?? e));
}

export async function mainWithRetries(argv: string[], attempts = 10): Promise<number> {
  for (let i = 1; ; i++) {
    try {
      return await main(argv);
    } catch (e) {
      if (!isBusy(e) || i >= attempts) throw e;
      await new Promise((r) => setTimeout(r, 50 * i + Math.random() * 100));
    }
  }
}

const isMain = process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/^.*\/scripts\//, "/scripts/"));
if (isMain) {
  mainWithRetries(process.argv.slice(2))
    .then((code) => process.exit(code))
    .catch((e) => {
      if (e instanceof UsageError || (e as { code?: string })?.code?.startsWith?.("ERR_PARSE_ARGS")) {
        process.stderr.write(`stratus: ${(e as Error).message}\n\n${USAGE}`);
        process.exit(2);
      }
      if (isServiceError(e)) {
        process.stderr.write(`stratus: ${e.message} (${e.code})\n`);
        process.exit(1);
      }
      process.stderr.write(`stratus: unexpected failure: ${(e as Error)?.message ?? e}\n`);
      process.exit(1);
    });
}
