import { Page } from "@playwright/test";
import { test, expect } from "./fixtures";
import { signIn, signOut } from "./session";

const roles = [
  {
    email: "superadmin@hirevoo.test",
    nav: ["Tenants", "Plans", "Feature flags", "Job sources", "Incidents", "Metrics", "Usage", "Audit log", "Settings", "Outbox", "Background jobs", "Delegation", "Delegation admins", "Delegation settings", "Account"],
    heading: "Tenants",
    sees: ["Acme Hiring"],
  },
  {
    email: "admin@acme.test",
    nav: ["Members", "Overview", "Pipeline settings", "Email templates", "Usage", "Audit log", "Assessments", "Question bank", "Jobs", "Candidates", "Interviews", "Analytics", "Account"],
    heading: "Members",
    sees: ["Rita Moreno", "recruiter@acme.test", "Chloe Martin"],
  },
  {
    email: "recruiter@acme.test",
    nav: ["Overview", "Assessments", "Question bank", "Jobs", "Candidates", "Interviews", "Analytics", "Account"],
    heading: "Welcome, Rita",
    sees: ["Acme Hiring", "Members by role"],
  },
  {
    email: "interviewer@acme.test",
    nav: ["Interviews", "Overview", "Account"],
    heading: "Your interviews",
    sees: ["Scorecards due", "Times are shown in Europe/Berlin."],
  },
  {
    email: "candidate@acme.test",
    nav: ["Home", "Account"],
    heading: "Welcome, Chloe",
    sees: ["You are a candidate with Acme Hiring"],
  },
];

for (const role of roles) {
  test(`${role.email} signs in, sees their navigation and data, and signs out`, async ({ page }) => {
    await signIn(page, role.email);
    await expect(page.getByRole("heading", { level: 1, name: role.heading })).toBeVisible();
    const nav = page.getByRole("navigation", { name: "Main" });
    for (const item of role.nav) {
      await expect(nav.getByRole("link", { name: item, exact: true })).toBeVisible();
    }
    await expect(nav.getByRole("link")).toHaveCount(role.nav.length);
    for (const text of role.sees) {
      await expect(page.getByText(text).first()).toBeVisible();
    }
    await signOut(page);
    await page.goto("/");
    await expect(page).toHaveURL(/\/sign-in/);
  });
}

test("a wrong password says so and keeps the person signed out", async ({ page }) => {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill("admin@acme.test");
  await page.getByLabel("Password").fill("not the password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert")).toHaveText("The email or password is incorrect.");
  await page.goto("/");
  await expect(page).toHaveURL(/\/sign-in/);
});

test("an admin invites a member, who joins through the emailed link", async ({ page, browser }) => {
  await signIn(page, "admin@acme.test");
  await page.getByLabel("Email").fill("dana.new@example.com");
  await page.getByLabel("Role", { exact: true }).selectOption("interviewer");
  await page.getByRole("button", { name: "Send invitation" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Invitation sent to dana.new@example.com." })).toBeVisible();
  await expect(page.getByRole("cell", { name: "dana.new@example.com", exact: true })).toBeVisible();
  await signOut(page);

  await signIn(page, "superadmin@hirevoo.test");
  await page.getByRole("link", { name: "Outbox" }).click();
  const mail = page.getByRole("article", { name: /You are invited to Acme Hiring/ }).first();
  const body = await mail.locator("pre").innerText();
  const link = body.match(/http\S+\/join\?token=[0-9a-f]{64}/)![0];
  await signOut(page);

  const context = await browser.newContext();
  const newcomer = await context.newPage();
  await newcomer.goto(link);
  await expect(newcomer.getByText("You are invited to")).toBeVisible();
  await newcomer.getByLabel("Your name").fill("Dana New");
  await newcomer.getByLabel("Choose a password").fill("dana's long password");
  await newcomer.getByLabel("The password, again").fill("dana's long password");
  await newcomer.getByRole("button", { name: "Join" }).click();
  await expect(newcomer.getByRole("heading", { level: 1, name: "Your interviews" })).toBeVisible();
  await expect(newcomer.getByText("Nothing scheduled yet.")).toBeVisible();
  await context.close();
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("signing in, seeing data, a form error and signing out all work", async ({ page }) => {
    await page.goto("/sign-in");
    await page.getByLabel("Email").fill("admin@acme.test");
    await page.getByLabel("Password").fill("wrong password here");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("alert")).toHaveText("The email or password is incorrect.");

    await signIn(page, "admin@acme.test");
    await expect(page.getByRole("heading", { level: 1, name: "Members" })).toBeVisible();
    await expect(page.getByText("recruiter@acme.test", { exact: true })).toBeVisible();
    await page.getByLabel("Email").fill("nojs.invitee@example.com");
    await page.getByRole("button", { name: "Send invitation" }).click();
    await expect(page.getByRole("cell", { name: "nojs.invitee@example.com", exact: true })).toBeVisible();
    await signOut(page);
  });
});
