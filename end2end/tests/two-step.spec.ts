import { test, expect } from "./fixtures";
import { passSecondStep, signIn, signOut, totp } from "./session";
import { expectAccessible } from "./accessibility";
import { demoPassword } from "../playwright.config";

test("a member turns on two-step sign-in from the account page, signs in with a code, and turns it off", async ({ page }) => {
  await signIn(page, "interviewer@acme.test");
  await page.goto("/account");
  await page.getByRole("button", { name: "Set up two-step sign-in" }).click();
  const keyText = await page.locator("[data-two-step-key]").innerText();
  await expect(page.getByRole("list", { name: "Recovery codes" }).getByRole("listitem")).toHaveCount(10);
  await expect(page.getByRole("img", { name: "QR code of your two-step sign-in key" })).toBeVisible();
  await expectAccessible(page);
  await page.getByLabel("Code from the app").fill(totp(keyText));
  await page.getByRole("button", { name: "Turn on" }).click();
  await expect(page.getByText("Two-step sign-in is on.")).toBeVisible();
  await expect(page.getByText(/On since .* 10 of 10 recovery codes left/)).toBeVisible();
  await signOut(page);

  // The password alone is not enough now.
  await page.getByLabel("Email").fill("interviewer@acme.test");
  await page.getByLabel("Password").fill(demoPassword);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/sign-in\/two-step/);
  await expect(page.getByText("Enter the code your authenticator app shows")).toBeVisible();
  await page.getByLabel("Code", { exact: true }).fill("not-a-code");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByText("That code is not right")).toBeVisible();
  await expect(page.getByLabel("Code", { exact: true })).toHaveAttribute("aria-invalid", "true");
  await expectAccessible(page);
  await passSecondStep(page, keyText);
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();

  await page.goto("/account");
  await page.getByLabel("Your password, to turn it off").fill(demoPassword);
  await page.getByRole("button", { name: "Turn off two-step sign-in" }).click();
  await expect(page.getByText("Off: signing in asks for your password only.")).toBeVisible();
});

test("the superadmin's second step passes the automated WCAG 2.2 AA checks", async ({ page }) => {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill("superadmin@hirevoo.test");
  await page.getByLabel("Password").fill(demoPassword);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/sign-in\/two-step/);
  await expectAccessible(page);
  await passSecondStep(page);
  await expect(page.getByRole("heading", { level: 1, name: "Tenants" })).toBeVisible();
});
