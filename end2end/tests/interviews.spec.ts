import { test, expect } from "./fixtures";
import { Page } from "@playwright/test";
import { signIn } from "./session";
import { expectAccessible } from "./accessibility";
import { addToPipeline } from "./applicants";

const job = "Backend Engineer (Java)";

/// `days` from today at 09:00, as a datetime-local input takes it.
function dayAt(days: number): string {
  const date = new Date(Date.now() + days * 24 * 3600 * 1000);
  return `${date.toISOString().slice(0, 10)}T09:00`;
}

async function openJob(page: Page) {
  await page.goto(`/jobs?q=${encodeURIComponent(job)}`);
  await page.getByRole("link", { name: job, exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: job })).toBeVisible();
}

test("a recruiter plans and schedules an interview; the interviewer fills the scorecard through a dropped connection, and sees a colleague's only after submitting; the recruiter sees both", async ({ page, browser }) => {
  test.setTimeout(180_000);
  const stamp = Date.now() % 100000;
  const name = `Ines Panel ${stamp}`;
  const interview = `Pairing ${stamp}`;
  // The recruiter adds an interview to the requisition's plan.
  await signIn(page, "recruiter@acme.test");
  await openJob(page);
  await page.getByRole("link", { name: "Interview plan" }).click();
  await expect(page.getByRole("heading", { level: 1, name: `Interview plan: ${job}` })).toBeVisible();
  await page.waitForLoadState("networkidle");
  const add = page.locator("form").filter({ has: page.getByRole("button", { name: "Add to the plan" }) });
  await add.getByLabel("Name").fill(interview);
  await add.getByLabel("Minutes").fill("50");
  await add.getByLabel("Attributes to rate, one per line").fill("Code quality\nCommunication");
  await add.getByLabel("Ivan Petrov").check();
  await add.getByLabel("Rita Moreno").check();
  await add.getByRole("button", { name: "Add to the plan" }).click();
  await expect(page.getByText(`“${interview}” saved.`)).toBeVisible();
  await expectAccessible(page);

  // The candidate moves to the interview stage; the interview is scheduled from the application.
  await addToPipeline(page, job, name, `ines.${Date.now()}@example.com`);
  await page.getByLabel("Move to").selectOption({ label: "Interview" });
  await page.getByRole("button", { name: "Move", exact: true }).click();
  await expect(page.getByRole("status").filter({ hasText: /Interview/ }).first()).toBeVisible();
  const card = page.getByRole("region", { name: "Interviews" }).or(page.locator("section").filter({ has: page.getByRole("heading", { name: "Interviews", exact: true }) }));
  await expect(card.getByText("Schedule an interview")).toBeVisible();
  const form = page.locator("form").filter({ has: page.getByRole("button", { name: "Schedule and send invitations" }) });
  if (!(await form.isVisible())) await card.getByText("Schedule an interview").click();
  await form.getByLabel("Interview", { exact: true }).selectOption({ label: `${interview} (50 min)` });
  await form.getByLabel("Date and time").fill(dayAt(9));
  await form.getByLabel("In time zone").fill("Europe/Berlin");
  await form.getByLabel("The candidate's time zone").fill("America/Toronto");
  await form.getByLabel("Ivan Petrov").check();
  await form.getByLabel("Rita Moreno").check();
  await form.getByLabel("Video link").fill("https://meet.example.com/pairing");
  await form.getByRole("button", { name: "Schedule and send invitations" }).click();
  await expect(page.getByText(/scheduled for .*; invitations sent\./)).toBeVisible();
  await expect(page.getByText(/Candidate: .*\(America\/Toronto\)/)).toBeVisible();
  await expectAccessible(page);
  const applicationUrl = page.url();

  // Rita sits on the panel too: she submits her scorecard first, with a private note.
  await page.getByRole("link", { name: `${interview} · Scheduled` }).click();
  await expect(page.getByRole("heading", { level: 1, name: `${interview} with ${name}` })).toBeVisible();
  const kitUrl = page.url();
  await page.waitForLoadState("networkidle");
  await page.getByRole("group", { name: "Code quality" }).getByLabel("3 Yes").check();
  await page.getByRole("group", { name: "Communication" }).getByLabel("4 Strong yes").check();
  await page.getByLabel("Key take-aways").fill("Pairs well, tests first.");
  await page.getByRole("group", { name: "Overall recommendation" }).getByLabel("Yes", { exact: true }).check();
  await page.getByLabel("Private notes for the hiring team").fill("Rita's private remark");
  await page.getByRole("button", { name: "Submit the scorecard" }).click();
  await expect(page.getByText("Scorecard submitted. Your colleagues' scorecards are now open to you.")).toBeVisible();

  // The interviewer's day lists it; the kit hides Rita's card until his own is in.
  const ivanContext = await browser.newContext();
  const ivan = await ivanContext.newPage();
  await signIn(ivan, "interviewer@acme.test");
  await expect(ivan.getByRole("heading", { level: 1, name: "Your interviews" })).toBeVisible();
  await expect(ivan.getByRole("link", { name: `${interview} with ${name}` })).toBeVisible();
  await expectAccessible(ivan);
  await ivan.getByRole("link", { name: `${interview} with ${name}` }).click();
  await expect(ivan.getByRole("heading", { level: 1, name: `${interview} with ${name}` })).toBeVisible();
  await expect(ivan.getByText("1 colleague scorecard will open to you once you submit yours")).toBeVisible();
  await expect(ivan.getByText("Rita's private remark")).toHaveCount(0);
  await ivan.waitForLoadState("networkidle");
  await expectAccessible(ivan);
  await ivan.getByRole("group", { name: "Code quality" }).getByLabel("4 Strong yes").check();
  await ivan.getByLabel("Key take-aways").fill("Clean code,");
  await expect(ivan.getByText(/Draft saved at/)).toBeVisible();

  // The connection drops mid-sentence: the draft is kept on the device and saved when it returns.
  await ivanContext.setOffline(true);
  await ivan.getByLabel("Key take-aways").pressSequentially(" explains trade-offs");
  await expect(ivan.getByText(/Not saved yet: the connection is down/)).toBeVisible();
  await ivanContext.setOffline(false);
  await expect(ivan.getByText(/Draft saved at/)).toBeVisible({ timeout: 15_000 });
  await ivan.reload();
  await expect(ivan.getByLabel("Key take-aways")).toHaveValue("Clean code, explains trade-offs");
  await ivan.waitForLoadState("networkidle");
  await ivan.getByRole("group", { name: "Overall recommendation" }).getByLabel("Strong yes", { exact: true }).check();
  await ivan.getByRole("button", { name: "Submit the scorecard" }).click();
  await expect(ivan.getByText("Scorecard submitted. Your colleagues' scorecards are now open to you.")).toBeVisible();
  await expect(ivan.getByRole("heading", { name: `Rita Moreno · ${interview} · Yes` })).toBeVisible();
  await expect(ivan.getByText("Rita's private remark")).toHaveCount(0);
  await expectAccessible(ivan);
  await ivanContext.close();

  // The recruiter reads both on the application, next to the assessment results.
  await page.goto(applicationUrl);
  await expect(page.getByText(new RegExp(`Rita Moreno: Yes · Ivan Petrov: Strong yes|Ivan Petrov: Strong yes · Rita Moreno: Yes`))).toBeVisible();
  await expect(page.getByText("Rita's private remark")).toBeVisible();
  await expect(page.getByRole("table", { name: "Ratings per attribute across the submitted scorecards" })).toBeVisible();
  await expectAccessible(page);
  expect(kitUrl).toContain("/interviews/");
});

