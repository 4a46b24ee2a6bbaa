// defineVerb: the one shape of a service verb. It validates the input (zod),
// checks the actor's role first, runs writes in a transaction that also writes
// the audit record, and audits refusals. Adapters (server actions, the EC2 API,
// the CLI) only translate to and from it.
import { z } from "zod";
import type { Ctx, TxCtx } from "./context";
import { ServiceError, isServiceError, type ErrorCode } from "../errors";
import { denial, type Permission } from "../auth/roles";
import { auditAttempt, auditSql, authorOf } from "./audit";
import { bindTransaction, execAll, readAll } from "../sql/read-rows";
import { plainTransaction } from "../sql/plain-transaction";
import type { Prisma } from "../generated/prisma/client";
import type { Tx } from "../db";
import "./zod-messages";

export interface AuditSink {
  /** Resource ids the change touched (shown and filterable in the audit log). */
  targets(...ids: string[]): void;
  detail(text: string): void;
  /** Copies the record into another team's log too (a team switch shows in both). */
  alsoIn(teamId: string): void;
}

/**
 * Writes whose results the verb doesn't read back, sent at the end of its
 * transaction together with its audit record: on PostgreSQL one round trip
 * under the write lock instead of one each (lib/sql/read-rows.ts execAll, whose
 * rules they follow: independent INSERT/UPDATE/DELETE statements).
 */
export interface TailWrites {
  add(statements: Prisma.Sql | Prisma.Sql[]): void;
}

class Tail implements TailWrites {
  readonly statements: Prisma.Sql[] = [];
  add(statements: Prisma.Sql | Prisma.Sql[]): void {
    this.statements.push(...(Array.isArray(statements) ? statements : [statements]));
  }
  /** Sends them (and `more` after them); `commit`: a plain transaction commits with them. */
  async flush(tx: Tx, more: Prisma.Sql[] = [], commit = false): Promise<void> {
    await execAll(tx, [...this.statements, ...more], { commit });
  }
}

interface BaseSpec<S extends z.ZodType> {
  /** Audit action name, EC2 style: "RunInstances", "AuthorizeSecurityGroupIngress". */
  name: string;
  permission: Permission;
  input: S;
}

export interface ReadSpec<S extends z.ZodType, O> extends BaseSpec<S> {
  kind: "read";
  run(args: { ctx: Ctx; input: z.output<S> }): Promise<O>;
}

export interface WriteSpec<S extends z.ZodType, O, P = undefined> extends BaseSpec<S> {
  kind: "write";
  /** Which ids to name in a failure's audit record, read from the raw input. */
  failureTargets?(input: z.output<S>): string[];
  /**
   * Slow work that needs no transaction (password hashing, key generation),
   * done before it: the transaction holds the database's one writer, and
   * every other write waits for it. Its result is `run`'s `prepared`.
   */
  prepare?(args: { ctx: Ctx; input: z.output<S> }): Promise<P>;
  /**
   * The transaction's first reads (SELECTs, read as lib/sql/read-rows.ts
   * readAll reads them), run under the write lock; `run` gets their rows as
   * `opened`. With `plainSql` on PostgreSQL they go out with BEGIN.
   */
  opening?(args: { ctx: Ctx; input: z.output<S>; prepared: P }): Prisma.Sql[];
  /**
   * `run` uses plain SQL only (lib/sql/read-rows.ts), so its transaction is
   * the database's own rather than Prisma's (lib/sql/plain-transaction.ts):
   * fewer round trips under the write lock. A Prisma call in it fails.
   */
  plainSql?: boolean;
  run(args: { ctx: TxCtx; input: z.output<S>; audit: AuditSink; prepared: P; tail: TailWrites; opened: unknown[][] }): Promise<O>;
  /** After commit: tell the rest of the process (event bus, reconciler). */
  after?(args: { ctx: Ctx; input: z.output<S>; output: O }): void;
}

export type Verb<S extends z.ZodType, O> = ((args: { ctx: Ctx; input: z.input<S> }) => Promise<O>) & {
  meta: { name: string; permission: Permission; kind: "read" | "write" };
  schema: S;
  /**
   * Runs a write verb inside another verb's transaction (a group launching its
   * replacement): role and input checked the same way, the caller's audit
   * record covers it. Call `after` once the caller has committed.
   */
  within(args: { ctx: TxCtx; input: z.input<S>; audit: AuditSink }): Promise<{ output: O; after: () => void }>;
};

export const registry: Verb<z.ZodType, unknown>[] = [];

export function zodToServiceError(error: z.ZodError, raw?: unknown): ServiceError {
  const issue = error.issues[0];
  const field = issue?.path.map(String).join(".") || undefined;
  // Zod 4's issues don't carry the input: a value given but not a number (coerced to NaN)
  // is told apart from a missing one by looking at what was sent.
  const sent = raw === undefined || !issue ? issue?.input : issue.path.reduce<unknown>((v, k) => (v !== null && typeof v === "object" ? (v as Record<PropertyKey, unknown>)[k] : undefined), raw);
  const missing = issue?.code === "invalid_type" && (sent === undefined || sent === null);
  const code = (issue as { params?: { code?: ErrorCode } } | undefined)?.params?.code ?? (missing ? "MissingParameter" : "InvalidParameterValue");
  const message = missing ? `${field ?? "A value"} is required.` : (issue?.message ?? "Invalid input.");
  return new ServiceError(code, message, field);
}

