// Three Stratus replicas on one fresh PostgreSQL database (issue 14): they
// start together; launches and terminations go through all three; the lease
// holder is killed (-9) in the middle of launching 500 instances and launches
// it was serving are retried elsewhere with the same ClientToken. Afterwards
// every instance converged exactly once, each ClientToken made one
// reservation, the audit log has one RunInstances per reservation, and one
// instance's console streams live from all three (the killed one restarted).
import { test, expect } from "@playwright/test";
import {
  EC2Client, RunInstancesCommand, TerminateInstancesCommand, RebootInstancesCommand, DescribeRegionsCommand, paginateDescribeInstances,
  type RunInstancesCommandOutput,
} from "@aws-sdk/client-ec2";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { createTestPgDatabase } from "../lib/testing/pg";
import { ADMIN, KEY, Replica, awaitLeader, freePort, sleep } from "./replicas";
import { ConsoleStream } from "./console-stream";

const RESERVATIONS = 50;
const PER_RESERVATION = 10;
const KILL_AFTER = 20; // reservations done before the lease holder dies
const TERMINATE = 150;
const IMAGE = "ami-f937d290"; // Fedora 8, i386

test.describe.configure({ mode: "serial" });

let scratch = "";
let failures = 0;
let database: Awaited<ReturnType<typeof createTestPgDatabase>>;
let sql: pg.Pool;
let replicas: Replica[] = [];
const clients = new Map<Replica, EC2Client>();

const ec2 = (r: Replica) => {
  let c = clients.get(r);
  if (!c) clients.set(r, (c = new EC2Client({ region: "us-east-1", endpoint: `${r.url}/api/aws`, credentials: KEY, maxAttempts: 1 })));
  return c;
};
const live = () => replicas.filter((r) => r.alive);
/** An error without an HTTP status never reached a server's answer: the connection failed. */
const connectionError = (e: unknown) => !(e as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
const rows = async <T extends pg.QueryResultRow>(text: string, values: unknown[] = []) => (await sql.query<T>(text, values)).rows;

// What the launches saw, for the checks after them.
const launched = new Map<string, { reservationId: string; instanceIds: string[] }>(); // ClientToken → reservation
const retries: { token: string; from: string; to: string; error: string }[] = [];
let killed: Replica;
let takeoverMs = -1;

test.beforeAll(async () => {
  test.setTimeout(240_000);
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), "stratus-cluster-"));
  database = await createTestPgDatabase("stratus_cluster");
  sql = new pg.Pool({ connectionString: database.url, max: 2 });
  const env = {
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    DATABASE_URL: database.url,
    // Every replica seals and opens access-key secrets with the same key.
    STRATUS_SECRET_KEY: crypto.randomBytes(32).toString("base64"),
    STRATUS_ADMIN_EMAIL: ADMIN.email,
    STRATUS_ADMIN_PASSWORD: ADMIN.password,
    STRATUS_ADMIN_ACCESS_KEY_ID: KEY.accessKeyId,
    STRATUS_ADMIN_SECRET_ACCESS_KEY: KEY.secretAccessKey,
    STRATUS_SIM_SPEED: "30",
    STRATUS_INSTANCE_LIMIT: "1000",
    STRATUS_PUBLIC_POOL: "198.18.0.0/15",
    STRATUS_DEMO: "0",
    STRATUS_DNS_PORT: "",
    STRATUS_LOG_LEVEL: "warn",
  };
  const ports = [await freePort(), await freePort(), await freePort()];
  replicas = ["a", "b", "c"].map((n, i) => new Replica(`replica ${n}`, ports[i], path.join(scratch, n), env));
  // All three at once on the empty database: one migrates, the others wait for it.
  await Promise.all(replicas.map((r) => r.start())).catch((e: unknown) => {
    failures++;
    throw e;
  });
});

test.afterEach(({}, info) => {
  if (info.status !== info.expectedStatus) failures++;
});

test.afterAll(async () => {
  await Promise.all(replicas.map((r) => r.stop()));
  for (const c of clients.values()) c.destroy();
  await sql?.end();
  await database?.drop();
  // The replicas' logs stay for a failure's post-mortem.
  if (failures === 0) fs.rmSync(scratch, { recursive: true, force: true });
  else console.log(`replica logs kept in ${scratch}`);
});

