import { test, expect } from "./fixtures";
import { expectAccessible } from "./accessibility";

test("a visitor finds a job on the board with a misspelt search and a filter, opens it and goes on to apply on the careers site", async ({ page }) => {
  await page.goto("/jobs-board");
  await expect(page.getByRole("heading", { level: 1, name: "Find a job" })).toBeVisible();
  await expectAccessible(page);
  await expect(page.getByRole("main").getByRole("listitem").first()).toBeVisible();

  await page.getByLabel("What: job title, skill or company").fill("backnd enginer");
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page).toHaveURL(/q=backnd/);
  await expect(page.getByText(/Showing results for/)).toBeVisible();
  const first = page.getByRole("main").getByRole("listitem").first().getByRole("link");
  await expect(first).toContainText(/Backend/);
  await expectAccessible(page);

  await page.getByLabel("Order").selectOption("newest");
  await page.getByLabel("Workplace").selectOption("remote");
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page).toHaveURL(/workplace=remote/);
  for (const item of await page.getByRole("main").getByRole("listitem").all()) {
    await expect(item).toContainText("Remote");
  }

  await page.getByRole("button", { name: "Search" }).click();
  await page.getByRole("link", { name: "Clear" }).click();
  await expect(page).toHaveURL(/\/jobs-board$/);
  // An organization's job (the newest are often ingested ones, applied for at their source).
  await page.getByLabel("What: job title, skill or company").fill("Acme Hiring");
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page).toHaveURL(/q=Acme/);
  const acme = page.getByRole("main").getByRole("listitem").filter({ hasText: "Acme Hiring" }).first().getByRole("link").first();
  const title = (await acme.textContent())!.trim();
  await acme.click();
  await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole("link", { name: /Apply on .* careers site/ }).click();
  await expect(page).toHaveURL(/\/careers\/[a-z0-9-]+\/jobs\//);
  await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
});

test("the board works without JavaScript", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto("/jobs-board");
  await page.getByLabel("Where: city or country").fill("Berlin");
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page).toHaveURL(/place=Berlin/);
  const items = page.getByRole("main").getByRole("listitem");
  await expect(items.first()).toContainText("Berlin");
  await context.close();
});
