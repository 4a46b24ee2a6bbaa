// Playwright e2e against `next build && next start` (the build is done by
// scripts/test.mjs or by hand first). A fresh data directory per run; the
// simulated cloud runs 30× faster so boots take a second or two.
import { defineConfig, devices } from "@playwright/test";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromiumExecutable } from "./e2e/chromium";
import { spawnSync } from "node:child_process";
import { serverNodeFlags } from "./scripts/server-flags.mjs";

const PORT = Number(process.env.E2E_PORT ?? 3100);
const dataDir = process.env.E2E_DATA_DIR ?? fs.mkdtempSync(path.join(os.tmpdir(), "stratus-e2e-"));
process.env.E2E_DATA_DIR = dataDir;
// A second server whose simulated cloud runs an hour per second, for costs.
const WARP_PORT = PORT + 1;
const warpDir = process.env.E2E_WARP_DIR ?? fs.mkdtempSync(path.join(os.tmpdir(), "stratus-e2e-warp-"));
process.env.E2E_WARP_DIR = warpDir;
export const WARP_URL = `http://127.0.0.1:${WARP_PORT}`;
// The first server's authoritative DNS (dig in e2e/dns.spec.ts).
export const DNS_PORT = Number(process.env.E2E_DNS_PORT ?? 5360);

/**
 * E2E_PG_URL (an admin URL of a PostgreSQL server) runs the e2e servers on
 * PostgreSQL, a fresh database each; otherwise on SQLite files in their data
 * directories. Created once: the workers find the URL in the environment.
 */
function pgDatabase(envName: string, suffix: string): string | undefined {
  const admin = process.env.E2E_PG_URL;
  if (!admin) return undefined;
  if (!process.env[envName]) {
    const name = `stratus_e2e_${suffix}_${process.pid}`;
    const r = spawnSync(process.execPath, ["scripts/pg-create-db.mjs", admin, name], { stdio: "inherit" });
    if (r.status !== 0) throw new Error(`could not create the e2e database ${name} on ${admin}`);
    const u = new URL(admin);
    u.pathname = `/${name}`;
    process.env[envName] = u.toString();
  }
  return process.env[envName];
}

export const E2E_ADMIN = { email: "admin@stratus.test", password: "e2e-admin-password" };
export const E2E_KEY = { id: "AKIASTRATUSE2ETEST01", secret: "e2eSecretKeyForTheBootstrapAdmin/0123456" };

export default defineConfig({
  testDir: "e2e",
  // Its own folder: Playwright empties outputDir, and test-results/ also holds the other suites' JSON (scripts/test.mjs).
  outputDir: "test-results/e2e",
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: "list",
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: chromiumExecutable(),
      args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    },
  },
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"], viewport: { width: 1400, height: 900 } } }],
  webServer: [server(PORT, dataDir, "30", { STRATUS_DNS_PORT: String(DNS_PORT) }, pgDatabase("E2E_DATABASE_URL", "main")), server(WARP_PORT, warpDir, "3600", {}, pgDatabase("E2E_WARP_DATABASE_URL", "warp"))],
});

function server(port: number, dir: string, speed: string, extra: Record<string, string> = {}, databaseUrl?: string) {
  return {
    command: `node ${serverNodeFlags().join(" ")} server.mjs`,
    url: `http://127.0.0.1:${port}/api/health`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: "pipe" as const,
    env: {
      PORT: String(port),
      NODE_ENV: "production",
      STRATUS_ADMIN_ACCESS_KEY_ID: E2E_KEY.id,
      STRATUS_ADMIN_SECRET_ACCESS_KEY: E2E_KEY.secret,
      STRATUS_DATA_DIR: dir,
      STRATUS_ADMIN_EMAIL: E2E_ADMIN.email,
      STRATUS_ADMIN_PASSWORD: E2E_ADMIN.password,
      STRATUS_SIM_SPEED: speed,
      STRATUS_INSTANCE_LIMIT: "100",
      STRATUS_DEMO: "0",
      STRATUS_LOG_LEVEL: "warn",
      NEXT_TELEMETRY_DISABLED: "1",
      ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
      ...extra,
    },
  };
}
