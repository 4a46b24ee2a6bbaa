// A dialog that warns instead of closing must keep warning: Chromium lets a page
// cancel only one Escape per user activation, and a second Escape in a row
// closes a <dialog> whatever its cancel handler does.
import { test, expect } from "@playwright/test";
import { signIn } from "./helpers";

test("Escape pressed again and again never closes the new private key's dialog before it is saved", async ({ page }) => {
  await signIn(page);
  await page.getByRole("link", { name: "Key pairs" }).click();
  await page.getByRole("button", { name: "Create key pair" }).click();
  const create = page.getByRole("dialog", { name: "Create key pair" });
  await create.getByLabel("Name").fill("escape-twice");
  await create.getByRole("button", { name: "Create key pair" }).click();
  await expect(create.getByText("This is the only time it is shown")).toBeVisible();
  for (let n = 0; n < 3; n++) {
    await page.keyboard.press("Escape");
    await expect(create.getByRole("alert")).toContainText("The private key isn't saved yet");
  }
  await expect(create.getByLabel("Private key")).toHaveValue(/BEGIN OPENSSH PRIVATE KEY/);
  // A dialog with nothing to lose still closes on Escape.
  await create.getByRole("button", { name: "Close without downloading" }).click();
  await expect(create).toBeHidden();
  await page.getByRole("button", { name: "Import key pair" }).click();
  const imp = page.getByRole("dialog", { name: "Import key pair" });
  await expect(imp.getByLabel("Name")).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(imp).toBeHidden();
});

test("a new access key's secret is shown until I have copied it: Escape and ✕ warn", async ({ page }) => {
  await signIn(page);
  await page.goto("/account");
  await page.getByLabel("Description (optional)").fill("escape-proof");
  await page.getByRole("button", { name: "Create access key" }).click();
  const shown = page.getByRole("dialog", { name: "Your new access key" });
  const secret = await shown.getByLabel("Secret access key").inputValue();
  await expect(shown.getByLabel("Secret access key")).toBeFocused(); // selected, ready to copy
  await expect(shown).toContainText("aws configure set endpoint_url http://127.0.0.1:");
  for (let n = 0; n < 2; n++) {
    await page.keyboard.press("Escape");
    await expect(shown.getByRole("alert").filter({ hasText: "Copied the secret?" })).toBeVisible();
  }
  await shown.getByRole("button", { name: "Close", exact: true }).click();
  await expect(shown.getByLabel("Secret access key")).toHaveValue(secret);
  await shown.getByRole("button", { name: "I have copied it" }).click();
  await expect(shown).toBeHidden();
});
