// The one Prisma client, shared by every bundle of the process through globalThis
// (Next bundles instrumentation and routes separately).
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "./generated/prisma/client";
import { databaseUrl, sqlitePath } from "./config";
import type Database from "better-sqlite3";
import { registerSqliteFile, registerWriter } from "./sql/read-rows";
import { serialise } from "./sql/serial-adapter";
import { Mutex } from "async-mutex";

export type Db = PrismaClient;
export type Tx = Omit<PrismaClient, "$connect" | "$disconnect" | "$on" | "$transaction" | "$extends">;

export function createDb(url = databaseUrl()): Db {
  const factory = new PrismaBetterSQLite3({ url: sqlitePath(url), timeout: 10_000 }, { timestampFormat: "unixepoch-ms" });
  const client = new PrismaClient({ adapter: factory });
  registerSqliteFile(client, sqlitePath(url));
  const connect = factory.connect.bind(factory);
  let readOnly: ReturnType<PrismaBetterSQLite3["connect"]> | undefined;
  // One lock for the one connection: Prisma's statements and transactions, and plain SQL.
  const lock = new Mutex();
  factory.connect = async () => {
    const inner = await connect();
    // The connection the adapter opened: plain SQL inside a verb's transaction
    // runs on it (lib/sql/read-rows.ts).
    const sqlite = (inner as unknown as { client?: Database.Database }).client;
    if (typeof sqlite?.prepare !== "function") throw new Error("The SQLite adapter no longer exposes its connection: statements can't be serialised (lib/sql/serial-adapter.ts).");
    const conn = sqlite;
    registerWriter(client, conn, lock);
    // Every statement waits for any open transaction; plain SELECTs read a
    // committed snapshot on their own connection (lib/sql/serial-adapter.ts).
    const adapter = serialise(inner, conn, lock, () => (readOnly ??= new PrismaBetterSQLite3({ url: sqlitePath(url), readonly: true, fileMustExist: true }, { timestampFormat: "unixepoch-ms" }).connect()));
    const dispose = adapter.dispose;
    adapter.dispose = async () => {
      await dispose();
      if (readOnly) await (await readOnly).dispose();
    };
    return adapter;
  };
  return client;
}

const g = globalThis as unknown as { __stratusDb?: Db };

export function db(): Db {
  return (g.__stratusDb ??= createDb());
}
