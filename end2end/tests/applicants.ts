import { expect, Browser, Page } from "@playwright/test";
import { resumePdf } from "./documents";

/// Applies to `job` on the careers site, without JavaScript, as a visitor would.
export async function applyOnCareersSite(browser: Browser, job: string, name: string, email: string) {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const visitor = await context.newPage();
  await visitor.goto("/careers/acme");
  await visitor.getByRole("link", { name: job }).click();
  await visitor.getByLabel("Full name").fill(name);
  await visitor.getByLabel("Email", { exact: true }).fill(email);
  await visitor.getByLabel("Résumé", { exact: true }).setInputFiles({ name: "resume.pdf", mimeType: "application/pdf", buffer: resumePdf(name) });
  await visitor.getByLabel(/I agree that Acme Hiring stores my application/).check();
  await visitor.getByRole("button", { name: "Send application" }).click();
  await expect(visitor.getByText("Thank you: we received your application. Check your email: we sent a message to that address about what happens next.")).toBeVisible();
  await context.close();
}

/// A recruiter adds a person by hand and to `job`'s pipeline, and opens the application.
export async function addToPipeline(page: Page, job: string, name: string, email: string) {
  await page.goto("/candidates/new");
  await page.waitForLoadState("networkidle");
  await page.getByLabel("Name", { exact: true }).fill(name);
  await page.getByLabel("Email", { exact: true }).fill(email);
  await page.getByRole("button", { name: "Add the candidate" }).click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  await page.waitForLoadState("networkidle");
  await page.getByLabel("Add to a requisition").selectOption({ label: job });
  await page.getByRole("button", { name: "Add", exact: true }).click();
  await page.getByRole("link", { name: job, exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  await page.waitForLoadState("networkidle");
}
