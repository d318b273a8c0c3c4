import { Page } from "@playwright/test";
import { test, expect, hydrated } from "./fixtures";
import { signIn } from "./session";

/// Every role's navigation, loaded in full and then followed in the browser: the fixture fails
/// the test on any panic, uncaught error or console error, the class of fault where the server's
/// page and the browser's first render differ.
const roles = ["superadmin@hirevoo.test", "admin@acme.test", "recruiter@acme.test", "interviewer@acme.test", "candidate@acme.test", "seeker@example.com", "dana@delegation.test", "eli@delegation.test"];

async function navigation(page: Page): Promise<string[]> {
  const links = page.getByRole("navigation", { name: "Main" }).getByRole("link");
  await expect(links.first()).toBeVisible();
  return links.evaluateAll((found) => found.map((link) => link.getAttribute("href")!));
}

async function settled(page: Page) {
  await hydrated(page);
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  // Whatever the page waits for (suspended parts, streamed answers) arrives and is hydrated too.
  await expect(page.getByRole("status").filter({ hasText: /^Loading/ })).toHaveCount(0);
}

for (const email of roles) {
  test(`${email}: every navigation link loads as a full page and in the browser without errors`, async ({ page }) => {
    await signIn(page, email);
    const hrefs = await navigation(page);
    expect(hrefs.length).toBeGreaterThan(0);

    for (const href of hrefs) {
      const response = await page.goto(href);
      expect(response!.status(), href).toBe(200);
      await settled(page);
    }

    await page.goto(hrefs[0]);
    await settled(page);
    for (const href of [...hrefs.slice(1), hrefs[0]]) {
      await page.getByRole("navigation", { name: "Main" }).locator(`a[href="${href}"]`).click();
      await expect(page).toHaveURL((url) => url.pathname === href);
      await settled(page);
    }
  });
}
