// One data model, two dialects: a database migrated with prisma/migrations
// (SQLite) and one migrated with prisma/migrations-pg (PostgreSQL) have the
// same tables, columns, keys and indexes. A migration written for one dialect
// and not the other fails here. Runs in the PostgreSQL pass of npm test.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { migrate } from "./migrate";
import { migratePg } from "./migrate-pg";
import { createTestPgDatabase, testDialect } from "../testing/pg";
import { pgShape, sqliteShape, type SchemaShape } from "../testing/schema-shape";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "stratus-parity-"));
const drops: (() => Promise<void>)[] = [];

async function migratedPg(migrations: string): Promise<SchemaShape> {
  const db = await createTestPgDatabase("stratus_parity");
  drops.push(db.drop);
  await migratePg(db.url, migrations);
  return pgShape(db.url);
}

describe.runIf(testDialect() === "postgres")("the SQLite and PostgreSQL migrations", () => {
  let sqlite: SchemaShape;
  let postgres: SchemaShape;
  beforeAll(async () => {
    const file = path.join(dir, "parity.db");
    migrate(file, path.resolve("prisma/migrations"));
    sqlite = sqliteShape(file);
    postgres = await migratedPg(path.resolve("prisma/migrations-pg"));
  });
  afterAll(async () => {
    for (const drop of drops) await drop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("make the same tables", () => {
    expect(Object.keys(postgres).sort()).toEqual(Object.keys(sqlite).sort());
    expect(Object.keys(sqlite).length).toBeGreaterThan(30);
  });

  it("make the same columns, of the same kind and nullability", () => {
    for (const name of Object.keys(sqlite)) expect({ [name]: postgres[name]?.columns }).toEqual({ [name]: sqlite[name].columns });
    const kinds = Object.values(sqlite).flatMap((t) => Object.values(t.columns).map((c) => c.kind));
    expect(kinds.filter((k) => k.startsWith("unknown"))).toEqual([]);
  });

  it("make the same primary keys, unique indexes and indexes", () => {
    const keys = (s: SchemaShape) => Object.fromEntries(Object.entries(s).map(([n, t]) => [n, { primaryKey: t.primaryKey, unique: t.unique, indexes: t.indexes }]));
    expect(keys(postgres)).toEqual(keys(sqlite));
    // ClientToken idempotency across replicas rests on this constraint.
    expect(sqlite.Reservation.unique).toContain("teamId, clientToken");
  });

  it("tell a migration added to one dialect only", async () => {
    const extra = path.join(dir, "pg-plus-one");
    fs.cpSync(path.resolve("prisma/migrations-pg"), extra, { recursive: true });
    fs.mkdirSync(path.join(extra, "9999_only_here"));
    fs.writeFileSync(path.join(extra, "9999_only_here", "migration.sql"), `ALTER TABLE "Setting" ADD COLUMN "parityProbe" TEXT;\nCREATE UNIQUE INDEX "Setting_parityProbe_key" ON "Setting"("parityProbe");\n`);
    const drifted = await migratedPg(extra);
    expect(drifted.Setting).toEqual({ ...sqlite.Setting, columns: { ...sqlite.Setting.columns, parityProbe: { kind: "text", nullable: true } }, unique: [...sqlite.Setting.unique, "parityProbe"].sort() });
    expect(drifted).not.toEqual(sqlite);
  });
});
