// The one Prisma client, shared by every bundle of the process through globalThis
// (Next bundles instrumentation and routes separately).
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "./generated/prisma/client";
import { databaseUrl, sqlitePath } from "./config";
import type Database from "better-sqlite3";
import { registerSqliteFile, registerWriter } from "./sql/read-rows";

export type Db = PrismaClient;
export type Tx = Omit<PrismaClient, "$connect" | "$disconnect" | "$on" | "$transaction" | "$extends">;

export function createDb(url = databaseUrl()): Db {
  const adapter = new PrismaBetterSQLite3({ url: sqlitePath(url), timeout: 10_000 }, { timestampFormat: "unixepoch-ms" });
  const client = new PrismaClient({ adapter });
  registerSqliteFile(client, sqlitePath(url));
  // Capture the connection the adapter opens, so plain SQL inside a verb's
  // transaction can run on it (lib/sql/read-rows.ts).
  const connect = adapter.connect.bind(adapter);
  adapter.connect = async () => {
    const conn = await connect();
    const sqlite = (conn as unknown as { client?: Database.Database }).client;
    if (typeof sqlite?.prepare === "function") registerWriter(client, sqlite);
    return conn;
  };
  return client;
}

const g = globalThis as unknown as { __stratusDb?: Db };

export function db(): Db {
  return (g.__stratusDb ??= createDb());
}
