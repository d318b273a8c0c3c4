import { Page } from "@playwright/test";
import { baseURL, demoPassword } from "../playwright.config";
import { test, expect, clickExtensionButton, extensionStorage, fixtureJob, popupURL } from "./extension-fixture";
import { signIn } from "./session";
import { expectAccessible } from "./accessibility";

/** The demo employees the demo client's delegations go to, in turn (`server/src/seed/delegation.rs`). */
const employees = ["eli@delegation.test", "femi@delegation.test", "gia@delegation.test"];

async function signInToExtension(popup: Page, email: string) {
  await expect(popup.getByRole("heading", { name: "Sign in" })).toBeVisible();
  await popup.getByLabel("Server address").fill(baseURL);
  await popup.getByLabel("Email").fill(email);
  await popup.getByLabel("Password").fill(demoPassword);
  await popup.getByRole("button", { name: "Sign in" }).click();
  await expect(popup.getByRole("button", { name: "Sign out" })).toBeVisible();
}

async function signOutOfExtension(popup: Page) {
  await popup.getByRole("button", { name: "Sign out" }).click();
  await expect(popup.getByRole("heading", { name: "Sign in" })).toBeVisible();
  expect((await extensionStorage(popup)).session, "nothing is left in the session storage").toEqual({});
}

test("a client delegates the job in the open tab from the extension, and the employee it goes to sends a screenshot of the tab as proof", async ({ extensionContext: context, jobURL }) => {
  test.setTimeout(120_000);

  // The job is open in a tab, and the client clicks the extension's button on it.
  const job = context.pages()[0] ?? (await context.newPage());
  await job.goto(jobURL);
  await expect(job.getByRole("heading", { name: fixtureJob.title })).toBeVisible();
  await clickExtensionButton(context, job);
  const popup = await context.newPage();
  await popup.goto(popupURL);
  await expect(popup.getByLabel("Server address")).toHaveValue("http://127.0.0.1:3900");
  await expectAccessible(popup);

  // Signed in, the client finds the job's details read from the page's JSON-LD.
  await signInToExtension(popup, "seeker@example.com");
  await expect(popup.getByRole("heading", { name: "Delegate this job" })).toBeVisible();
  await expect(popup.getByLabel("Job address")).toHaveValue(jobURL);
  await expect(popup.getByLabel("Company", { exact: true })).toHaveValue(fixtureJob.company);
  await expect(popup.getByLabel("Job title", { exact: true })).toHaveValue(fixtureJob.title);
  await expect(popup.getByLabel("Priority")).toHaveValue("normal");
  await expect(popup.getByLabel("Deadline")).not.toHaveValue("");
  await popup.getByLabel("Résumé").selectOption({ label: "Backend" });
  await expectAccessible(popup);

  // The tokens are in the session storage, which ends with the browser, and never on disk.
  const stored = await extensionStorage(popup);
  expect(JSON.stringify(stored.session)).toContain("access_token");
  expect(JSON.stringify(stored.session)).toContain("refresh_token");
  expect(JSON.stringify(stored.local)).not.toMatch(/token/i);
  expect(stored.local).toEqual({ server: baseURL });

  await popup.getByRole("button", { name: "Delegate", exact: true }).click();
  await expect(popup.getByRole("status")).toHaveText(`Delegated: ${fixtureJob.title} at ${fixtureJob.company}.`);
  const link = popup.getByRole("link", { name: "View the delegation" });
  await expect(link).toHaveAttribute("href", new RegExp(`^${baseURL}/delegation/[0-9a-f-]{36}$`));
  const delegation = (await link.getAttribute("href"))!.split("/").pop()!;
  const mine = popup.getByRole("list", { name: "Your delegations" });
  await expect(mine.getByRole("listitem").filter({ has: popup.locator(`a[href$="/delegation/${delegation}"]`) })).toContainText("Pending");
  await signOutOfExtension(popup);

  // The delegation went to one of the client's employees, in turn: whoever lists it.
  let employee: string | undefined;
  for (const email of employees) {
    await signInToExtension(popup, email);
    await expect(popup.getByRole("heading", { name: "Your open delegations" })).toBeVisible();
    await expect(popup.getByLabel("Delegation", { exact: true }).or(popup.getByText("You have no open delegations.")).filter({ visible: true })).toBeVisible();
    if ((await popup.locator(`#delegation option[value="${delegation}"]`).count()) === 1) {
      employee = email;
      break;
    }
    await signOutOfExtension(popup);
  }
  expect(employee, "an employee has the delegation").toBeDefined();

  // The employee sent the application in the job's tab; with it in front, they send the proof.
  await expect(popup.getByLabel("Delegation", { exact: true }), "the delegation for the open tab is chosen").toHaveValue(delegation);
  await expectAccessible(popup);
  await popup.getByLabel("Notes").fill("Sent through the careers form; the confirmation is on screen.");
  await job.bringToFront();
  await popup.getByRole("button", { name: "Mark as completed" }).click();
  await expect(popup.getByRole("status")).toHaveText(`The proof is sent for ${fixtureJob.title} at ${fixtureJob.company}: the client will review it.`);
  await expect(popup.locator(`#delegation option[value="${delegation}"]`)).toHaveCount(0);
  await signOutOfExtension(popup);

  // The client finds it completed on the site, with the screenshot.
  const site = await context.newPage();
  await signIn(site, "seeker@example.com");
  await site.goto(`/delegation/${delegation}`);
  await expect(site.getByRole("heading", { level: 1, name: `${fixtureJob.title} at ${fixtureJob.company}` })).toBeVisible();
  // The facts are a description list: "Status" and its badge.
  await expect(site.getByRole("definition").filter({ hasText: /^Completed$/ })).toBeVisible();
  const proof = site.getByRole("img", { name: /Screenshot of the sent application/ });
  await expect(proof).toBeVisible();
  await expect.poll(() => proof.evaluate((image: HTMLImageElement) => image.complete && image.naturalWidth > 0)).toBe(true);
});
