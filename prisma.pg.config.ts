// Prisma CLI configuration for the PostgreSQL twin of the schema (generate,
// migrate diff): the JS schema engine through the pg adapter, offline.
// Used as: npx prisma <command> --config prisma.pg.config.ts (it must sit at the root)
import path from "node:path";
import { defineConfig } from "prisma/config";
import { PrismaPg } from "@prisma/adapter-pg";

const url = process.env.STRATUS_PG_URL ?? "postgres://stratus:stratus@127.0.0.1:5432/postgres";
process.env.DATABASE_URL = url;

export default defineConfig({
  experimental: { adapter: true },
  schema: "prisma/postgres/schema.prisma",
  migrations: { path: path.join("prisma", "migrations-pg") },
  engine: "js",
  async adapter() {
    return new PrismaPg({ connectionString: url });
  },
});
