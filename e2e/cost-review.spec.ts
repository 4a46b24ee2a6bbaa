// Cost reviews on the server whose simulated cloud runs an hour a second:
// calendar periods compared with the calendar period before, drill-down from
// the chart's bars and legend kept in the URL, and a review that prints on
// A4 and Letter.
import { test, expect } from "@playwright/test";
import { signIn, launch, row } from "./helpers";

test.use({ baseURL: `http://127.0.0.1:${Number(process.env.E2E_PORT ?? 3100) + 1}` });

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
const monthName = (ym: string) => `${MONTHS[Number(ym.slice(5, 7)) - 1]} ${ym.slice(0, 4)}`;
const monthBefore = (ym: string) => {
  const d = new Date(Date.UTC(Number(ym.slice(0, 4)), Number(ym.slice(5, 7)) - 2, 1));
  return d.toISOString().slice(0, 7);
};

test.beforeAll(async ({ browser }) => {
  const page = await browser.newPage();
  await signIn(page);
  const [a] = await launch(page, { name: "review-large", type: "m1.large", imageId: "ami-f51aff9c" });
  const [b] = await launch(page, { name: "review-small" });
  for (const id of [a, b]) await expect(row(page, id)).toContainText("running");
  // Simulated days of billing go by (an hour a second).
  await page.waitForTimeout(5_000);
  await page.close();
});

test("periods: calendar months and quarters, each compared with the calendar period before", async ({ page }) => {
  await signIn(page);
  await page.goto("/costs");
  const comparison = page.getByTestId("comparison");
  await expect(page.getByRole("region", { name: "Totals" })).toContainText(/to date/);
  // Money reads to the cent, grouped.
  await expect(page.getByRole("region", { name: "Totals" }).locator("dd").first()).toHaveText(/^\$\d{1,3}(,\d{3})*\.\d{2}$/);

  await page.getByLabel("Period", { exact: true }).selectOption("month");
  await expect(page).toHaveURL(/period=month/);
  await expect(page).toHaveURL(/month=\d{4}-\d{2}/);
  const month = await page.getByLabel("Month", { exact: true }).inputValue();
  await expect(page.getByRole("region", { name: "Totals" })).toContainText(monthName(month));
  await expect(comparison).toContainText(`Compared with ${monthName(monthBefore(month))}`);
  // Any recent month, from the list.
  const options = await page.getByLabel("Month", { exact: true }).locator("option").evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
  await page.getByLabel("Month", { exact: true }).selectOption(options[3]);
  await expect(comparison).toContainText(`Compared with ${monthName(monthBefore(options[3]))}`);

  await page.getByLabel("Period", { exact: true }).selectOption("quarter");
  const quarter = await page.getByLabel("Quarter", { exact: true }).inputValue();
  const [y, q] = quarter.split("-Q").map(Number);
  const before = q === 1 ? `Q4 ${y - 1}` : `Q${q - 1} ${y}`;
  await expect(page.getByRole("region", { name: "Totals" })).toContainText(`Q${q} ${y}`);
  await expect(comparison).toContainText(`Compared with ${before}`);

  await page.getByLabel("Period", { exact: true }).selectOption("custom");
  await page.getByLabel("From").fill("2026-01-10");
  await page.getByLabel("To (included)").fill("2026-01-16");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/from=2026-01-10/);
  await expect(page).toHaveURL(/to=2026-01-17/);
  await expect(comparison).toContainText("Compared with 2026-01-03 to 2026-01-09");

  await page.getByLabel("Period", { exact: true }).selectOption("last");
  await expect(comparison).toContainText(/Compared with [A-Z][a-z]+ \d{4}/);
});

