import { Page } from "@playwright/test";
import { test, expect } from "./fixtures";
import { signIn, signOut } from "./session";
import { expectAccessible } from "./accessibility";

// Each question's right option is the first; the texts tell them apart.
const questions = [
  { prompt: "First letter of the Greek alphabet?", options: ["alpha", "omega"] },
  { prompt: "Third letter of the Greek alphabet?", options: ["gamma", "omicron"] },
  { prompt: "Fifth letter of the Greek alphabet?", options: ["epsilon", "upsilon"] },
];
const rightAnswers = ["alpha", "gamma", "epsilon"];

/// Answers question `position` (shown on screen) rightly, and waits until the page counts it answered.
async function answerQuestion(page: Page, position: number) {
  const group = page.getByRole("group", { name: `Question ${position} of 3` });
  await expect(group).toBeVisible();
  for (const text of rightAnswers) {
    const option = group.getByRole("radio", { name: text, exact: true });
    if (await option.count()) {
      await option.check();
      await expect(page.getByRole("button", { name: `Question ${position}, answered` })).toBeVisible();
      return;
    }
  }
  throw new Error("no known question on screen");
}

function seconds(clock: string) {
  const [m, s] = clock.split(":").map(Number);
  return m * 60 + s;
}

test("a recruiter builds and sends an assessment; the candidate takes it through a reload and an outage; the recruiter reads the result", async ({ page, browser }) => {
  test.setTimeout(150_000);
  await signIn(page, "recruiter@acme.test");
  await page.getByRole("link", { name: "Question bank" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Question bank" })).toBeVisible();

  await page.getByLabel("New skill").fill("Greek");
  await page.getByRole("button", { name: "Add skill" }).click();
  await expect(page.getByLabel("Skill", { exact: true })).toContainText("Greek");

  for (const q of questions) {
    await page.getByLabel("Type", { exact: true }).selectOption("single_choice");
    await page.getByLabel("Question", { exact: true }).fill(q.prompt);
    await page.getByLabel("Option 1", { exact: true }).fill(q.options[0]);
    await page.getByLabel("Option 2", { exact: true }).fill(q.options[1]);
    await page.getByRole("radio", { name: "Right answer (option 1)", exact: true }).check();
    await page.getByLabel("Skill", { exact: true }).selectOption({ label: "Greek" });
    await page.getByRole("button", { name: "Save question" }).click();
    await expect(page.getByRole("cell", { name: q.prompt, exact: true })).toBeVisible();
  }

  await page.getByLabel("Set name").fill("Alphabet");
  await page.getByRole("button", { name: "Create set" }).click();
  for (const q of questions) {
    await page.getByLabel("Question to add").selectOption({ label: q.prompt });
    await page.getByRole("button", { name: "Add to set" }).click();
    await expect(page.getByLabel("Set", { exact: true })).toContainText(`Alphabet (${questions.indexOf(q) + 1} questions)`);
  }

  // An edit before anyone has answered changes the question in place.
  await page.getByRole("link", { name: `Edit: ${questions[0].prompt}`, exact: true }).click();
  await expect(page.getByLabel("Option 1", { exact: true })).toHaveValue(questions[0].options[0]);
  await expect(page.getByRole("radio", { name: "Right answer (option 1)", exact: true })).toBeChecked();
  await expectAccessible(page);
  await page.getByLabel("Explanation").fill("Alpha comes first.");
  await page.getByRole("button", { name: "Save question" }).click();
  await expect(page.getByText("Question saved.")).toBeVisible();
  await expect(page.getByRole("heading", { name: "Version 1" })).toBeVisible();

  await page.getByRole("link", { name: "Jobs" }).click();
  await page.getByRole("link", { name: "New requisition" }).click();
  await page.getByLabel("Job title").fill("Classics tutor");
  await page.getByRole("checkbox", { name: "Greek" }).check();
  await page.getByRole("button", { name: "Create the draft" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Classics tutor" })).toBeVisible();

  await page.getByRole("link", { name: "Assessments" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Assessments" })).toBeVisible();
  await page.getByLabel("Title", { exact: true }).fill("Greek basics");
  await page.getByLabel("For the job").selectOption({ label: "Classics tutor" });
  await page.getByRole("link", { name: "Draw from another set" }).click();
  await expect(page.getByLabel("Set 2", { exact: true })).toBeVisible();
  await expect(page.getByLabel("Title", { exact: true })).toHaveValue("Greek basics");
  await page.getByRole("button", { name: "Create assessment" }).click();
  await expect(page.getByRole("link", { name: "Greek basics" })).toBeVisible();
  await expect(page.getByRole("row", { name: /Greek basics Classics tutor/ })).toBeVisible();

  await page.getByLabel("Email addresses").fill("kim.candidate@example.com");
  await page.getByRole("button", { name: "Send invitations" }).click();
  await expect(page.getByText("1 invitation sent.")).toBeVisible();
  await signOut(page);

  await signIn(page, "superadmin@hirevoo.test");
  await page.getByRole("link", { name: "Outbox" }).click();
  const mail = page.getByRole("article", { name: /invites you to an assessment: Greek basics/ }).first();
  const link = (await mail.locator("pre").innerText()).match(/http\S+\/take\?token=[0-9a-f]{64}/)![0];
  await signOut(page);

  const context = await browser.newContext();
  const candidate = await context.newPage();
  const pageErrors: string[] = [];
  candidate.on("pageerror", (e) => pageErrors.push(e.message));
  const bundles: string[] = [];
  candidate.on("request", (r) => { if (r.url().endsWith(".wasm")) bundles.push(new URL(r.url()).pathname); });
  await candidate.goto(link);
  await expect(candidate.getByRole("heading", { name: "Greek basics" })).toBeVisible();
  await expect(candidate.getByRole("checkbox")).toHaveJSProperty("required", true);
  await expectAccessible(candidate);
  await candidate.getByRole("checkbox").check();
  await candidate.getByRole("button", { name: "Start the test" }).click();
  await expect(candidate.getByRole("timer")).toBeVisible();

  await answerQuestion(candidate, 1);
  await expect(candidate.getByText("All answers saved.")).toBeVisible();
  await expectAccessible(candidate);
  const before = seconds(await candidate.getByRole("timer").innerText());

  // A reload brings back the same question, its answer and the running timer.
  await candidate.reload();
  await expect(candidate.getByRole("timer")).toBeVisible();
  await expect(candidate.getByRole("group", { name: "Question 1 of 3" })).toBeVisible();
  await expect(candidate.getByRole("radio", { checked: true })).toHaveCount(1);
  await candidate.waitForTimeout(2500);
  const after = seconds(await candidate.getByRole("timer").innerText());
  expect(after).toBeLessThanOrEqual(before);
  expect(after).toBeGreaterThan(before - 60);

  // Offline: two answers wait on the device, then reach the server.
  await context.setOffline(true);
  for (const position of [2, 3]) {
    await candidate.getByRole("button", { name: "Next" }).click();
    await answerQuestion(candidate, position);
  }
  await expect(candidate.getByText(/You are offline/)).toBeVisible();
  await context.setOffline(false);
  await expect(candidate.getByText("All answers saved.")).toBeVisible({ timeout: 20_000 });

  // Switching away from the tab is recorded.
  await candidate.evaluate(() => {
    Object.defineProperty(document, "hidden", { value: true, configurable: true });
    document.dispatchEvent(new Event("visibilitychange"));
  });
  await candidate.waitForTimeout(3_500);

  // A second browser takes the test over; the first is told within seconds, without saving
  // anything, and takes it back.
  const elsewhere = await browser.newContext();
  const second = await elsewhere.newPage();
  await second.goto(link);
  await expect(second.getByText("This test is open in another browser.", { exact: false })).toBeVisible();
  await second.getByRole("checkbox").check();
  await second.getByRole("button", { name: "Continue the test" }).click();
  await expect(second.getByRole("timer")).toBeVisible();
  const takenOver = candidate.getByText("This test is now open in another browser or tab.");
  await expect(takenOver).toBeVisible({ timeout: 20_000 });
  await elsewhere.close();
  await candidate.getByRole("button", { name: "Continue here" }).click();
  await expect(takenOver).toBeHidden();
  await expect(candidate.getByRole("button", { name: "Question 3, answered" })).toBeVisible();

  await candidate.getByRole("button", { name: "Finish the test" }).click();
  await expect(candidate.getByText("0 unanswered, 0 flagged for review.", { exact: false })).toBeVisible();
  await candidate.getByRole("button", { name: "Submit answers" }).click();
  await expect(candidate.getByRole("heading", { name: "Thank you" })).toBeVisible();
  expect(pageErrors).toEqual([]);
  // The test page runs on the candidate bundle alone.
  expect([...new Set(bundles)]).toEqual(["/pkg/candidate.wasm"]);
  await context.close();

  await signIn(page, "recruiter@acme.test");
  await page.getByRole("link", { name: "Assessments" }).click();
  await page.getByRole("link", { name: "Greek basics" }).click();
  await expect(page.getByRole("heading", { name: "Results: Greek basics" })).toBeVisible();
  await expect(page.getByText("For the job: Classics tutor.", { exact: false })).toBeVisible();
  await expectAccessible(page);
  const row = page.getByRole("row", { name: /kim.candidate@example.com/ });
  await expect(row).toContainText("100%");
  await expect(row).toContainText("Some");
  await row.getByRole("link", { name: "kim.candidate@example.com" }).click();
  await expect(page.getByText("3 of 3 points")).toBeVisible();
  await expect(page.getByRole("heading", { name: "Against the job: Classics tutor" })).toBeVisible();
  await expect(page.getByText("Greek: 3 of 3 (100%)")).toBeVisible();
  await expectAccessible(page);
  await expect(page.getByText(/tab hidden/)).toBeVisible();
});
