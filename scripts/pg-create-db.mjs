// Creates a PostgreSQL database (dropping one of that name first):
//   node scripts/pg-create-db.mjs <admin URL> <name>
// Used to put the e2e servers on PostgreSQL (E2E_PG_URL, playwright.config.ts).
import pg from "pg";

const [admin, name] = process.argv.slice(2);
if (!admin || !/^[a-z0-9_]+$/.test(name ?? "")) {
  console.error("usage: node scripts/pg-create-db.mjs <admin URL> <name: a-z 0-9 _>");
  process.exit(2);
}
const c = new pg.Client({ connectionString: admin });
await c.connect();
await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
await c.query(`CREATE DATABASE "${name}"`);
await c.end();
