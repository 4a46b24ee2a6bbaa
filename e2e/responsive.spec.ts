// Every console page at a phone's width (390 px) and a laptop's (1280 px):
// nothing overflows the viewport, the navigation collapses into a menu on
// the phone, and tables keep their row actions in view.
import { test, expect, type Page } from "@playwright/test";
import { signIn, launch } from "./helpers";
import { expectNoOverflow } from "./console-helpers";

test.describe.configure({ mode: "serial" });

const PAGES = ["/", "/instances", "/images", "/instance-types", "/security-groups", "/key-pairs", "/addresses", "/costs", "/costs/review", "/price-book", "/members", "/audit", "/settings", "/account"];
let detailPages: string[] = [];

test.beforeAll(async ({ browser }) => {
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  await signIn(page);
  // Something in every table: an instance, a key pair, an access key, an Elastic IP, a budget.
  const [id] = await launch(page, { name: "responsive-box-with-a-rather-long-name" });
  // A long value with no space to break at: in the tags table and, through CreateTags, the audit log.
  await page.goto(`/instances/${id}`);
  await page.getByRole("region", { name: "Tags" }).getByLabel("Key").fill("note");
  await page.getByRole("region", { name: "Tags" }).getByLabel("Value").fill("x".repeat(256));
  await page.getByRole("button", { name: "Save tag" }).click();
  await expect(page.getByRole("table", { name: "Tags" })).toContainText("xxxxxxxx");
  await page.goto("/key-pairs");
  await page.getByRole("button", { name: "Create key pair" }).click();
  const create = page.getByRole("dialog", { name: "Create key pair" });
  await create.getByLabel("Name").fill("responsive-key");
  await create.getByRole("button", { name: "Create key pair" }).click();
  await create.getByRole("button", { name: "Close without downloading" }).click();
  await page.goto("/account");
  await page.getByLabel("Description (optional)").fill("laptop CLI profile");
  await page.getByRole("button", { name: "Create access key" }).click();
  await page.getByRole("button", { name: "I have copied it" }).click();
  await page.goto("/addresses");
  await page.getByRole("button", { name: "Allocate Elastic IP" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Allocated" })).toBeVisible();
  await page.goto("/security-groups");
  const sg = await page.getByRole("table", { name: "Security groups" }).getByRole("link", { name: "default" }).getAttribute("href");
  detailPages = [`/instances/${id}`, `/instances/${id}?tab=console`, `/instances/${id}?tab=metadata`, sg!];
  await page.context().close();
});

async function settle(page: Page, path: string) {
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  if (path === "/costs") await expect(page.getByRole("region", { name: "Totals" })).toBeVisible();
  if (path === "/instances") await expect(page.getByRole("table", { name: "Instances" }).getByRole("link").first()).toBeVisible();
}

for (const width of [390, 1280]) {
  test(`every page fits ${width} px without sideways scrolling`, async ({ browser }) => {
    const page = await (await browser.newContext({ viewport: { width, height: 900 } })).newPage();
    await page.goto("/sign-in");
    await expectNoOverflow(page);
    await signIn(page);
    for (const path of [...PAGES, ...detailPages]) {
      await page.goto(path);
      await settle(page, path);
      await expectNoOverflow(page);
    }
    // The launch form and a confirmation fit too.
    await page.goto("/instances");
    await page.getByRole("button", { name: "Launch instances" }).click();
    await expect(page.getByRole("dialog", { name: "Launch instances" })).toBeVisible();
    await expectNoOverflow(page);
  });
}

test("at 390 px the navigation is a menu: it opens, leads to a page and closes", async ({ browser }) => {
  const page = await (await browser.newContext({ viewport: { width: 390, height: 844 } })).newPage();
  await signIn(page);
  const nav = page.getByRole("navigation", { name: "Console" });
  await expect(nav).toBeHidden();
  const menu = page.getByRole("button", { name: "Menu", exact: true });
  await expect(menu).toHaveAttribute("aria-expanded", "false");
  await menu.click();
  await expect(menu).toHaveAttribute("aria-expanded", "true");
  await expect(nav).toBeVisible();
  // The account controls moved into the menu: the team, and Sign out.
  const drawer = page.getByRole("dialog", { name: "Console menu" });
  await expect(drawer.getByLabel("Current team")).toBeVisible();
  await expect(drawer.getByRole("button", { name: "Sign out" })).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(nav).toBeHidden();
  await expect(menu).toBeFocused();
  await menu.click();
  await nav.getByRole("link", { name: "Key pairs" }).click();
  await expect(page).toHaveURL(/\/key-pairs$/);
  await expect(page.getByRole("heading", { name: "Key pairs" })).toBeVisible();
  await expect(nav).toBeHidden();
  // The simulated clock stays in the header.
  await expect(page.getByRole("timer", { name: "Simulated clock" })).toBeVisible();
});

test("at 1280 px the navigation is a sidebar and there is no menu button", async ({ browser }) => {
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  await signIn(page);
  await expect(page.getByRole("navigation", { name: "Console" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Menu", exact: true })).toBeHidden();
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
});

for (const width of [390, 1280, 1920]) {
  test(`row actions stay in view at ${width} px: access keys, key pairs, Elastic IPs, members`, async ({ browser }) => {
    const page = await (await browser.newContext({ viewport: { width, height: 900 } })).newPage();
    await signIn(page);
    await page.goto("/account");
    const keys = page.getByRole("table", { name: "Access keys" });
    const key = keys.getByRole("row").filter({ hasText: "laptop CLI profile" });
    await key.scrollIntoViewIfNeeded();
    await expect(key.getByRole("button", { name: "Deactivate" })).toBeInViewport();
    await expect(key.getByRole("button", { name: /^Delete AKIA/ })).toBeInViewport();
    await page.goto("/key-pairs");
    await expect(page.getByRole("button", { name: "Delete responsive-key" })).toBeInViewport();
    await page.goto("/addresses");
    await expect(page.getByRole("table", { name: "Elastic IPs" }).getByRole("button", { name: "Release" }).first()).toBeInViewport();
    await page.goto("/members");
    await expect(page.getByRole("button", { name: "Remove admin@stratus.test" })).toBeInViewport();
    // The instances table keeps its checkbox and ID in view while it scrolls in its own box.
    await page.goto("/instances");
    const row = page.getByRole("table", { name: "Instances" }).getByRole("row").filter({ hasText: "responsive-box" });
    await expect(row.getByRole("checkbox")).toBeInViewport();
    await expect(row.getByRole("link")).toBeInViewport();
    await expectNoOverflow(page);
  });
}

test("at 1400 px the audit log fits its box: Result and Details are on screen", async ({ browser }) => {
  const page = await (await browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage();
  await signIn(page);
  await page.goto("/audit");
  const table = page.getByRole("table", { name: "Audit events" });
  await expect(table.getByRole("columnheader", { name: "Details" })).toBeInViewport();
  await expect(table.getByRole("columnheader", { name: "Result" })).toBeInViewport();
  const box = await table.evaluate((t) => ({ sw: t.parentElement!.scrollWidth, cw: t.parentElement!.clientWidth }));
  expect(box.sw).toBeLessThanOrEqual(box.cw);
});
