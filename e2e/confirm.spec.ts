// Destructive acts ask first, naming what will be lost; Cancel changes
// nothing; the confirming button names the act and the thing.
import { test, expect, type Page } from "@playwright/test";
import { signIn, launch } from "./helpers";
import { accept, invite } from "./console-helpers";

async function confirmIn(page: Page, title: string) {
  const dialog = page.getByRole("dialog", { name: title });
  await expect(dialog).toBeVisible();
  return dialog;
}

test("key pair, access key and budget: each deletion is confirmed, and Cancel keeps it", async ({ page }) => {
  await signIn(page);
  // key pair
  await page.goto("/key-pairs");
  await page.getByRole("button", { name: "Create key pair" }).click();
  const create = page.getByRole("dialog", { name: "Create key pair" });
  await create.getByLabel("Name").fill("confirm-me");
  await create.getByRole("button", { name: "Create key pair" }).click();
  await create.getByRole("button", { name: "Close without downloading" }).click();
  const keys = page.getByRole("table", { name: "Key pairs" });
  await page.getByRole("button", { name: "Delete confirm-me" }).click();
  let dialog = await confirmIn(page, "Delete key pair");
  await expect(dialog).toContainText("Its public key leaves Stratus: new instances can't be launched with it.");
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toBeHidden();
  await expect(keys).toContainText("confirm-me");
  await page.getByRole("button", { name: "Delete confirm-me" }).click();
  dialog = await confirmIn(page, "Delete key pair");
  await dialog.getByRole("button", { name: "Delete key pair confirm-me" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Deleted confirm-me." })).toBeVisible();
  await expect(keys).not.toContainText("confirm-me");

  // access key
  await page.goto("/account");
  await page.getByLabel("Description (optional)").fill("to be deleted");
  await page.getByRole("button", { name: "Create access key" }).click();
  const id = await page.getByLabel("Access key ID").inputValue();
  await page.getByRole("button", { name: "I have copied it" }).click();
  await page.getByRole("button", { name: `Delete ${id}` }).click();
  dialog = await confirmIn(page, "Delete access key");
  await expect(dialog).toContainText("Every script, SDK and AWS CLI profile signing with it stops working at once.");
  await expect(dialog).toContainText("It has never been used.");
  await dialog.getByRole("button", { name: `Delete access key ${id}` }).click();
  await expect(page.getByRole("status").filter({ hasText: `Deleted ${id}.` })).toBeVisible();
  await expect(page.getByRole("table", { name: "Access keys" })).not.toContainText(id);

  // budget
  await page.goto("/costs");
  const form = page.getByRole("form", { name: "Add a budget" });
  await form.getByLabel("Budget name").fill("Short-lived");
  await form.getByLabel("Per month (USD)").fill("50");
  await form.getByRole("button", { name: "Add budget" }).click();
  const budgets = page.getByRole("region", { name: "Budgets" });
  await budgets.getByRole("button", { name: "Delete budget Short-lived" }).click();
  dialog = await confirmIn(page, "Delete budget");
  await expect(dialog).toContainText("Delete the budget Short-lived ($50.00 a month");
  await expect(dialog).toContainText("no more warnings at 80% of forecast or 100% of spend");
  await dialog.getByRole("button", { name: "Delete budget Short-lived" }).click();
  await expect(budgets.getByRole("button", { name: "Delete budget Short-lived" })).toHaveCount(0);
  await expect(page.getByRole("status").filter({ hasText: "Deleted the budget Short-lived." })).toBeVisible();
});

test("security group and image: deleting and deregistering name what goes", async ({ page }) => {
  await signIn(page);
  await page.goto("/security-groups");
  await page.getByRole("button", { name: "Create security group" }).click();
  const create = page.getByRole("dialog", { name: "Create security group" });
  await create.getByLabel("Name").fill("doomed");
  await create.getByLabel("Description").fill("To be deleted");
  await create.getByRole("button", { name: "Create group" }).click();
  await expect(page.getByRole("heading", { name: "Security group doomed" })).toBeVisible();
  await page.getByRole("group", { name: "Rule templates" }).getByRole("button", { name: "SSH", exact: true }).click();
  await page.getByRole("button", { name: "Add 1 rule" }).click();
  await expect(page.getByRole("table", { name: "Inbound rules" })).toContainText("tcp");
  await page.getByRole("button", { name: "Delete group" }).click();
  const dialog = await confirmIn(page, "Delete security group");
  await expect(dialog).toContainText("Its 1 inbound rule, such as");
  await expect(dialog).toContainText("No instance is in it.");
  await dialog.getByRole("button", { name: "Delete security group doomed" }).click();
  await expect(page).toHaveURL(/\/security-groups$/);
  await expect(page.getByRole("table", { name: "Security groups" })).not.toContainText("doomed");

  await page.goto("/images");
  await page.getByRole("button", { name: "Register image" }).click();
  const reg = page.getByRole("dialog", { name: "Register image" });
  await reg.getByLabel("Name").fill("confirm-image");
  await reg.getByRole("button", { name: "Register" }).click();
  const images = page.getByRole("table", { name: "Images" });
  const mine = images.getByRole("row").filter({ hasText: "confirm-image" });
  const ami = (await mine.getByRole("cell").first().textContent())!.trim();
  await mine.getByRole("button", { name: `Deregister ${ami}` }).click();
  const dereg = await confirmIn(page, "Deregister image");
  await expect(dereg).toContainText("Nobody in the team can launch new instances from it");
  await expect(dereg).toContainText("Instances already running from it keep running.");
  await dereg.getByRole("button", { name: `Deregister ${ami}` }).click();
  await expect(images).not.toContainText("confirm-image");
});

test("Elastic IPs: moving and releasing say what is lost", async ({ page }) => {
  await signIn(page);
  const [a] = await launch(page, { name: "eip-primary" });
  const [b] = await launch(page, { name: "eip-standby" });
  await page.goto("/instances");
  for (const id of [a, b]) await expect(page.getByRole("table", { name: "Instances" }).getByRole("row").filter({ hasText: id })).toContainText("running", { timeout: 20_000 });
  await page.goto("/addresses");
  await page.getByRole("button", { name: "Allocate Elastic IP" }).click();
  const allocated = page.getByRole("status").filter({ hasText: "Allocated" });
  await expect(allocated).toBeVisible();
  const ip = /Allocated (\S+) /.exec((await allocated.textContent())!)![1];
  const rowOf = () => page.getByRole("table", { name: "Elastic IPs" }).getByRole("row").filter({ hasText: ip });
  await rowOf().getByLabel(`Instance for ${ip}`).selectOption(a);
  await rowOf().getByRole("button", { name: "Associate", exact: true }).click();
  await expect(rowOf()).toContainText(a);

  // Move: confirmed, naming both instances and the address the first one loses.
  await rowOf().getByLabel(`Instance for ${ip}`).selectOption(b);
  await rowOf().getByRole("button", { name: "Move" }).click();
  let dialog = await confirmIn(page, "Move Elastic IP");
  await expect(dialog).toContainText(`${a} (eip-primary) loses ${ip}`);
  await expect(dialog).toContainText(`${a} gets a new dynamic public address`);
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(rowOf()).toContainText(a);
  await rowOf().getByRole("button", { name: "Move" }).click();
  dialog = await confirmIn(page, "Move Elastic IP");
  await dialog.getByRole("button", { name: `Move ${ip} to ${b}` }).click();
  await expect(page.getByRole("status").filter({ hasText: `Moved ${ip} from ${a} to ${b}.` })).toBeVisible();
  await expect(rowOf()).toContainText(b);

  // Release: only once idle, and confirmed.
  await rowOf().getByRole("button", { name: "Disassociate" }).click();
  await expect(rowOf()).toContainText("idle (billed)");
  await rowOf().getByRole("button", { name: "Release" }).click();
  dialog = await confirmIn(page, "Release Elastic IP");
  await expect(dialog).toContainText("The address goes back to the pool");
  await dialog.getByRole("button", { name: `Release ${ip}` }).click();
  await expect(page.getByRole("table", { name: "Elastic IPs" })).not.toContainText(ip);
});

test("removing a member names what they lose", async ({ page, browser }) => {
  await signIn(page);
  const link = await invite(page, "leaving@stratus.test", "operator");
  const them = await accept(browser, link, "leaving-password");
  await them.close();
  await page.goto("/members");
  await page.getByRole("button", { name: "Remove leaving@stratus.test" }).click();
  const dialog = await confirmIn(page, "Remove member");
  await expect(dialog).toContainText("Remove leaving@stratus.test (operator) from Default?");
  await expect(dialog).toContainText("Their access keys for this team stop working");
  await dialog.getByRole("button", { name: "Remove leaving@stratus.test" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Removed leaving@stratus.test." })).toBeVisible();
  await expect(page.getByRole("table", { name: "Members" })).not.toContainText("leaving@stratus.test");
});
