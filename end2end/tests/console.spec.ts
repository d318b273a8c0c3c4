import { Browser, Page } from "@playwright/test";
import { test, expect } from "./fixtures";
import { signIn } from "./session";
import { expectAccessible } from "./accessibility";
import { demoPassword } from "../playwright.config";

async function openAcme(page: Page) {
  await page.goto("/");
  await page.getByRole("link", { name: "Acme Hiring" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Acme Hiring" })).toBeVisible();
}

async function asRecruiter(browser: Browser): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, "recruiter@acme.test");
  return page;
}

test("a superadmin turns the careers site off for one organization, and its careers page disappears", async ({ page }) => {
  await signIn(page, "superadmin@hirevoo.test");
  await openAcme(page);
  await expectAccessible(page);
  const careers = page.getByLabel("careers-site for this organization");
  expect((await page.request.get("/careers/acme")).status()).toBe(200);

  await careers.selectOption("off");
  await page.getByRole("button", { name: "Apply to careers-site" }).click();
  const row = page.getByRole("row", { name: /careers-site/ });
  await expect(row.getByText("set for this tenant")).toBeVisible();
  await expect(row.getByText("off", { exact: true })).toBeVisible();
  const visitor = await page.context().browser()!.newContext();
  const gone = await visitor.newPage();
  expect((await gone.goto("/careers/acme"))!.status()).toBe(404);

  await careers.selectOption("rules");
  await page.getByRole("button", { name: "Apply to careers-site" }).click();
  await expect(async () => expect((await gone.goto("/careers/acme"))!.status()).toBe(200)).toPass();
  await visitor.close();
});

test("an incident a superadmin opens is shown to the organization's staff until resolved", async ({ page, browser }) => {
  await signIn(page, "superadmin@hirevoo.test");
  await page.goto("/console/incidents");
  await expectAccessible(page);
  await page.getByLabel("Title").fill("Slow saves on assessments");
  await page.getByLabel("Severity").selectOption("major");
  await page.getByLabel("First update").fill("Saving answers takes a few seconds longer than usual. Nothing is lost.");
  await page.getByRole("button", { name: "Open incident" }).click();
  await expect(page.getByRole("heading", { name: "Slow saves on assessments" })).toBeVisible();

  const rita = await asRecruiter(browser);
  const banner = rita.getByRole("region", { name: "Service status" });
  await expect(banner.getByText("Slow saves on assessments (major, investigating)")).toBeVisible();
  await expectAccessible(rita);
  await rita.goto("/status");
  await expect(rita.getByText("Slow saves on assessments").first()).toBeVisible();
  await expectAccessible(rita);

  const card = page.locator("section", { has: page.getByRole("heading", { name: "Slow saves on assessments" }) });
  await card.getByLabel("New status").selectOption("resolved");
  await card.getByLabel("Update").fill("Saves are back to normal.");
  await card.getByRole("button", { name: "Post update" }).click();
  await expect(card.getByText(/^Resolved /)).toBeVisible();
  await rita.goto("/");
  await expect(rita.getByRole("heading", { level: 1 })).toBeVisible();
  await expect(rita.getByText("Slow saves on assessments")).toHaveCount(0);
  await rita.context().close();
});

test("a superadmin views the product as a recruiter, cannot change anything, and stops", async ({ page }) => {
  await signIn(page, "superadmin@hirevoo.test");
  await openAcme(page);
  await page.getByLabel("Member").selectOption({ label: "Rita Moreno (recruiter, recruiter@acme.test)" });
  await page.getByLabel("Your password").fill(demoPassword);
  await page.getByLabel("Reason").last().fill("She cannot find her drafts");
  await page.getByRole("button", { name: "View as this member" }).click();

  const bar = page.getByRole("complementary", { name: "Viewing as someone else" });
  await expect(bar.getByText("Viewing as Rita Moreno (Recruiter, Acme Hiring)")).toBeVisible();
  await expect(bar).toContainText("read-only");
  await expect(page.getByRole("heading", { level: 1, name: "Welcome, Rita" })).toBeVisible();
  await expectAccessible(page);

  await page.goto("/jobs/new");
  await expect(bar).toBeVisible();
  await page.getByLabel("Job title").fill("A job nobody asked for");
  await page.getByRole("button", { name: "Create the draft" }).click();
  await expect(page.getByText(/read-only: nothing can be changed/)).toBeVisible();
  await page.goto("/jobs");
  await expect(page.getByText("A job nobody asked for")).toHaveCount(0);

  await bar.getByRole("button", { name: "Stop viewing" }).click();
  await expect(page).toHaveURL(/\/console\/tenants\//);
  await expect(page.getByRole("heading", { level: 1, name: "Acme Hiring" })).toBeVisible();
  await expect(page.getByRole("complementary", { name: "Viewing as someone else" })).toHaveCount(0);
});

test("the console's pages are accessible", async ({ page }) => {
  await signIn(page, "superadmin@hirevoo.test");
  for (const [path, heading] of [
    ["/console/metrics?range=day", "Metrics"],
    ["/console/flags", "Feature flags"],
    ["/console/flags/candidate-search-ranking", "Feature flag"],
    ["/console/plans", "Plans"],
    ["/console/settings", "Platform settings"],
    ["/console/audit", "Audit log"],
  ]) {
    await page.goto(path);
    await expect(page.getByRole("heading", { level: 1, name: heading })).toBeVisible();
    await expectAccessible(page);
  }
  await page.goto("/console/metrics?range=hour");
  await expect(page.getByRole("img", { name: /Requests per minute/ })).toBeVisible();
});

test("usage figures: the platform's for a superadmin, the organization's for its admin, by period", async ({ page, browser }) => {
  await signIn(page, "superadmin@hirevoo.test");
  await page.getByRole("link", { name: "Usage" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Usage" })).toBeVisible();
  await expect(page.getByText(/Everyone on the platform/)).toBeVisible();
  await expect(page.getByRole("img", { name: /Daily and weekly active users/ })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Top searches" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Searches without results" })).toBeVisible();
  await expect(page.getByRole("table", { name: "Retention by sign-up week" })).toBeVisible();
  await expectAccessible(page);
  // Another period, chosen by the form; it stays in the address.
  await page.getByRole("combobox", { name: "Period" }).selectOption({ label: "The last 7 days" });
  await page.getByRole("button", { name: "Show" }).click();
  await expect(page).toHaveURL(/days=7/);
  await page.locator("details summary", { hasText: "The numbers per day" }).click();
  await expect(page.getByRole("region", { name: "The numbers per day" }).getByRole("row")).toHaveCount(8);

  const adminContext = await browser.newContext();
  const admin = await adminContext.newPage();
  await signIn(admin, "admin@acme.test");
  await admin.getByRole("link", { name: "Usage" }).click();
  await expect(admin.getByText(/Your organization's members/)).toBeVisible();
  await expect(admin.getByRole("heading", { name: "Searches that led to your jobs" })).toBeVisible();
  await expect(admin.getByRole("heading", { name: "Searches without results" })).toHaveCount(0);
  await expectAccessible(admin);
  await adminContext.close();
});