test("three replicas started together: migrated once, one admin, one leader, one key that works on each", async () => {
  const migrations = await rows<{ migration_name: string; n: string }>(`SELECT migration_name, COUNT(*) AS n FROM _prisma_migrations GROUP BY migration_name`);
  const dirs = fs.readdirSync("prisma/migrations-pg").filter((n) => fs.existsSync(path.join("prisma/migrations-pg", n, "migration.sql")));
  expect(migrations.map((m) => [m.migration_name, Number(m.n)]).sort()).toEqual(dirs.sort().map((d) => [d, 1]));
  expect(await rows(`SELECT "email" FROM "User"`)).toEqual([{ email: ADMIN.email }]);
  expect(await rows(`SELECT COUNT(*)::int AS n FROM "Team"`)).toEqual([{ n: 1 }]);
  const { leader } = await awaitLeader(replicas, 15_000);
  const healths = await Promise.all(replicas.map((r) => r.health()));
  expect(healths.map((h) => h?.leader)).toEqual(replicas.map((r) => r === leader));
  // The bootstrap key was sealed by whichever replica bootstrapped; every replica opens it.
  for (const r of replicas) expect((await ec2(r).send(new DescribeRegionsCommand({}))).Regions?.length).toBeGreaterThan(0);
});

test("500 launches through all three; the lease holder killed -9 mid-launch; each ClientToken makes one reservation", async () => {
  test.setTimeout(300_000);
  const tokens = Array.from({ length: RESERVATIONS }, (_, i) => `cluster-${i}`);
  const queue = [...tokens];
  const inFlight = new Map<Replica, number>(replicas.map((r) => [r, 0]));
  let done = 0;

  /** Sends one launch to r; on a connection error the same ClientToken goes to another live replica. */
  async function launch(token: string, first: Replica): Promise<void> {
    let r = first;
    for (let attempt = 0; attempt < 6; attempt++) {
      const target = r;
      inFlight.set(target, inFlight.get(target)! + 1);
      try {
        const out: RunInstancesCommandOutput = await ec2(target).send(new RunInstancesCommand({ ImageId: IMAGE, InstanceType: "m1.small", MinCount: PER_RESERVATION, MaxCount: PER_RESERVATION, ClientToken: token }));
        launched.set(token, { reservationId: out.ReservationId!, instanceIds: out.Instances!.map((i) => i.InstanceId!) });
        done++;
        return;
      } catch (e) {
        if (!connectionError(e)) throw e;
        const next = live().find((x) => x !== target) ?? live()[0];
        retries.push({ token, from: target.name, to: next.name, error: String((e as Error).message ?? e) });
        r = next;
      } finally {
        inFlight.set(target, inFlight.get(target)! - 1);
      }
    }
    throw new Error(`launch ${token}: no replica answered`);
  }

  // Two clients per replica; a client whose replica died moves to a live one.
  const workers = Array.from({ length: 6 }, async (_, w) => {
    while (queue.length) {
      const token = queue.shift()!;
      const home = replicas[w % replicas.length];
      await launch(token, home.alive ? home : live()[w % live().length]);
    }
  });

  // Meanwhile: once KILL_AFTER launches are done, kill -9 the lease holder while it serves one.
  const { leader } = await awaitLeader(replicas, 10_000);
  const killer = (async () => {
    while (done < KILL_AFTER) await sleep(10);
    const deadline = Date.now() + 5000;
    while (inFlight.get(leader)! === 0 && Date.now() < deadline) await sleep(2);
    killed = leader;
    const serving = inFlight.get(leader);
    const at = Date.now();
    await leader.kill9();
    const survivors = replicas.filter((r) => r !== leader);
    const next = await awaitLeader(survivors, 10_000);
    takeoverMs = Date.now() - at;
    console.log(`killed ${leader.name} serving ${serving} launch(es), after ${done} launches; ${next.leader.name} took the lease in ${takeoverMs} ms`);
  })();

  await Promise.all([...workers, killer]);
  console.log(`retried with the same ClientToken: ${JSON.stringify(retries)}`);
  expect(killed.alive).toBe(false);
  expect(takeoverMs).toBeGreaterThan(0);
  expect(takeoverMs).toBeLessThan(10_000);
  expect(launched.size).toBe(RESERVATIONS);

  // The database: one reservation per token, the one the client was given, with its 10 instances.
  const reservations = await rows<{ clientToken: string; id: string; n: number }>(
    `SELECT r."clientToken", r."id", (SELECT COUNT(*)::int FROM "Instance" i WHERE i."reservationId" = r."id") AS n FROM "Reservation" r WHERE r."clientToken" LIKE 'cluster-%'`,
  );
  expect(reservations.length).toBe(RESERVATIONS);
  expect(Object.fromEntries(reservations.map((r) => [r.clientToken, r.id]))).toEqual(Object.fromEntries([...launched].map(([t, l]) => [t, l.reservationId])));
  expect(reservations.every((r) => r.n === PER_RESERVATION)).toBe(true);

  // A token replayed on another replica returns the same reservation (the constraint, not one replica's memory).
  for (const [i, [token, l]] of [...launched].slice(0, 6).entries()) {
    const r = live()[i % live().length];
    const again = await ec2(r).send(new RunInstancesCommand({ ImageId: IMAGE, InstanceType: "m1.small", MinCount: PER_RESERVATION, MaxCount: PER_RESERVATION, ClientToken: token }));
    expect([again.ReservationId, again.Instances?.map((x) => x.InstanceId)]).toEqual([l.reservationId, l.instanceIds]);
  }
});

