// Helpers for the console specs of issue 13: layout checks and a second member.
import { expect, type Browser, type Page } from "@playwright/test";

/** Nothing on the page is wider than the viewport: the page itself never scrolls sideways. */
export async function expectNoOverflow(page: Page) {
  const { sw, iw } = await page.evaluate(() => ({ sw: document.documentElement.scrollWidth, iw: window.innerWidth }));
  expect(sw, `page is ${sw}px wide in a ${iw}px viewport`).toBeLessThanOrEqual(iw);
}

export async function invite(page: Page, email: string, role: string): Promise<string> {
  await page.goto("/members");
  const form = page.getByRole("region", { name: "Invite a member" });
  await form.getByLabel("Email").fill(email);
  await form.getByLabel("Role").selectOption(role);
  await form.getByRole("button", { name: "Create invitation" }).click();
  const link = form.getByLabel("Invitation link");
  await expect(link).toHaveValue(/\/invite\//);
  return link.inputValue();
}

export async function accept(browser: Browser, link: string, password: string): Promise<Page> {
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  await page.goto(link);
  await page.getByLabel("Choose a password").fill(password);
  await page.getByLabel("Repeat the password").fill(password);
  await page.getByRole("button", { name: "Create account and join" }).click();
  await expect(page.getByRole("heading", { name: "Instances" })).toBeVisible();
  return page;
}
