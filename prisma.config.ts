// Prisma CLI configuration: the JS schema engine through the better-sqlite3
// adapter, so generate/diff/migrate work offline (no native engine download).
import path from "node:path";
import { defineConfig } from "prisma/config";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";

process.env.DATABASE_URL ??= `file:${path.resolve(process.env.STRATUS_DATA_DIR ?? "data", "stratus.db")}`;

export default defineConfig({
  experimental: { adapter: true },
  schema: path.join("prisma", "schema.prisma"),
  migrations: { path: path.join("prisma", "migrations") },
  engine: "js",
  async adapter() {
    return new PrismaBetterSQLite3({ url: process.env.DATABASE_URL!.replace(/^file:/, "") });
  },
});
