// The PostgreSQL schema is the SQLite one with another provider and client
// output: one data model, two dialects. `npm install` writes it (postinstall);
// `node scripts/pg-schema.mjs --check` fails when the committed copy is stale.
import fs from "node:fs";
import path from "node:path";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const source = fs.readFileSync(path.join(root, "prisma/schema.prisma"), "utf8");

export function pgSchema(text) {
  const out = text
    .replace(/provider\s*=\s*"sqlite"/, 'provider = "postgresql"')
    .replace(/output\s*=\s*"..\/lib\/generated\/prisma"/, 'output       = "../../lib/generated/prisma-pg"');
  if (out === text || !out.includes("prisma-pg")) throw new Error("prisma/schema.prisma: provider or output line not found");
  return `// GENERATED from prisma/schema.prisma by scripts/pg-schema.mjs: edit that file, not this one.\n${out}`;
}

const target = path.join(root, "prisma/postgres/schema.prisma");
const want = pgSchema(source);
if (process.argv.includes("--check")) {
  const have = fs.existsSync(target) ? fs.readFileSync(target, "utf8") : "";
  if (have !== want) {
    console.error("prisma/postgres/schema.prisma is stale: run node scripts/pg-schema.mjs");
    process.exit(1);
  }
} else {
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.writeFileSync(target, want);
}