test("the legend drills down to a group; clicking a day's bars drills down to that day; Back and Reload keep up", async ({ page }) => {
  await signIn(page);
  await page.goto("/costs");
  await page.getByLabel("Break down by").selectOption("type");
  const chart = page.getByRole("figure", { name: "Daily cost chart" });
  const table = page.getByRole("table", { name: "Cost breakdown" });

  await chart.getByRole("button", { name: "Show only m1.large" }).click();
  await expect(page.getByText("Showing only type:m1.large")).toBeVisible();
  await expect(page.getByLabel("Break down by")).toHaveValue("instance");
  await expect(table).toContainText("review-large");
  await expect(table).not.toContainText("review-small");
  await page.getByRole("button", { name: "Clear filter" }).click();
  await expect(page.getByText(/Showing only/)).toBeHidden();
  await page.getByLabel("Break down by").selectOption("type");

  // The last day's bars (today): the drill-down names that very day.
  const lastTick = (await chart.locator(".recharts-xAxis-tick-labels .recharts-cartesian-axis-tick-label").last().textContent())!.trim();
  await chart.locator(".recharts-bar-rectangle").last().click();
  await expect(page).toHaveURL(/filter=day%3A\d{4}-\d{2}-\d{2}/);
  const day = decodeURIComponent(/filter=([^&]+)/.exec(page.url())![1]).slice(4);
  expect(day.slice(5)).toBe(lastTick);
  await expect(page.getByText(`Showing only day:${day}`)).toBeVisible();
  await expect(page.getByLabel("Break down by")).toHaveValue("instance");
  await expect(table).toContainText("review-small");

  await page.reload();
  await expect(page.getByText(`Showing only day:${day}`)).toBeVisible();
  await expect(table).toContainText("review-small");
  await page.goBack();
  await expect(page).not.toHaveURL(/filter=/);
  await expect(page.getByText(/Showing only/)).toBeHidden();
  await expect(page.getByLabel("Break down by")).toHaveValue("type");
});

test("the review view has the period, comparison, top spenders and charts, and prints on A4 and Letter", async ({ page }) => {
  await signIn(page);
  await page.goto("/costs?period=qtd");
  await page.getByRole("link", { name: "Review (print)" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(/^Q[1-4] \d{4} to date$/);
  // A quarter to date is compared with the same days of the quarter before.
  await expect(page.getByRole("region", { name: "Totals" })).toContainText(/Totals against \d{4}-(01|04|07|10)-01 to \d{4}-\d{2}-\d{2}/);
  await expect(page.getByTestId("review-comparison")).toContainText(/Compared with \d{4}-(01|04|07|10)-01 to \d{4}-\d{2}-\d{2}: \$/);
  const top = page.getByRole("region", { name: "Top 10 spenders" });
  await expect(top).toContainText("review-large");
  await expect(top.getByRole("row").nth(1)).toContainText(/\$\d{1,3}(,\d{3})*\.\d{2}/);
  await expect(page.getByRole("region", { name: "Charts" }).getByRole("figure", { name: "Daily cost chart" })).toHaveCount(2);

  // In print: no console chrome, the fixed-size charts, and a few pages on either paper.
  await page.emulateMedia({ media: "print" });
  await expect(page.getByRole("banner")).toBeHidden();
  await expect(page.getByRole("button", { name: "Print" })).toBeHidden();
  await expect(page.getByRole("navigation", { name: "Console" })).toBeHidden();
  for (const format of ["A4", "Letter"] as const) {
    const pdf = (await page.pdf({ format })).toString("latin1");
    const pages = pdf.match(/\/Type\s*\/Page[^s]/g)?.length ?? 0;
    expect(pages, `${format} pages`).toBeGreaterThanOrEqual(1);
    expect(pages, `${format} pages`).toBeLessThanOrEqual(3);
  }
  await page.emulateMedia({ media: "screen" });
  await page.getByRole("link", { name: "Back to costs" }).click();
  await expect(page).toHaveURL(/period=qtd/);
  await expect(page.getByLabel("Period", { exact: true })).toHaveValue("qtd");
});

test("a nonsense period in the URL gets a clear message, not a broken page", async ({ page }) => {
  await signIn(page);
  await page.goto("/costs?period=custom&from=yesterday&to=%3Cscript%3E");
  await expect(page.getByRole("alert").filter({ hasText: '"yesterday" is not a date: use YYYY-MM-DD (UTC).' })).toBeVisible();
  await expect(page.getByLabel("Period", { exact: true })).toHaveValue("custom");
  await page.goto("/costs/review?from=2026-02-01&to=2026-01-01");
  await expect(page.getByRole("alert").filter({ hasText: "The period is empty or inverted" })).toBeVisible();
  await page.goto("/costs?period=month&month=2026-13");
  // An impossible month falls back to this month.
  await expect(page.getByRole("region", { name: "Totals" })).toContainText("to date");
});
