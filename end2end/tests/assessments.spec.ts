import { test, expect, Page } from "@playwright/test";
import { demoPassword } from "../playwright.config";

async function signIn(page: Page, email: string) {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(demoPassword);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).not.toHaveURL(/sign-in/);
}

test("a recruiter builds an assessment from the question bank and invites a candidate", async ({ page }) => {
  await signIn(page, "recruiter@acme.test");
  await page.getByRole("link", { name: "Assessments" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Assessments" })).toBeVisible();

  await page.getByLabel("New skill").fill("SQL");
  await page.getByRole("button", { name: "Add skill" }).click();
  await expect(page.getByLabel("Skill", { exact: true })).toContainText("SQL");

  await page.getByLabel("Type", { exact: true }).selectOption("single_choice");
  await page.getByLabel("Question", { exact: true }).fill("Which join keeps unmatched left rows?");
  await page.getByLabel("Options").fill("inner\nleft\ncross");
  await page.getByLabel("Right answer").fill("2");
  await page.getByLabel("Skill", { exact: true }).selectOption({ label: "SQL" });
  await page.getByLabel("Points").fill("2");
  await page.getByRole("button", { name: "Save question" }).click();
  await expect(page.getByRole("cell", { name: "Which join keeps unmatched left rows?" })).toBeVisible();

  await page.getByLabel("Set name").fill("Databases");
  await page.getByRole("button", { name: "Create set" }).click();
  await page.getByRole("button", { name: "Add to set" }).click();
  await expect(page.getByRole("option", { name: "Databases (1 questions)" }).first()).toBeAttached();

  await page.getByLabel("Title", { exact: true }).fill("SQL basics");
  await page.getByRole("button", { name: "Create assessment" }).click();
  await expect(page.getByRole("cell", { name: "SQL basics" })).toBeVisible();

  await page.getByLabel("Email addresses").fill("candidate.one@example.com, candidate.two@example.com");
  await page.getByRole("button", { name: "Send invitations" }).click();
  await expect(page.getByText("2 invitations sent.")).toBeVisible();
});
