import { test, expect } from "./fixtures";
import { signIn } from "./session";
import { expectAccessible } from "./accessibility";

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
  await page.getByRole("button", { name: "Undo this change" }).click();
  await expect(page.getByText("Done: 3 changed, 0 could not be")).toBeVisible();
  await expect(page.getByText("Closed → Open").first()).toBeVisible();

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
  await noScript.getByLabel("Department").selectOption("Sales");
  await noScript.getByRole("button", { name: "Apply filters" }).click();
  await expect(noScript).toHaveURL(/department=Sales/);
  await expect(noScript.getByRole("link", { name: "Account Executive, Mid-Market", exact: true })).toBeVisible();
  await expect(noScript.getByRole("link", { name: "Senior Frontend Engineer", exact: true })).toHaveCount(0);
  await plain.close();
});
