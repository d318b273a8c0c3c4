import { test, expect } from "./fixtures";
import { signIn } from "./session";
import { expectAccessible } from "./accessibility";
import { resumePdf } from "./documents";

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

test("a visitor finds a job with a misspelt search, signs up, applies, sees the status change as the recruiter moves them, and takes the test from their home", async ({ page, browser }) => {
  test.setTimeout(180_000);
  const job = "Customer Success Manager";
  const stamp = Date.now() % 1_000_000;
  const name = `Lee Park ${stamp}`;
  const email = `lee.park.${stamp}@example.com`;
  const password = "lee's long enough password";

  // The recruiter's assessment stage sends a test on entry.
  const recruiterContext = await browser.newContext();
  const recruiter = await recruiterContext.newPage();
  await signIn(recruiter, "recruiter@acme.test");
  await recruiter.goto(`/jobs?q=${encodeURIComponent(job)}`);
  await recruiter.getByRole("link", { name: job, exact: true }).click();
  await recruiter.getByRole("link", { name: /^Pipeline \(\d+\)$/ }).click();
  const pipeline = recruiter.url();
  await recruiter.getByRole("link", { name: "Edit stages" }).click();
  await recruiter.getByLabel("Send on entry").nth(2).selectOption({ label: "SQL and HTTP quick check" });
  await recruiter.getByRole("button", { name: "Set" }).nth(2).click();
  await expect(recruiter.getByText("Sends “SQL and HTTP quick check” on entry").or(recruiter.getByLabel("Send on entry").nth(2))).toBeVisible();

  // A visitor finds the job on the board, misspelling it.
  await page.goto("/jobs-board");
  await page.getByLabel("What: job title, skill or company").fill("custmer sucess");
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page.getByText(/Showing results for/)).toBeVisible();
  await page.getByRole("main").getByRole("listitem").filter({ hasText: "Acme Hiring" }).filter({ hasText: job }).first().getByRole("link", { name: job }).click();
  await expect(page.getByRole("heading", { level: 1, name: job })).toBeVisible();
  const jobOnBoard = page.url();

  // Signs up, confirming the address from the mailbox.
  await page.getByRole("link", { name: "Sign up" }).first().click();
  await page.getByLabel("Your name").fill(name);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Choose a password").fill(password);
  await page.getByLabel("The password, again").fill(password);
  await page.getByRole("button", { name: "Sign up" }).click();
  await expect(page.getByText(/Check your email/)).toBeVisible();
  const adminContext = await browser.newContext();
  const admin = await adminContext.newPage();
  await signIn(admin, "superadmin@hirevoo.test");
  await admin.getByRole("link", { name: "Outbox" }).click();
  const mail = admin.getByRole("article", { name: /Confirm your email address/ }).filter({ hasText: email }).first();
  const link = (await mail.locator("pre").innerText()).match(/http\S+\/sign-up\/confirm\?token=[0-9a-f]{64}/)![0];
  await page.goto(link);
  await expectAccessible(page);
  await page.getByLabel("Your password").fill(password);
  await page.getByRole("button", { name: "Confirm and sign in" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Your job search" })).toBeVisible();

  // Saves the job, then applies with the account's address.
  await page.goto(jobOnBoard);
  await page.getByRole("button", { name: "Save job" }).click();
  await expect(page.getByRole("button", { name: "Saved" })).toBeVisible();
  await page.getByRole("link", { name: "Apply on Acme Hiring's careers site" }).click();
  await expect(page.getByText(`You apply as ${email}`)).toBeVisible();
  await page.getByLabel("Résumé", { exact: true }).setInputFiles({ name: "resume.pdf", mimeType: "application/pdf", buffer: resumePdf(name) });
  await page.getByLabel(/I agree that Acme Hiring stores my application/).check();
  await page.getByRole("button", { name: "Send application" }).click();
  await expect(page.getByText("Status: Applied", { exact: false })).toBeVisible();
  // The home is read from the replica: a reload may come before it has the newest rows.
  const application = page.getByRole("listitem").filter({ hasText: job }).filter({ hasText: "Acme Hiring · applied" });
  const homeShows = async (status: string) => {
    await expect(async () => {
      await page.goto("/");
      await expect(application.getByText(status, { exact: true })).toBeVisible({ timeout: 2_000 });
    }).toPass({ timeout: 20_000 });
  };
  await homeShows("Applied");
  await expectAccessible(page);

  // The recruiter moves them to the assessment, which sends the test.
  await recruiter.goto(pipeline);
  const menu = recruiter.getByLabel(`Move ${name} to`);
  await menu.focus();
  await recruiter.keyboard.press("ArrowDown");
  await expect(menu).toHaveValue(await menu.locator("option", { hasText: "Assessment" }).getAttribute("value") as string);
  await recruiter.keyboard.press("Tab");
  await recruiter.keyboard.press("Enter");
  await expect(recruiter.getByText(`${name} moved to Assessment. The assessment “SQL and HTTP quick check” was sent to them.`).first()).toBeVisible();

  // The seeker's home shows the new status and the test, which opens from there.
  await homeShows("In review");
  await page.getByRole("button", { name: "Take the test SQL and HTTP quick check" }).click();
  await page.getByRole("checkbox").check();
  await page.getByRole("button", { name: "Start the test" }).click();
  await expect(page.getByRole("timer")).toBeVisible();
  await adminContext.close();
  await recruiterContext.close();
});
