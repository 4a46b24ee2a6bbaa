// Three replicas of the production build on one PostgreSQL (e2e-cluster/):
// run by npm test after the e2e suite when PostgreSQL answers at
// STRATUS_TEST_PG_URL, after `next build`. The spec starts, kills and restarts
// its servers itself, so there is no webServer here.
import { defineConfig, devices } from "@playwright/test";
import { chromiumExecutable } from "./e2e/chromium";

export default defineConfig({
  testDir: "e2e-cluster",
  outputDir: "test-results/e2e-cluster",
  timeout: 120_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: "list",
  use: {
    trace: "retain-on-failure",
    launchOptions: { executablePath: chromiumExecutable(), args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--no-first-run"] },
  },
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"], viewport: { width: 1400, height: 900 } } }],
});
