// The console's shell: a skip link for keyboard users, and the browser's icon.
import { test, expect } from "@playwright/test";
import { signIn } from "./helpers";

test("the first Tab offers to skip to the page's content, which Enter focuses", async ({ page }) => {
  await signIn(page);
  await page.reload(); // focus starts at the document, as on arriving
  await expect(page.getByRole("heading", { name: "Instances", level: 1 })).toBeVisible();
  await page.keyboard.press("Tab");
  const skip = page.getByRole("link", { name: "Skip to main content" });
  await expect(skip).toBeFocused();
  await expect(skip).toBeVisible();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("main")).toBeFocused();
  // the next Tab lands inside the content, not back in the navigation
  await page.keyboard.press("Tab");
  expect(await page.evaluate(() => document.querySelector("main")!.contains(document.activeElement))).toBe(true);
});

test("the browser's icon is served to anyone, signed in or not", async ({ request, page }) => {
  for (const [path, type] of [["/favicon.ico", "image/x-icon"], ["/icon.svg", "image/svg+xml"]]) {
    const res = await request.get(path, { maxRedirects: 0 });
    expect(res.status(), path).toBe(200);
    expect(res.headers()["content-type"], path).toContain(type);
  }
  await page.goto("/sign-in");
  await expect(page.locator('link[rel="icon"][href^="/icon.svg"]')).toHaveCount(1);
});
