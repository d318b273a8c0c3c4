import { test, expect } from "./fixtures";
import { signIn } from "./session";
import { expectAccessible } from "./accessibility";

/** The demo employees (`server/src/seed/delegation.rs`), by the name the pages show. */
const employees: Record<string, string> = {
  "Eli Navarro": "eli@delegation.test",
  "Femi Adeyemi": "femi@delegation.test",
  "Gia Russo": "gia@delegation.test",
};

/** A 1×1 PNG: a screenshot as far as the server's content check goes. */
const screenshot = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==", "base64");

test("a client delegates a job, the employee proves it, the client rejects then accepts the proof", async ({ page, browser }) => {
  await signIn(page, "seeker@example.com");
  await page.goto("/delegation");
  await expect(page.getByRole("heading", { name: "Proofs waiting for your review" })).toBeVisible();
  await expectAccessible(page);

  await page.goto("/delegation/new");
  await page.getByLabel("The job's address").fill("https://jobs.example.com/openings/e2e-1");
  await page.getByLabel("Company").fill("End To End Ltd");
  await page.getByLabel("Job title").fill("Quality Engineer");
  await page.getByLabel("Résumé to send").selectOption({ label: "Backend" });
  const inTenDays = new Date(Date.now() + 10 * 24 * 3600 * 1000).toISOString().slice(0, 10);
  await page.getByLabel("Deadline").fill(inTenDays);
  await expectAccessible(page);
  await page.getByRole("button", { name: "Delegate the job" }).click();
  await expect(page).toHaveURL(/\/delegation\/[0-9a-f-]{36}$/);
  const address = new URL(page.url()).pathname;
  await expect(page.getByRole("heading", { name: "Quality Engineer" })).toBeVisible();
  const main = await page.getByRole("main").textContent();
  const name = Object.keys(employees).find((employee) => main!.includes(employee));
  expect(name, "the delegation was given to one of the demo employees").toBeTruthy();
  await expectAccessible(page);

  const employeeContext = await browser.newContext();
  const employee = await employeeContext.newPage();
  await signIn(employee, employees[name!]);
  await expect(employee.getByRole("link", { name: "Quality Engineer" })).toBeVisible();
  await employee.goto(address);
  await employee.getByLabel("Screenshot of the sent application").setInputFiles({ name: "sent.png", mimeType: "image/png", buffer: Buffer.from("GIF89a not a png") });
  await employee.getByRole("button", { name: "Send the proof" }).click();
  await expect(employee.getByRole("alert").or(employee.getByRole("status")).filter({ hasText: "PNG or JPEG" })).toBeVisible();
  await employee.getByLabel("Screenshot of the sent application").setInputFiles({ name: "sent.png", mimeType: "image/png", buffer: screenshot });
  await employee.getByLabel("Notes (optional)").fill("Applied through their careers page.");
  await employee.getByRole("button", { name: "Send the proof" }).click();
  await expect(employee).toHaveURL(/proof=sent/);
  await expectAccessible(employee);

  await page.reload();
  await expect(page.getByRole("img", { name: /screenshot/i }).first()).toBeVisible();
  await page.getByLabel("What is wrong").fill("This shows another job's confirmation.");
  await page.getByRole("button", { name: "Reject the proof" }).click();
  await expect(page.getByText("Proof rejected").first()).toBeVisible();
  await employee.goto(address);
  await expect(employee.getByText("This shows another job's confirmation.").first()).toBeVisible();
  await employee.getByLabel("Screenshot of the sent application").setInputFiles({ name: "sent.png", mimeType: "image/png", buffer: screenshot });
  await employee.getByRole("button", { name: "Send the proof" }).click();
  await expect(employee).toHaveURL(/proof=sent/);
  await page.reload();
  await page.getByRole("button", { name: "Accept the proof" }).click();
  await expect(page.getByText("Proof accepted").first()).toBeVisible();
  await employeeContext.close();
});

test("an admin activates a client who asked, and reads the service's dashboard", async ({ page }) => {
  await signIn(page, "dana@delegation.test");
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expectAccessible(page);
  await page.goto("/delegation/clients");
  const status = page.getByLabel("Status of Omar Reyes", { exact: true });
  await expect(status).toHaveValue("requested");
  await status.selectOption("active");
  await page.getByRole("button", { name: "Save the account of Omar Reyes" }).click();
  await page.waitForLoadState("networkidle");
  await page.reload();
  await expect(page.getByLabel("Status of Omar Reyes", { exact: true })).toHaveValue("active");
  await expectAccessible(page);
  await page.goto("/delegation/employees");
  await expect(page.getByRole("row").filter({ hasText: "Eli Navarro" })).toBeVisible();
  await expectAccessible(page);
});
