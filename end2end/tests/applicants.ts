import { expect, Browser } from "@playwright/test";
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
  await expect(visitor.getByText("Thank you: your application was received.")).toBeVisible();
  await context.close();
}
