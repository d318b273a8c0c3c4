import { test, expect } from "./fixtures";
import { signIn } from "./session";
import { expectAccessible } from "./accessibility";

test("a job seeker saves a job and a search from the board and finds both on their home page", async ({ page }) => {
  await signIn(page, "seeker@example.com");
  await expect(page.getByRole("heading", { level: 1, name: "Your job search" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Saved jobs" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Engineering in Berlin" })).toBeVisible();
  await expectAccessible(page);

  await page.getByRole("link", { name: "Find jobs on the board" }).click();
  await page.getByLabel("What: job title, skill or company").fill("manager");
  await page.getByRole("button", { name: "Search", exact: true }).click();
  await expect(page).toHaveURL(/q=manager/);
  const first = page.getByRole("main").getByRole("listitem").first().getByRole("link");
  const title = (await first.textContent())!.trim();
  await first.click();
  await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
  await page.getByRole("button", { name: "Save job" }).click();
  await expect(page.getByRole("button", { name: "Saved" })).toBeVisible();
  await expectAccessible(page);

  await page.goto("/jobs-board?q=manager");
  await page.getByText("Save this search").click();
  await page.getByLabel("Name", { exact: true }).fill("Managers");
  await page.getByLabel("New jobs by email").selectOption("weekly");
  await page.getByRole("button", { name: "Save the search" }).click();
  await page.goto("/");
  await expect(page.getByRole("link", { name: title }).first()).toBeVisible();
  await expect(page.getByRole("link", { name: "Managers" })).toBeVisible();
});

test("the sign-up pages pass the automated WCAG 2.2 AA checks and refuse a mismatched password", async ({ page }) => {
  await page.goto("/sign-up");
  await expectAccessible(page);
  await page.getByLabel("Your name").fill("Lee Park");
  await page.getByLabel("Email").fill("lee.park@example.com");
  await page.getByLabel("Choose a password").fill("a long enough password");
  await page.getByLabel("The password, again").fill("another long password");
  await page.getByRole("button", { name: "Sign up" }).click();
  await expect(page.getByText(/do not match|does not match/i)).toBeVisible();
  await page.goto("/sign-up/confirm?token=" + "0".repeat(64));
  await expectAccessible(page);
});
