import { test, expect } from "./fixtures";
import { signIn, signOut } from "./session";
import { expectAccessible } from "./accessibility";
import { resumePdf } from "./documents";

test("a recruiter bulk-closes three requisitions after a dry run, watches it finish, undoes it and reads the audit trail", async ({ page }) => {
  await signIn(page, "recruiter@acme.test");
  await page.goto("/jobs?status=open&sort=title");
  await expect(page.getByRole("heading", { level: 1, name: "Jobs" })).toBeVisible();
  await expectAccessible(page);

  const titles = ["Account Executive, Mid-Market", "Backend Engineer (Java)", "Content Marketing Manager"];
  for (const title of titles) {
    await page.getByRole("checkbox", { name: `Select ${title}` }).check();
  }
  await page.getByLabel("Operation").selectOption("change_status");
  await page.getByLabel("New status (for a status change)").selectOption("closed");
  await page.getByLabel("Reason (for on hold and closed)").fill("Hiring paused for the quarter");
  await page.getByRole("button", { name: "Preview the changes" }).click();

  await expect(page.getByRole("heading", { level: 1, name: "Preview the changes" })).toBeVisible();
  await expect(page.getByText("3 will change; 0 cannot.")).toBeVisible();
  await expectAccessible(page);
  await page.getByRole("button", { name: "Apply to 3" }).click();

  await expect(page).toHaveURL(/\/jobs\/bulk\/[0-9a-f-]+$/);
  await expect(page.getByText("Done: 3 changed, 0 could not be")).toBeVisible();
  await expectAccessible(page);
  // The page arrived by a full load: a click while its code is still starting may be lost.
  await page.waitForLoadState("networkidle");
  await page.getByRole("button", { name: "Undo this change" }).click();
  // Hydrated, the page goes to the undo; without its code, the form posts and the operation's
  // page links to its undo instead.
  const undone = page.getByText("Closed → Open").first();
  const seeTheUndo = page.getByRole("link", { name: "see the undo" });
  await expect(undone.or(seeTheUndo)).toBeVisible();
  if (await seeTheUndo.isVisible()) {
    await seeTheUndo.click();
  }
  await expect(page.getByText("Done: 3 changed, 0 could not be")).toBeVisible();
  await expect(undone).toBeVisible();

  await page.goto("/jobs?status=open&sort=title");
  for (const title of titles) {
    await expect(page.getByRole("link", { name: title, exact: true })).toBeVisible();
  }
  await page.getByRole("link", { name: titles[0], exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: titles[0] })).toBeVisible();
  await expect(page.getByText("The audit chain verifies")).toBeVisible();
  await expect(page.getByRole("cell", { name: "status" }).first()).toBeVisible();
  await expect(page.getByText("Reason: Hiring paused for the quarter")).toBeVisible();
  await expectAccessible(page);
});

test("the dashboard filters as you type without losing focus, and without JavaScript through its form", async ({ page, browser }) => {
  await signIn(page, "recruiter@acme.test");
  await page.goto("/jobs");
  const search = page.getByLabel("Search titles and departments");
  await search.click();
  await search.pressSequentially("enginer", { delay: 60 });
  await expect(page).toHaveURL(/q=enginer/);
  await expect(search).toBeFocused();
  await expect(page.getByRole("link", { name: "Senior Frontend Engineer", exact: true })).toBeVisible();
  await expect(page.getByRole("link", { name: "Product Manager, Assessments", exact: true })).toHaveCount(0);

  const cookies = await page.context().cookies();
  const plain = await browser.newContext({ javaScriptEnabled: false });
  await plain.addCookies(cookies);
  const noScript = await plain.newPage();
  await noScript.goto("/jobs");
  await noScript.getByLabel("Department", { exact: true }).selectOption("Sales");
  await noScript.getByRole("button", { name: "Apply filters" }).click();
  await expect(noScript).toHaveURL(/department=Sales/);
  await expect(noScript.getByRole("link", { name: "Account Executive, Mid-Market", exact: true })).toBeVisible();
  await expect(noScript.getByRole("link", { name: "Senior Frontend Engineer", exact: true })).toHaveCount(0);
  await plain.close();
});

