import { test, expect } from "./fixtures";
import { signIn } from "./session";
import { expectAccessible } from "./accessibility";
import { resumePdf } from "./documents";

function csv(lines: string[]): { name: string; mimeType: string; buffer: Buffer } {
  return { name: "meetup-leads.csv", mimeType: "text/csv", buffer: Buffer.from(lines.join("\n") + "\n", "utf8") };
}

test("a recruiter imports a CSV file: the preview shows each row's problem, the import shows its progress and notifies; a document is added and a duplicate merged", async ({ page }) => {
  test.setTimeout(90_000);
  const stamp = Date.now();
  const name = `Imported Person ${stamp % 100000}`;
  await signIn(page, "recruiter@acme.test");
  await page.getByRole("link", { name: "Candidates", exact: true }).click();
  await page.getByRole("link", { name: "Import from a CSV file" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Import candidates" })).toBeVisible();
  await expect(page.getByRole("link", { name: "rustconf-2026-leads.csv" })).toBeVisible();
  await expectAccessible(page);

  await page.getByLabel("CSV file").setInputFiles(csv(["name,email,tags,skills", `${name},imported.${stamp}@example.com,meetup,Rust:3`, "Nobody,not-an-email,,"]));
  await page.getByRole("button", { name: "Check the file" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Import of meetup-leads.csv" })).toBeVisible();
  const problems = page.getByRole("region", { name: "Rows with a problem" });
  await expect(problems.getByRole("row", { name: /Nobody/ })).toContainText("email");
  await expectAccessible(page);
  await page.getByRole("button", { name: "Import 1 row" }).click();
  await expect(page.getByText("The import is finished.")).toBeVisible({ timeout: 20_000 });
  await expect(page.getByText("1 added, 0 updated, 0 skipped, 0 failed")).toBeVisible();
  await expectAccessible(page);

  // The importer hears of it.
  await page.goto("/notifications");
  await expect(page.getByRole("link", { name: /meetup-leads\.csv/ }).first()).toBeVisible();

  // The new candidate's profile takes a document.
  await page.goto(`/candidates?q=${encodeURIComponent(name)}`);
  await page.getByRole("link", { name, exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  await page.getByLabel("Add a PDF").setInputFiles({ name: "portfolio.pdf", mimeType: "application/pdf", buffer: resumePdf(name) });
  await page.getByLabel("Kind").selectOption({ label: "Other document" });
  await page.getByRole("button", { name: "Add the document" }).click();
  await expect(page.getByText("The document was added")).toBeVisible();
  await expect(page.getByRole("link", { name: "portfolio.pdf" })).toBeVisible();
  await expectAccessible(page);

  // The demo's applicant and the record the demo import made of her: merged.
  await page.goto("/candidates?q=priya");
  await page.getByRole("row", { name: /priya\.raghavan@example\.com/ }).getByRole("link", { name: "Priya Raghavan" }).click();
  await expect(page.getByText("Possibly the same person:")).toBeVisible();
  await page.getByLabel("Email of the other record").fill("priya.r@example.org");
  await page.getByLabel("Merge it into this record and remove it").check();
  await page.getByRole("button", { name: "Merge", exact: true }).click();
  await expect(page.getByText("Priya Raghavan (priya.r@example.org) was merged into this record.")).toBeVisible();
  await expect(page.getByText("Possibly the same person:")).toBeHidden();
});

test("without JavaScript a file is refused with its reason, or previewed and imported", async ({ page, browser }) => {
  await signIn(page, "recruiter@acme.test");
  const plain = await browser.newContext({ javaScriptEnabled: false });
  await plain.addCookies(await page.context().cookies());
  const noScript = await plain.newPage();
  await noScript.goto("/candidates/import");
  await noScript.getByLabel("CSV file").setInputFiles(csv(["name,mail", "A,a@example.com"]));
  await noScript.getByRole("button", { name: "Check the file" }).click();
  await expect(noScript.getByText("The column “mail” is not one we know")).toBeVisible();
  const email = `plain.${Date.now()}@example.com`;
  await noScript.getByLabel("CSV file").setInputFiles(csv(["Full name;E-mail", `Plain Import;${email}`]));
  await noScript.getByRole("button", { name: "Check the file" }).click();
  await expect(noScript.getByRole("heading", { level: 1, name: "Import of meetup-leads.csv" })).toBeVisible();
  await noScript.getByRole("button", { name: "Import 1 row" }).click();
  await expect(noScript.getByText(/^(Importing|Finished)$/).or(noScript.getByText("The import is finished."))).toBeVisible();
  await plain.close();
});