test("a candidate picks one of the offered times without JavaScript; the recruiter sees it booked; calibration reads well", async ({ page, browser }) => {
  test.setTimeout(150_000);
  const stamp = Date.now() % 100000;
  const name = `Omar Slots ${stamp}`;
  const email = `omar.${Date.now()}@example.com`;
  const screen = `Screen ${stamp}`;
  await signIn(page, "recruiter@acme.test");
  await openJob(page);
  await page.getByRole("link", { name: "Interview plan" }).click();
  await page.waitForLoadState("networkidle");
  const add = page.locator("form").filter({ has: page.getByRole("button", { name: "Add to the plan" }) });
  await add.getByLabel("Name").fill(screen);
  await add.getByLabel("Minutes").fill("30");
  await add.getByRole("button", { name: "Add to the plan" }).click();
  await expect(page.getByText(`“${screen}” saved.`)).toBeVisible();
  await addToPipeline(page, job, name, email);
  await page.getByLabel("Move to").selectOption({ label: "Interview" });
  await page.getByRole("button", { name: "Move", exact: true }).click();
  await page.getByText("Let the candidate choose a time").click();
  const offer = page.locator("form").filter({ has: page.getByRole("button", { name: "Email the times" }) });
  await offer.getByLabel("Interview", { exact: true }).selectOption({ label: `${screen} (30 min)` });
  await offer.getByLabel("Ivan Petrov").check();
  await offer.getByLabel("Times are in time zone").fill("Europe/Berlin");
  await offer.getByLabel("The candidate's time zone").fill("Asia/Kolkata");
  await offer.getByLabel("Time 1").fill(dayAt(12));
  await offer.getByLabel("Time 2").fill(`${dayAt(12).slice(0, 10)}T14:00`);
  await offer.getByRole("button", { name: "Email the times" }).click();
  await expect(page.getByText(`2 times offered to ${email}; they choose from the emailed link.`)).toBeVisible();
  const applicationUrl = page.url();

  const admin = await (await browser.newContext()).newPage();
  await signIn(admin, "superadmin@hirevoo.test");
  await admin.getByRole("link", { name: "Outbox" }).click();
  const mail = admin.getByRole("article", { name: /Choose a time for your interview with Acme Hiring/ }).filter({ hasText: email }).first();
  const link = (await mail.locator("pre").innerText()).match(/http\S+\/schedule\?token=[0-9a-f]{64}/)![0];

  // The page reads well with a screen reader's rules, and works without JavaScript.
  const checker = await (await browser.newContext()).newPage();
  await checker.goto(link);
  await expect(checker.getByRole("heading", { level: 1, name: /Acme Hiring: .* interview/ })).toBeVisible();
  await expectAccessible(checker);
  const candidateContext = await browser.newContext({ javaScriptEnabled: false });
  const candidate = await candidateContext.newPage();
  await candidate.goto(link);
  const choices = candidate.getByRole("radio");
  await expect(choices).toHaveCount(2);
  await expect(candidate.getByText(/\(Asia\/Kolkata\)/).first()).toBeVisible();
  await choices.nth(1).check();
  await candidate.getByRole("button", { name: "Book this time" }).click();
  await expect(candidate.getByText(/Your interview is booked for .*\(Asia\/Kolkata\)/)).toBeVisible();
  await candidateContext.close();

  await page.goto(applicationUrl);
  await expect(page.getByRole("link", { name: /· Scheduled$/ })).toBeVisible();
  await expect(page.getByText(/a time was chosen/)).toBeVisible();

  await page.goto("/interviews/calibration");
  await expect(page.getByRole("heading", { level: 1, name: "Interviewer calibration" })).toBeVisible();
  await expect(page.getByRole("heading", { level: 2, name: "Ivan Petrov" })).toBeVisible();
  await expectAccessible(page);
});
