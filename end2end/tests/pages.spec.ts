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
  await page.getByLabel("Job title").fill(" ");
  await page.getByRole("button", { name: "Save job" }).click();
  await expect(page.getByText("Enter a job title.")).toBeVisible();
  await expect(page.getByLabel("Job title")).toHaveAttribute("aria-invalid", "true");
  await expectAccessible(page);

  // What was typed survives the refusal; a job is saved, listed, then deleted.
  await expect(page.getByLabel("Job title")).toHaveValue(" ");
  await page.getByLabel("Job title").fill("Temporary job");
  await page.getByRole("button", { name: "Save job" }).click();
  await expect(page.getByRole("cell", { name: "Temporary job", exact: true })).toBeVisible();
  await page.getByRole("button", { name: "Delete: Temporary job" }).click();
  await expect(page.getByRole("cell", { name: "Temporary job", exact: true })).toBeHidden();
});
