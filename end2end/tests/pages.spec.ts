import { test, expect } from "./fixtures";
import { signIn } from "./session";
import { expectAccessible } from "./accessibility";

test("the sign-in page passes the automated WCAG 2.2 AA checks", async ({ page }) => {
  await page.goto("/sign-in");
  await expectAccessible(page);
});

test("each recruiting page passes the automated WCAG 2.2 AA checks, with a form error showing", async ({ page }) => {
  await signIn(page, "recruiter@acme.test");
  for (const [link, heading] of [["Assessments", "Assessments"], ["Question bank", "Question bank"], ["Jobs", "Jobs"]]) {
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: link, exact: true }).click();
    await expect(page.getByRole("heading", { level: 1, name: heading })).toBeVisible();
    await expectAccessible(page);
  }
  // A refused submission: the error is announced and tied to its field.
  await page.getByRole("link", { name: "New requisition" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "New requisition" })).toBeVisible();
  await page.getByLabel("Job title").fill(" ");
  await page.getByRole("button", { name: "Create the draft" }).click();
  await expect(page.getByText("Enter a job title.")).toBeVisible();
  await expect(page.getByLabel("Job title")).toHaveAttribute("aria-invalid", "true");
  await expectAccessible(page);

  // What was typed survives the refusal; a requisition is created, then deleted.
  await expect(page.getByLabel("Job title")).toHaveValue(" ");
  await page.getByLabel("Job title").fill("Temporary job");
  await page.getByRole("button", { name: "Create the draft" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Temporary job" })).toBeVisible();
  await page.getByRole("button", { name: "Delete", exact: true }).click();
  await expect(page).toHaveURL(/\/jobs$/);
  await expect(page.getByRole("link", { name: "Temporary job", exact: true })).toHaveCount(0);
});
