// Demos on the server whose simulated cloud runs an hour a second: the
// admin's time-warp control (pause, 1×, 60×, 3600×) with the clock in the
// header, what other roles see, the overview, and launching from an image's row.
import { test, expect, type Page } from "@playwright/test";
import { signIn } from "./helpers";
import { accept, invite } from "./console-helpers";

test.use({ baseURL: `http://127.0.0.1:${Number(process.env.E2E_PORT ?? 3100) + 1}` });

const clockText = (page: Page) => page.getByRole("timer", { name: "Simulated clock" }).locator("time").getAttribute("datetime");

async function setSpeed(page: Page, label: string) {
  const panel = page.locator("#time-warp");
  if (!(await panel.isVisible())) await page.getByRole("button", { name: "Time warp" }).click();
  await panel.getByRole("radio", { name: label }).check();
}

test("an admin pauses the simulated clock, runs it at 60×, and the audit log records each change", async ({ page }) => {
  await signIn(page);
  const clock = page.getByRole("timer", { name: "Simulated clock" });
  await expect(clock).toContainText("3,600×");
  try {
    await page.getByRole("button", { name: "Time warp" }).click();
    await expect(page.getByRole("radio", { name: "3600×" })).toBeChecked();
    await setSpeed(page, "Pause");
    await expect(clock).toContainText("paused");
    const at = await clockText(page);
    await page.waitForTimeout(2500);
    // Standing still, here and on the server.
    expect(await clockText(page)).toBe(at);
    const health = await (await page.request.get("/api/health")).json();
    expect(health.simSpeed).toBe(0);
    expect(health.simTime.slice(0, 16)).toBe(at!.slice(0, 16));

    await setSpeed(page, "60×");
    await expect(clock).toContainText("60×");
    await expect(page.getByRole("radio", { name: "60×" })).toBeChecked();
    const t0 = Date.parse((await clockText(page))!);
    await page.waitForTimeout(3000);
    // A minute a second: three seconds are about three simulated minutes.
    const moved = Date.parse((await clockText(page))!) - t0;
    expect(moved).toBeGreaterThanOrEqual(60_000);
    expect(moved).toBeLessThan(10 * 60_000);
  } finally {
    await setSpeed(page, "3600×");
    await expect(page.getByRole("timer", { name: "Simulated clock" })).toContainText("3,600×");
  }
  await page.goto("/audit?action=SetClockSpeed");
  const events = page.getByRole("table", { name: "Audit events" });
  await expect(events).toContainText("clock 3,600× → paused");
  await expect(events).toContainText("clock paused → 60×");
  await expect(events).toContainText("clock 60× → 3,600×");
});

test("a viewer sees the simulated clock but no time-warp control", async ({ page, browser }) => {
  await signIn(page);
  const viewer = await accept(browser, await invite(page, "demo-viewer@stratus.test", "viewer"), "demo-viewer-password");
  await expect(viewer.getByRole("timer", { name: "Simulated clock" })).toContainText("3,600×");
  await expect(viewer.getByRole("button", { name: "Time warp" })).toHaveCount(0);
  const clock = await (await viewer.request.get("/api/clock")).json();
  expect(clock.denied).toBe("Viewers can't warp the simulated clock.");
});

test("launch from an image's row; the overview shows quota use, spend this month and recent activity", async ({ page }) => {
  await signIn(page);
  await page.goto("/images");
  const images = page.getByRole("table", { name: "Images" });
  // A real-VM image can't start while the clock is warped: its Launch says why.
  await expect(images.getByRole("button", { name: "Launch ami-71e1b005" })).toBeDisabled();
  await expect(images.getByRole("button", { name: "Launch ami-71e1b005" })).toHaveAttribute("title", /Real VMs run in real time/);
  await images.getByRole("button", { name: "Launch ami-f51aff9c" }).click();
  const dialog = page.getByRole("dialog", { name: "Launch instances" });
  await expect(dialog.getByLabel("Image")).toHaveValue("ami-f51aff9c");
  // A 64-bit image: the form starts on a type it runs on.
  await expect(dialog.getByLabel("Instance type")).toHaveValue("m1.large");
  await dialog.getByLabel("Name").fill("from-the-catalog");
  await dialog.getByRole("button", { name: "Launch" }).click();
  const launched = page.getByRole("status").filter({ hasText: "Launched 1 instance" });
  await expect(launched).toBeVisible();
  const id = /i-[0-9a-f]{17}/.exec((await launched.textContent())!)![0];
  await launched.getByRole("link", { name: "See them in Instances" }).click();
  await expect(page.getByRole("table", { name: "Instances" }).getByRole("row").filter({ hasText: id })).toContainText("running");

  await page.getByRole("navigation", { name: "Console" }).getByRole("link", { name: "Overview" }).click();
  const quota = page.getByRole("region", { name: "Quota" });
  await expect(quota).toContainText(/\d+ of 100/);
  await expect(quota.getByRole("meter", { name: "Running instances against the limit" })).toHaveAttribute("aria-valuemax", "100");
  const month = page.getByRole("region", { name: "This month" });
  await expect(month).toContainText(/Spend so far in [A-Z][a-z]+ \d{4}/);
  // Cents, grouped, never six decimals.
  await expect(month.getByText(/^\$\d{1,3}(,\d{3})*\.\d{2}$/)).toBeVisible();
  await expect(month).not.toContainText(/\.\d{3}/);
  const activity = page.getByRole("region", { name: "Recent activity" });
  await expect(activity).toContainText(id);
  await expect(activity).toContainText("from-the-catalog");
  await expect(activity.getByRole("link", { name: id }).first()).toHaveAttribute("href", `/instances/${id}`);
});