test("every launched instance reaches running exactly once, as each survivor reports", async () => {
  test.setTimeout(240_000);
  const ids = [...launched.values()].flatMap((l) => l.instanceIds);
  expect(new Set(ids).size).toBe(RESERVATIONS * PER_RESERVATION);
  await expect
    .poll(async () => (await rows<{ n: number }>(`SELECT COUNT(*)::int AS n FROM "Instance" WHERE "id" = ANY($1) AND "state" = 'running'`, [ids]))[0].n, { timeout: 180_000, intervals: [1000] })
    .toBe(ids.length);
  const history = await transitionsOf(ids);
  for (const id of ids) expect({ id, transitions: history.get(id) }).toEqual({ id, transitions: ["→pending", "pending→running"] });
  for (const r of live()) {
    const running = new Set<string>();
    for await (const page of paginateDescribeInstances({ client: ec2(r), pageSize: 1000 }, { Filters: [{ Name: "instance-state-name", Values: ["running"] }] }))
      for (const res of page.Reservations ?? []) for (const i of res.Instances ?? []) running.add(i.InstanceId!);
    expect(ids.filter((id) => !running.has(id))).toEqual([]);
  }
});

test("the killed replica restarts; terminations through all three each happen once", async () => {
  test.setTimeout(240_000);
  await killed.start();
  expect((await killed.health())?.leader).toBe(false);
  const ids = [...launched.values()].flatMap((l) => l.instanceIds);
  const doomed = ids.slice(0, TERMINATE);
  const batches = Array.from({ length: TERMINATE / 5 }, (_, i) => doomed.slice(i * 5, i * 5 + 5));
  await Promise.all(
    batches.map(async (batch, i) => {
      const out = await ec2(replicas[i % 3]).send(new TerminateInstancesCommand({ InstanceIds: batch }));
      expect(out.TerminatingInstances?.map((t) => t.PreviousState?.Name)).toEqual(batch.map(() => "running"));
    }),
  );
  await expect
    .poll(async () => (await rows<{ n: number }>(`SELECT COUNT(*)::int AS n FROM "Instance" WHERE "id" = ANY($1) AND "state" = 'terminated'`, [doomed]))[0].n, { timeout: 180_000, intervals: [1000] })
    .toBe(doomed.length);
  const history = await transitionsOf(ids);
  for (const id of doomed) expect({ id, transitions: history.get(id) }).toEqual({ id, transitions: ["→pending", "pending→running", "running→shutting-down", "shutting-down→terminated"] });
  for (const id of ids.slice(TERMINATE)) expect({ id, transitions: history.get(id) }).toEqual({ id, transitions: ["→pending", "pending→running"] });
});

