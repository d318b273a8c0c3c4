import { test, expect } from "./fixtures";
import { Page } from "@playwright/test";
import { signIn, signOut } from "./session";
import { expectAccessible } from "./accessibility";
import { applyOnCareersSite } from "./applicants";

const job = "Customer Success Manager";

async function openPipeline(page: Page) {
  await page.goto(`/jobs?q=${encodeURIComponent(job)}`);
  await page.getByRole("link", { name: job, exact: true }).click();
  await page.getByRole("link", { name: /^Pipeline \(\d+\)$/ }).click();
  await expect(page.getByRole("heading", { level: 1, name: job })).toBeVisible();
}

/// The board's column for a stage.
function column(page: Page, stage: string) {
  return page.getByRole("region", { name: new RegExp(`^${stage} \\d+$`) });
}

test("a recruiter moves a candidate by keyboard into a stage that sends a test; the candidate takes it; the score and a notification arrive without a reload, and a second browser sees the move live", async ({ page, browser }) => {
  test.setTimeout(150_000);
  const name = `Rosa Keyboard ${Date.now() % 100000}`;
  const email = `rosa.${Date.now()}@example.com`;
  await applyOnCareersSite(browser, job, name, email);

  await signIn(page, "recruiter@acme.test");
  await openPipeline(page);
  await expectAccessible(page);
  await page.getByRole("link", { name: "Edit stages" }).click();
  await expect(page.getByRole("heading", { level: 1, name: `Stages of ${job}` })).toBeVisible();
  await page.getByLabel("Send on entry").nth(2).selectOption({ label: "SQL and HTTP quick check" });
  await page.getByRole("button", { name: "Set" }).nth(2).click();
  await expect(page.getByText("Sends “SQL and HTTP quick check” on entry").or(page.getByLabel("Send on entry").nth(2))).toBeVisible();
  await expectAccessible(page);
  await page.getByRole("link", { name: "Back to the pipeline" }).click();
  await expect(column(page, "Assessment").getByText("Sends “SQL and HTTP quick check” on entry")).toBeVisible();

  // A second person watches the same board.
  const watcherContext = await browser.newContext();
  const watcher = await watcherContext.newPage();
  await signIn(watcher, "admin@acme.test");
  await openPipeline(watcher);
  await expect(column(watcher, "Applied").getByRole("link", { name, exact: true })).toBeVisible();

  // Keyboard only: the card's "Move to" menu, then its button.
  const menu = page.getByLabel(`Move ${name} to`);
  await menu.focus();
  await page.keyboard.press("ArrowDown");
  await expect(menu).toHaveValue(await menu.locator("option", { hasText: "Assessment" }).getAttribute("value") as string);
  await page.keyboard.press("Tab");
  await page.keyboard.press("Enter");
  await expect(page.getByText(`${name} moved to Assessment. The assessment “SQL and HTTP quick check” was sent to them.`).first()).toBeVisible();
  await expect(column(page, "Assessment").getByRole("link", { name, exact: true })).toBeVisible();
  await expect(column(watcher, "Assessment").getByRole("link", { name, exact: true })).toBeVisible({ timeout: 15_000 });

  // The candidate takes the test from the emailed link.
  const admin = await (await browser.newContext()).newPage();
  await signIn(admin, "superadmin@hirevoo.test");
  await admin.getByRole("link", { name: "Outbox" }).click();
  const mail = admin.getByRole("article", { name: /invites you to an assessment: SQL and HTTP quick check/ }).filter({ hasText: email }).first();
  const link = (await mail.locator("pre").innerText()).match(/http\S+\/take\?token=[0-9a-f]{64}/)![0];
  const candidateContext = await browser.newContext();
  const candidate = await candidateContext.newPage();
  await candidate.goto(link);
  await candidate.getByRole("checkbox").check();
  await candidate.getByRole("button", { name: "Start the test" }).click();
  await expect(candidate.getByRole("timer")).toBeVisible();
  await candidate.getByRole("button", { name: "Finish the test" }).click();
  await candidate.getByRole("button", { name: "Submit answers" }).click();
  await expect(candidate.getByText(/Your answers have been submitted/)).toBeVisible();
  await candidateContext.close();

  // Without a reload: the score on the card and a notification in the bell.
  const card = column(page, "Assessment").getByRole("listitem").filter({ hasText: name });
  await expect(card.getByText(/SQL and HTTP quick check: \d+%/)).toBeVisible({ timeout: 20_000 });
  await expect(page.getByRole("link", { name: /Notifications, \d+ unread/ })).toBeVisible({ timeout: 20_000 });

  await card.getByRole("link", { name, exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  await expect(page.getByText(/Scored · score \d+%/)).toBeVisible();
  await expectAccessible(page);
  await watcherContext.close();
});

test("cards move by dragging, several move at once, and notes mention the team", async ({ page, browser }) => {
  const names = [`Drag One ${Date.now() % 100000}`, `Drag Two ${Date.now() % 100000}`];
  for (const [i, name] of names.entries()) await applyOnCareersSite(browser, job, name, `drag${i}.${Date.now()}@example.com`);
  await signIn(page, "recruiter@acme.test");
  await openPipeline(page);

  const first = column(page, "Applied").getByRole("listitem").filter({ hasText: names[0] });
  await first.dragTo(column(page, "Screening"));
  await expect(column(page, "Screening").getByRole("link", { name: names[0], exact: true })).toBeVisible();

  await page.getByRole("checkbox", { name: `Select ${names[0]}` }).check();
  await page.getByRole("checkbox", { name: `Select ${names[1]}` }).check();
  await page.getByLabel("Stage", { exact: true }).selectOption({ label: "Interview" });
  await page.getByRole("button", { name: "Apply to the selected" }).click();
  await expect(page.getByText("2 moved.")).toBeVisible();
  for (const name of names) await expect(column(page, "Interview").getByRole("link", { name, exact: true })).toBeVisible();

  await column(page, "Interview").getByRole("link", { name: names[1], exact: true }).click();
  await page.getByLabel("Add a note").fill("Great call today, @admin please join the panel.");
  await page.getByRole("button", { name: "Add note" }).click();
  await expect(page.getByRole("paragraph").filter({ hasText: "Great call today, @admin please join the panel." })).toBeVisible();
  await page.getByLabel("Reject because").selectOption("Position filled");
  await page.getByRole("button", { name: "Reject" }).click();
  await expect(page.getByText(`${names[1]} rejected: Position filled.`)).toBeVisible();
  await expect(page.getByText("Rejected at Interview").first()).toBeVisible();
  await expectAccessible(page);
  await signOut(page);

  await signIn(page, "admin@acme.test");
  await page.goto("/settings/pipeline");
  await expect(page.getByLabel("Stages, in order")).toHaveValue(/Applied: applied/);
  await expectAccessible(page);
});

test("without JavaScript a card moves through its form", async ({ page, browser }) => {
  const name = `Plain Form ${Date.now() % 100000}`;
  await applyOnCareersSite(browser, job, name, `plain.${Date.now()}@example.com`);
  await signIn(page, "recruiter@acme.test");
  const cookies = await page.context().cookies();
  const plain = await browser.newContext({ javaScriptEnabled: false });
  await plain.addCookies(cookies);
  const noScript = await plain.newPage();
  await openPipeline(noScript);
  await noScript.getByLabel(`Move ${name} to`).selectOption({ label: "Offer" });
  await column(noScript, "Applied").getByRole("listitem").filter({ hasText: name }).getByRole("button", { name: "Move" }).click();
  await expect(column(noScript, "Offer").getByRole("link", { name, exact: true })).toBeVisible();
  await plain.close();
});

test("candidates, analytics and notifications pages work and pass the automated WCAG 2.2 AA checks", async ({ page }) => {
  test.setTimeout(90_000);
  await signIn(page, "admin@acme.test");
  await page.getByRole("link", { name: "Candidates", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Candidates" })).toBeVisible();
  await expectAccessible(page);
  await page.getByLabel("Search names, emails, skills and résumés").fill("amara");
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page).toHaveURL(/q=amara/);
  await page.getByRole("link", { name: "Amara Okonkwo" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Amara Okonkwo" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Applications" })).toBeVisible();
  await expectAccessible(page);

  await page.getByRole("link", { name: "Analytics", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Analytics" })).toBeVisible();
  await expect(page.getByRole("img", { name: /^Funnel: Views \d+/ })).toBeVisible();
  await expect(page.getByRole("table").first()).toContainText("Applied");
  await expectAccessible(page);
  await page.getByLabel("From", { exact: true }).fill("2026-01-02");
  await page.getByLabel("To", { exact: true }).fill("2026-01-01");
  await page.getByRole("button", { name: "Show" }).click();
  await expect(page.getByText("The period ends before it starts.")).toBeVisible();

  await openPipeline(page);
  await page.getByRole("navigation", { name: "Requisition" }).getByRole("link", { name: "Analytics" }).click();
  await expect(page.getByRole("heading", { level: 1, name: `Analytics: ${job}` })).toBeVisible();
  await expectAccessible(page);

  await page.goto("/notifications");
  await expect(page.getByRole("heading", { level: 1, name: "Notifications" })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole("link", { name: "Preferences" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Notification preferences" })).toBeVisible();
  await page.getByLabel("Mention in a note by email").selectOption({ label: "Daily digest" });
  await page.getByRole("button", { name: "Save preferences" }).click();
  await expect(page.getByText("Saved.")).toBeVisible();
  await expectAccessible(page);
  await page.goto("/settings/notifications");
  await expect(page.getByRole("heading", { level: 1, name: "Notification templates" })).toBeVisible();
  await expectAccessible(page);
});