export function parseInput<S extends z.ZodType>(schema: S, raw: unknown): z.output<S> {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw zodToServiceError(parsed.error, raw);
  const nul = nulPath(parsed.data);
  // PostgreSQL's text can't hold NUL (and no EC2 name or value has one): refused
  // here, named, on either database, instead of failing deep in a query.
  if (nul !== null) throw new ServiceError("InvalidParameterValue", `${nul || "A value"} can't contain a NUL character.`, nul || undefined);
  return parsed.data;
}

/** The path of the first string holding U+0000 in a parsed input, or null. */
export function nulPath(value: unknown): string | null {
  const stack: [unknown, string][] = [[value, ""]];
  while (stack.length) {
    const [v, at] = stack.pop()!;
    if (typeof v === "string") {
      if (v.includes("\u0000")) return at;
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push([v[i], at ? `${at}.${i}` : String(i)]);
    } else if (v !== null && typeof v === "object" && !(v instanceof Date)) {
      for (const [k, x] of Object.entries(v)) stack.push([x, at ? `${at}.${k}` : k]);
    }
  }
  return null;
}

function authorize(ctx: Ctx, permission: Permission): void {
  const reason = denial(ctx.role, permission);
  if (reason) throw new ServiceError("UnauthorizedOperation", reason);
}

export function defineVerb<S extends z.ZodType, O, P = undefined>(spec: ReadSpec<S, O> | WriteSpec<S, O, P>): Verb<S, O> {
  const fn = async ({ ctx, input: raw }: { ctx: Ctx; input: z.input<S> }): Promise<O> => {
    if (spec.kind === "read") {
      authorize(ctx, spec.permission);
      return spec.run({ ctx, input: parseInput(spec.input, raw) });
    }
    let input: z.output<S> | undefined;
    try {
      authorize(ctx, spec.permission);
      input = parseInput(spec.input, raw);
      const parsed = input;
      const targets: string[] = [];
      const details: string[] = [];
      const teams: string[] = [];
      const sink: AuditSink = { targets: (...ids) => void targets.push(...ids), detail: (t) => void details.push(t), alsoIn: (teamId) => void teams.push(teamId) };
      const prepared = (spec.prepare ? await spec.prepare({ ctx, input: parsed }) : undefined) as P;
      const opening = spec.opening?.({ ctx, input: parsed, prepared }) ?? [];
      const body = async (tx: Tx, opened: unknown[][], plain: boolean) => {
        const txCtx: TxCtx = { ...ctx, db: tx };
        const tail = new Tail();
        const out = await spec.run({ ctx: txCtx, input: parsed, audit: sink, prepared, tail, opened });
        const author = authorOf(ctx);
        const entry = { action: spec.name, targets, details: details.join("; ") };
        await tail.flush(tx, [author, ...teams.map((teamId) => ({ ...author, teamId }))].map((who) => auditSql(who, entry)), plain);
        return out;
      };
      const output = spec.plainSql
        ? await plainTransaction(ctx.db, opening, (tx, opened) => body(tx, opened, true))
        : await ctx.db.$transaction(
            async (tx) => {
              bindTransaction(tx, ctx.db);
              return body(tx, opening.length ? await readAll(tx, opening) : [], false);
            },
            { timeout: 60_000, maxWait: 30_000 },
          );
      spec.after?.({ ctx, input: parsed, output });
      return output;
    } catch (e) {
      const code = isServiceError(e) ? e.code : "InternalError";
      // A refusal still names what it was aimed at, when the input says.
      const aimed = input ?? (spec.failureTargets ? spec.input.safeParse(raw).data : undefined);
      const targets = aimed !== undefined && spec.failureTargets ? spec.failureTargets(aimed) : [];
      await auditAttempt(ctx.db, authorOf(ctx), { action: spec.name, targets, result: code, details: isServiceError(e) ? e.message : "" }).catch(() => {});
      throw e;
    }
  };
  const within = async ({ ctx, input: raw, audit }: { ctx: TxCtx; input: z.input<S>; audit: AuditSink }) => {
    if (spec.kind !== "write") throw new Error(`${spec.name} is not a write verb`);
    authorize(ctx as unknown as Ctx, spec.permission);
    const input = parseInput(spec.input, raw);
    // Inside the caller's transaction, a prepare step can only run there too.
    const prepared = (spec.prepare ? await spec.prepare({ ctx: ctx as unknown as Ctx, input }) : undefined) as P;
    const tail = new Tail();
    const opening = spec.opening?.({ ctx: ctx as unknown as Ctx, input, prepared }) ?? [];
    const opened = opening.length ? await readAll(ctx.db, opening) : [];
    const output = await spec.run({ ctx, input, audit, prepared, tail, opened });
    await tail.flush(ctx.db);
    // The hooks only tell the process (event bus); they never touch the database.
    return { output, after: () => spec.after?.({ ctx: ctx as unknown as Ctx, input, output }) };
  };
  const verb = Object.assign(fn, { meta: { name: spec.name, permission: spec.permission, kind: spec.kind }, schema: spec.input, within });
  registry.push(verb as unknown as Verb<z.ZodType, unknown>);
  return verb;
}
