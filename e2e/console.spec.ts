// The live console and the metadata tab.
import { test, expect } from "@playwright/test";
import { signIn, launch, row } from "./helpers";

test("the console streams a boot live: fingerprints, the user-data marker, the login prompt", async ({ page }) => {
  await signIn(page);
  const marker = `MARKER-${Date.now()}`;
  const [id] = await launch(page, { name: "console-demo", userData: `#!/bin/sh\necho ${marker}\n` });
  await row(page, id).getByRole("link").click();
  await page.getByRole("tab", { name: "Console" }).click();
  await expect(page).toHaveURL(/tab=console/);
  await expect(page.getByText("Read-only.")).toBeVisible();
  const output = page.getByRole("region", { name: "Console output" });
  await expect(output).toContainText("-----BEGIN SSH HOST KEY FINGERPRINTS-----", { timeout: 20_000 });
  await expect(output).toContainText("-----END SSH HOST KEY FINGERPRINTS-----");
  await expect(output).toContainText(marker);
  await expect(output).toContainText("login:");
  await expect(page.getByRole("status").filter({ hasText: "Live" })).toBeVisible();
  // search scrolls back to the start of the boot (following pauses)
  await page.getByRole("textbox", { name: "Search the console" }).fill("Linux version 2.6.21.7-2.fc8xen");
  await page.getByRole("button", { name: "Find next" }).click();
  await expect(output).toContainText("Linux version 2.6.21.7-2.fc8xen");
  await expect(page.getByRole("button", { name: "Resume following" })).toBeVisible();
  await page.getByRole("button", { name: "Resume following" }).click();
  await expect(output).toContainText("login:");

  // the kept 64 KB downloads as text
  const downloading = page.waitForEvent("download");
  await page.getByRole("link", { name: "Download" }).click();
  const file = await (await downloading).path();
  const text = (await import("node:fs")).readFileSync(file!, "utf8");
  expect(text).toContain(marker);
  expect(text).toContain(`ec2: Instance metadata: ${id}`);

  await page.getByRole("tab", { name: "Metadata" }).click();
  const meta = page.getByRole("table", { name: "Instance metadata" });
  await expect(meta).toContainText("/latest/meta-data/public-ipv4");
  await expect(meta.getByRole("row").filter({ hasText: "/latest/meta-data/instance-id" })).toContainText(id);
  const ipRow = meta.getByRole("row").filter({ hasText: "/latest/meta-data/public-ipv4" });
  await expect(ipRow).toContainText(/\d+\.\d+\.\d+\.\d+/);
  await expect(page.getByText(`/api/metadata/${id}/latest/meta-data/public-ipv4`)).toBeVisible();
});

test("another team's console stream answers not found", async ({ page }) => {
  await signIn(page);
  const res = await page.request.get(`/api/instances/i-0123456789abcdef0/console`);
  expect(res.status()).toBe(404);
  const meta = await page.request.get(`/api/metadata/i-0123456789abcdef0/latest/meta-data/instance-id`);
  expect(meta.status()).toBe(404);
});