test("a recruiter opens and publishes a requisition, a visitor applies on the careers site, the recruiter sees the application", async ({ page, browser }) => {
  const title = `Platform Engineer ${Date.now()}`;
  await signIn(page, "recruiter@acme.test");
  await page.goto("/jobs/new");
  await expectAccessible(page);
  await page.getByLabel("Job title").fill(title);
  await page.getByLabel("Description", { exact: true }).fill("Build the platform.\n\n- Rust\n- PostgreSQL");
  await page.getByLabel("Department", { exact: true }).fill("Engineering");
  await page.getByLabel("City").fill("Lisbon");
  await page.getByLabel("Country").fill("Portugal");
  await page.getByLabel("Workplace").selectOption("hybrid");
  await page.getByLabel("Publish on the careers site").check();
  await page.getByRole("button", { name: "Create the draft" }).click();

  await expect(page).toHaveURL(/\/jobs\/[0-9a-f-]+$/);
  await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
  await expect(page.getByText("Draft", { exact: true })).toBeVisible();
  await page.getByRole("radio", { name: "Open", exact: true }).check();
  await page.getByRole("button", { name: "Change status" }).click();
  await expect(page.getByText("Status changed; the hiring team has been told.")).toBeVisible();
  await expect(page.getByRole("link", { name: "View on the careers site" })).toBeVisible();
  await expectAccessible(page);
  const jobUrl = page.url();

  const visitorContext = await browser.newContext();
  const visitor = await visitorContext.newPage();
  await visitor.goto("/careers/acme");
  await expectAccessible(visitor);
  await visitor.getByLabel("Search by job title or department").fill("platform enginer");
  await visitor.getByRole("button", { name: "Search" }).click();
  await visitor.getByRole("link", { name: title }).click();
  await expect(visitor.getByRole("heading", { level: 1, name: title })).toBeVisible();
  await expect(visitor.getByRole("listitem").filter({ hasText: "PostgreSQL" })).toBeVisible();
  await expectAccessible(visitor);
  await visitor.getByLabel("Full name").fill("Inês Duarte");
  await visitor.getByLabel("Email", { exact: true }).fill("ines.duarte@example.com");
  await visitor.getByLabel("Résumé", { exact: true }).setInputFiles({ name: "ines-duarte.pdf", mimeType: "application/pdf", buffer: resumePdf("Ines Duarte") });
  await visitor.getByLabel(/I agree that Acme Hiring stores my application/).check();
  await visitor.getByRole("button", { name: "Send application" }).click();
  await expect(visitor.getByText("Thank you: we received your application. Check your email: we sent a message to that address about what happens next.")).toBeVisible();
  await expectAccessible(visitor);
  await visitorContext.close();

  await page.goto(jobUrl);
  const applications = page.locator("dt", { hasText: "Applications" }).locator("xpath=following-sibling::dd[1]");
  await expect(applications).toHaveText("1");
  await page.goto("/jobs?q=" + encodeURIComponent(title));
  await expect(page.getByRole("row", { name: new RegExp(title) }).getByRole("cell").nth(5)).toHaveText("1");
});

test("the edit form, recently deleted requisitions and the background jobs page pass the automated WCAG 2.2 AA checks", async ({ page }) => {
  await signIn(page, "admin@acme.test");
  await page.goto("/jobs?q=Staff%20Data%20Engineer");
  await page.getByRole("link", { name: "Staff Data Engineer", exact: true }).click();
  await page.getByRole("link", { name: "Edit", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Edit: Staff Data Engineer" })).toBeVisible();
  await expect(page.getByLabel("Job title")).toHaveValue("Staff Data Engineer");
  await expectAccessible(page);
  await page.goto("/jobs/deleted");
  await expect(page.getByRole("heading", { level: 1, name: "Recently deleted" })).toBeVisible();
  await expectAccessible(page);
  await signOut(page);
  await signIn(page, "superadmin@hirevoo.test");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Background jobs" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Background jobs" })).toBeVisible();
  await expectAccessible(page);
});
