import { Page, BrowserContext } from "@playwright/test";
import { test, expect } from "./fixtures";
import { signIn, signOut } from "./session";

/// An invitation to the first assessment on the list, and its link from the outbox.
async function invite(page: Page, email: string): Promise<string> {
  await signIn(page, "recruiter@acme.test");
  await page.goto("/assessments");
  await page.getByLabel("Email addresses").fill(email);
  await page.getByRole("button", { name: "Send invitations" }).click();
  await expect(page.getByText("1 invitation sent.")).toBeVisible();
  await signOut(page);
  await signIn(page, "superadmin@hirevoo.test");
  await page.goto("/console/outbox");
  const mail = page.getByRole("article").filter({ hasText: email }).first();
  const link = (await mail.locator("pre").innerText()).match(/http\S+\/take\?token=[0-9a-f]{64}/)![0];
  await signOut(page);
  return link;
}

/// Holds every WebAssembly bundle back until `release` is called: the page stays as the server sent it.
async function holdBundles(context: BrowserContext) {
  let release = () => {};
  const released = new Promise<void>((resolve) => (release = resolve));
  await context.route("**/*.wasm", async (route) => {
    await released;
    await route.continue();
  });
  return release;
}

test("a candidate on a slow connection starts the test and answers before the page's code has arrived", async ({ page, browser }) => {
  test.setTimeout(90_000);
  const link = await invite(page, "slow.start@example.com");

  const context = await browser.newContext();
  const release = await holdBundles(context);
  const candidate = await context.newPage();
  const pageErrors: string[] = [];
  candidate.on("pageerror", (e) => pageErrors.push(e.message));
  await candidate.goto(link);

  // The start button is a real form: ticking and pressing it works with the code still on its way.
  const consent = candidate.getByRole("checkbox");
  await expect(consent).toHaveJSProperty("required", true);
  await consent.check();
  await candidate.getByRole("button", { name: "Start the test" }).click();

  // The server opens the player for this browser; its first question can be answered at once.
  const first = candidate.getByRole("group", { name: /^Question 1 of/ });
  await expect(first).toBeVisible();
  await expect(candidate.getByRole("button", { name: "Question 1, not answered" })).toBeVisible();
  const choice = first.getByRole("radio").first();
  const typed = first.getByRole("textbox").or(first.getByRole("spinbutton")).first();
  const isChoice = (await choice.count()) > 0;
  if (isChoice) {
    await choice.check();
  } else {
    await typed.fill("42");
  }

  // Once the code arrives the page takes what was done before it, and saves it.
  release();
  await expect(candidate.getByRole("button", { name: "Question 1, answered" })).toBeVisible({ timeout: 20_000 });
  await expect(candidate.getByText("All answers saved.")).toBeVisible();
  if (isChoice) {
    await expect(choice).toBeChecked();
  } else {
    await expect(typed).toHaveValue("42");
  }

  // The answer is the server's now: a reload, with the code held back again, shows it as rendered.
  const stillHeld = await holdBundles(context);
  await candidate.reload();
  await expect(candidate.getByRole("button", { name: "Question 1, answered" })).toBeVisible();
  if (isChoice) {
    await expect(candidate.getByRole("group", { name: /^Question 1 of/ }).getByRole("radio", { checked: true })).toHaveCount(1);
  } else {
    await expect(candidate.getByRole("group", { name: /^Question 1 of/ }).getByRole("textbox").or(candidate.getByRole("spinbutton")).first()).toHaveValue("42");
  }
  stillHeld();
  expect(pageErrors).toEqual([]);
  await context.close();
});

test("without JavaScript, the start form still starts the test", async ({ page, browser }) => {
  const link = await invite(page, "no.script@example.com");
  const context = await browser.newContext({ javaScriptEnabled: false });
  const candidate = await context.newPage();
  await candidate.goto(link);
  await candidate.getByRole("checkbox").check();
  await candidate.getByRole("button", { name: "Start the test" }).click();
  await expect(candidate.getByRole("group", { name: /^Question 1 of/ })).toBeVisible();
  await expect(candidate.getByRole("timer")).toBeVisible();
  await context.close();
});