test("the audit log has one RunInstances per reservation and one TerminateInstances per terminated instance", async () => {
  const runs = await rows<{ targets: string; details: string }>(`SELECT "targets", "details" FROM "AuditEvent" WHERE "action" = 'RunInstances' AND "result" = 'success'`);
  const launches = runs.filter((r) => !r.details.startsWith("idempotent retry"));
  const reservations = (await rows<{ id: string }>(`SELECT "id" FROM "Reservation"`)).map((r) => r.id);
  // Each entry names its reservation first, then its instances.
  expect(launches.map((r) => r.targets.split(" ")[0]).sort()).toEqual(reservations.sort());
  for (const [, l] of launched) {
    const entry = launches.find((r) => r.targets.split(" ")[0] === l.reservationId)!;
    expect(entry.targets.split(" ").slice(1).sort()).toEqual([...l.instanceIds].sort());
  }
  // Retries and replays say so, and name the reservation they returned.
  const replays = runs.filter((r) => r.details.startsWith("idempotent retry"));
  expect(replays.length).toBeGreaterThanOrEqual(6);
  expect(replays.every((r) => reservations.includes(r.targets.split(" ")[0]))).toBe(true);

  const doomed = [...launched.values()].flatMap((l) => l.instanceIds).slice(0, TERMINATE);
  const terminations = await rows<{ targets: string }>(`SELECT "targets" FROM "AuditEvent" WHERE "action" = 'TerminateInstances' AND "result" = 'success'`);
  expect(terminations.flatMap((t) => t.targets.split(" ")).sort()).toEqual([...doomed].sort());
});

test("one instance's console streams live from all three replicas", async () => {
  test.setTimeout(120_000);
  const id = [...launched.values()].flatMap((l) => l.instanceIds).at(-1)!;
  const streams = replicas.map((r) => new ConsoleStream(r.url, id, KEY));
  try {
    // What is kept: the whole first boot, up to the login prompt.
    for (const s of streams) await s.until((x) => [...x.lines.values()].some((l) => / login: $/.test(l.text)), 30_000, "first boot's login prompt");
    const before = Math.max(...streams.map((s) => s.lastSeq));
    const chunksBefore = streams.map((s) => s.chunks);
    await ec2(replicas[1]).send(new RebootInstancesCommand({ InstanceIds: [id] }));
    const rebooted = (s: ConsoleStream) => [...s.lines.values()].filter((l) => l.seq > before);
    for (const s of streams) await s.until((x) => rebooted(x).some((l) => / login: $/.test(l.text)), 60_000, "the reboot's login prompt");
    // Each replica pushed the reboot's lines on the open stream as they were written
    // (in several events, the shutdown before the login prompt), and all three saw the same lines.
    streams.forEach((s, i) => {
      const lines = rebooted(s);
      expect(lines.every((l) => l.chunk > chunksBefore[i])).toBe(true);
      const down = lines.find((l) => l.text === "The system is going down for reboot NOW!");
      const login = lines.find((l) => / login: $/.test(l.text))!;
      expect(down).toBeDefined();
      expect(login.chunk).toBeGreaterThan(down!.chunk);
    });
    const seen = streams.map((s) => rebooted(s).map((l) => `${l.seq} ${l.text}`));
    expect(seen[1]).toEqual(seen[0]);
    expect(seen[2]).toEqual(seen[0]);
    // And it is what the database keeps.
    const [kept] = await rows<{ text: string; nextSeq: number }>(`SELECT "text", "nextSeq" FROM "ConsoleOutput" WHERE "instanceId" = $1`, [id]);
    expect(kept.nextSeq - 1).toBe(Math.max(...streams.map((s) => s.lastSeq)));
  } finally {
    for (const s of streams) s.close();
  }
});

test("a session signed in on one replica works on the others", async ({ page }) => {
  const [a, b, c] = replicas;
  await page.goto(`${a.url}/sign-in`);
  await page.getByLabel("Email").fill(ADMIN.email);
  await page.getByLabel("Password").fill(ADMIN.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: "Instances" })).toBeVisible();
  // Cookies belong to the host, not the port: the same session reaches b and c.
  for (const r of [b, c]) {
    await page.goto(`${r.url}/instances`);
    await expect(page.getByRole("heading", { name: "Instances" })).toBeVisible();
    await expect(page).toHaveURL(`${r.url}/instances`);
  }
});

/** Each instance's state changes in order, as "from→to". */
async function transitionsOf(ids: string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  const all = await rows<{ instanceId: string; fromState: string; toState: string }>(
    `SELECT "instanceId", "fromState", "toState" FROM "StateTransition" WHERE "instanceId" = ANY($1) ORDER BY "instanceId", "at", "id"`,
    [ids],
  );
  for (const t of all) out.set(t.instanceId, [...(out.get(t.instanceId) ?? []), `${t.fromState}→${t.toState}`]);
  return out;
}
