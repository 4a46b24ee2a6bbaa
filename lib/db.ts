// The one Prisma client, shared by every bundle of the process through globalThis
// (Next bundles instrumentation and routes separately).
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "./generated/prisma/client";
import { databaseUrl, sqlitePath } from "./config";
import { registerSqliteFile } from "./sql/read-rows";

export type Db = PrismaClient;
export type Tx = Omit<PrismaClient, "$connect" | "$disconnect" | "$on" | "$transaction" | "$extends">;

export function createDb(url = databaseUrl()): Db {
  const adapter = new PrismaBetterSQLite3({ url: sqlitePath(url), timeout: 10_000 }, { timestampFormat: "unixepoch-ms" });
  const client = new PrismaClient({ adapter });
  registerSqliteFile(client, sqlitePath(url));
  return client;
}

const g = globalThis as unknown as { __stratusDb?: Db };

export function db(): Db {
  return (g.__stratusDb ??= createDb());
}
