// Forms and URL state: the verbs' own rules in the browser, errors that go
// away as soon as their field changes (the server's too), and filters that
// survive Back and Reload.
import { test, expect } from "@playwright/test";
import { signIn, launch, row } from "./helpers";

test("launch form: a rule's error shows on its field and clears as the field changes; so does the server's refusal", async ({ page }) => {
  await signIn(page);
  await page.getByRole("button", { name: "Launch instances" }).click();
  const dialog = page.getByRole("dialog", { name: "Launch instances" });
  const count = dialog.getByLabel("Number of instances");

  // The launch verb's schema, in the browser: nothing is sent.
  await count.fill("0");
  await dialog.getByRole("button", { name: "Launch" }).click();
  await expect(dialog.getByRole("alert").filter({ hasText: "Launch at least 1 instance." })).toBeVisible();
  await expect(count).toHaveAttribute("aria-invalid", "true");
  await count.fill("2");
  await expect(dialog.getByText("Launch at least 1 instance.")).toBeHidden();
  await expect(count).not.toHaveAttribute("aria-invalid", "true");

  await dialog.getByLabel("Maximum count (optional)").fill("1");
  await dialog.getByRole("button", { name: "Launch" }).click();
  await expect(dialog.getByText("Maximum count (1) can't be less than the minimum (2).")).toBeVisible();
  await dialog.getByLabel("Maximum count (optional)").fill("");
  await expect(dialog.getByText("Maximum count (1) can't be less than the minimum (2).")).toBeHidden();

  await dialog.getByRole("button", { name: "Add tag" }).click();
  await dialog.getByRole("button", { name: "Add tag" }).click();
  await dialog.getByLabel("Tag key").nth(0).fill("env");
  await dialog.getByLabel("Tag key").nth(1).fill("env");
  await dialog.getByRole("button", { name: "Launch" }).click();
  await expect(dialog.getByText('Tag key "env" is given twice.')).toBeVisible();
  await dialog.getByRole("button", { name: "Remove tag 2" }).click();
  await expect(dialog.getByText('Tag key "env" is given twice.')).toBeHidden();

  // The server's answer lands on the field it is about (the team's limit is 100 here).
  await count.fill("101");
  await dialog.getByRole("button", { name: "Launch" }).click();
  await expect(dialog.getByRole("alert").filter({ hasText: "Your team's limit is 100 running instances" })).toBeVisible();
  await expect(count).toBeFocused();
  await count.fill("1");
  await expect(dialog.getByText("Your team's limit is 100 running instances")).toBeHidden();

  // Too much user data, counted in bytes as the verb counts them; once the form has been
  // submitted, each change is checked as it is typed.
  await dialog.getByLabel("User data").fill("é".repeat(8193));
  await expect(dialog.getByRole("alert").filter({ hasText: "User data is 16,386 bytes; the limit is 16 KB" })).toBeVisible();
  await dialog.getByLabel("User data").fill("#!/bin/sh\necho ok");
  await expect(dialog.getByText("User data is 16,386 bytes")).toBeHidden();

  await dialog.getByLabel("Name").fill("form-checked");
  await dialog.getByRole("button", { name: "Launch" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Launched 1 instance" })).toBeVisible();
  await expect(row(page, "form-checked")).toHaveCount(1);
});

test("a budget's amount is checked as typed, and its error clears when the amount changes", async ({ page }) => {
  await signIn(page);
  await page.goto("/costs");
  const form = page.getByRole("form", { name: "Add a budget" });
  await form.getByLabel("Budget name").fill("Team cap");
  await form.getByLabel("Per month (USD)").fill("ten dollars");
  await form.getByRole("button", { name: "Add budget" }).click();
  await expect(form.getByText("The amount must be a positive amount of dollars")).toBeVisible();
  await form.getByLabel("Per month (USD)").fill("1234.5");
  await expect(form.getByText("The amount must be a positive amount of dollars")).toBeHidden();
  await form.getByRole("button", { name: "Add budget" }).click();
  const budgets = page.getByRole("region", { name: "Budgets" });
  // Money to the cent, grouped.
  await expect(budgets).toContainText("Team cap");
  await expect(budgets).toContainText("$1,234.50 a month");
  await expect(budgets.getByText(/^Spent \$\d{1,3}(,\d{3})*\.\d{2} \(/)).toBeVisible();
});

test("instance filters live in the URL: Back undoes them, Reload keeps them, emptying the search box drops it", async ({ page }) => {
  await signIn(page);
  await launch(page, { name: "url-state-box" });
  const search = page.getByLabel("Search");
  await search.fill("no-such-instance-anywhere");
  await search.press("Enter");
  await expect(page).toHaveURL(/\?q=no-such-instance-anywhere$/);
  await expect(page.getByText("No instances match")).toBeVisible();
  await page.getByLabel("State").selectOption("running");
  await expect(page).toHaveURL(/state=running/);

  await page.goBack();
  await expect(page).toHaveURL(/\?q=no-such-instance-anywhere$/);
  await expect(page.getByLabel("State")).toHaveValue("");
  await page.goBack();
  await expect(page).toHaveURL(/\/instances$/);
  await expect(search).toHaveValue("");
  await expect(row(page, "url-state-box")).toHaveCount(1);
  await page.goForward();
  await expect(search).toHaveValue("no-such-instance-anywhere");
  await expect(page.getByText("No instances match")).toBeVisible();

  await page.reload();
  await expect(page.getByLabel("Search")).toHaveValue("no-such-instance-anywhere");
  await expect(page.getByText("No instances match")).toBeVisible();

  // Clearing the box clears the filter, without pressing Search.
  await page.getByLabel("Search").fill("");
  await expect(page).toHaveURL(/\/instances$/);
  await expect(row(page, "url-state-box")).toHaveCount(1);
});

test("clearing an audit log text filter drops it from the URL", async ({ page }) => {
  await signIn(page);
  await page.goto("/audit?actor=nobody%40nowhere.test");
  await expect(page.getByRole("table", { name: "Audit events" })).toContainText("No audit events match");
  await page.getByLabel("Actor").fill("");
  await expect(page).not.toHaveURL(/actor=nobody/);
  await expect(page.getByLabel("Actor")).toHaveValue("");
  await expect(page.getByRole("table", { name: "Audit events" })).not.toContainText("No audit events match");
});
