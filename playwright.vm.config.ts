// The real-VM suite: QEMU guests booted by the qemu provider, against a
// server the spec starts itself (it restarts it, to test adoption). Kept
// apart so the rest stays fast; scripts/test.mjs runs it when QEMU is here.
import { defineConfig, devices } from "@playwright/test";
import base from "./playwright.config";

export default defineConfig({
  testDir: "e2e-vm",
  outputDir: "test-results/e2e-vm",
  timeout: 240_000,
  expect: { timeout: 60_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: "list",
  use: { ...base.use, baseURL: `http://127.0.0.1:${Number(process.env.E2E_VM_PORT ?? 3102)}` },
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"], viewport: { width: 1400, height: 900 } } }],
});
