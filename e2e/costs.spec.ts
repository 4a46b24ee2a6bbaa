// Costs under time warp: launch, let simulated hours pass (an hour a second on
// this server), open Costs, see the hours and the totals, export a CSV row.
import { test, expect } from "@playwright/test";
import fs from "node:fs";
import { signIn, launch, row } from "./helpers";

test.use({ baseURL: `http://127.0.0.1:${Number(process.env.E2E_PORT ?? 3100) + 1}` });

test("an instance's hours and the category totals, then a CSV row", async ({ page }) => {
  await signIn(page);
  const [id] = await launch(page, { name: "billed-box", type: "m1.large", imageId: "ami-f51aff9c" });
  await expect(row(page, id)).toContainText("running");
  // time warp: a few simulated hours go by
  await page.waitForTimeout(4_000);
  await row(page, id).getByRole("link").click();
  await expect(page.getByTestId("instance-cost")).toHaveText(/\$\d+\.\d{2}/);
  await expect(page.getByRole("region", { name: "Cost" })).toContainText("$0.40 an hour");

  await page.getByRole("link", { name: "Costs" }).click();
  await expect(page.getByRole("heading", { name: "Costs" })).toBeVisible();
  await page.getByLabel("Break down by").selectOption("instance");
  const table = page.getByRole("table", { name: "Cost breakdown" });
  const mine = table.getByRole("row").filter({ hasText: id });
  await expect(mine).toBeVisible();
  const cells = mine.getByRole("cell");
  const hours = Number(await cells.nth(1).textContent());
  expect(hours).toBeGreaterThanOrEqual(3);
  expect(await cells.nth(2).textContent()).toBe(`$${(hours * 0.4).toFixed(2)}`);
  const totals = page.getByRole("region", { name: "Totals" });
  await expect(totals).toContainText("Instance-hours");
  await expect(totals).toContainText("Data out");
  await expect(totals).toContainText("Elastic IPs");
  // the cards add up to the total, or a note says what they add up to (each is rounded to the cent)
  await expect(async () => {
    const shown = await totals.locator("dd[title]").allTextContents();
    const cents = (s: string) => (s.startsWith("<") ? 0 : Math.round(Number(s.replace(/[$,]/g, "")) * 100));
    const [total, ...parts] = shown.map(cents);
    const sum = parts.reduce((a, b) => a + b, 0);
    const note = await page.getByTestId("rounding-note").allTextContents();
    if (sum === total) expect(note).toEqual([]);
    else expect(note.join("")).toContain(`add up to $${(sum / 100).toLocaleString("en-US", { minimumFractionDigits: 2 })};`);
  }).toPass({ timeout: 10_000 });
  await expect(page.getByTestId("forecast")).toContainText("Month-end forecast");

  // drill down by type, then export
  await page.getByLabel("Break down by").selectOption("type");
  await table.getByRole("button", { name: "m1.large" }).click();
  await expect(page.getByText("Showing only")).toContainText("type:m1.large");
  const downloading = page.waitForEvent("download");
  await page.getByRole("link", { name: "Export CSV" }).click();
  const csv = fs.readFileSync((await (await downloading).path())!, "utf8").trim().split("\n");
  expect(csv[0]).toBe("group,day,instance_hours,compute_usd,data_in_gb,data_in_usd,data_out_gb,data_out_usd,data_internal_gb,eip_idle_hours,eip_usd,total_usd");
  const line = csv.find((l) => l.startsWith(`${id},`))!;
  expect(line).toBeTruthy();
  const fields = line.split(",");
  expect(fields[1]).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  expect(Number(fields[2])).toBeGreaterThanOrEqual(1);
  expect(fields[3]).toBe((Number(fields[2]) * 0.4).toFixed(2));
});
