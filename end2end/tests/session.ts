import { expect, Page, test } from "@playwright/test";
import { createHmac } from "node:crypto";
import { demoPassword } from "../playwright.config";

/** The demo superadmin's two-step sign-in key (`server/src/seed/mod.rs`). */
export const demoTwoStepKey = "HIREVOODEMOKEYFORSAMOKAFOR234567";

const STEP_SECONDS = 30;

function base32Bytes(text: string): Buffer {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  let bits = "";
  for (const char of text.replace(/\s/g, "").toUpperCase()) {
    bits += alphabet.indexOf(char).toString(2).padStart(5, "0");
  }
  const bytes = bits.match(/.{8}/g) ?? [];
  return Buffer.from(bytes.map((byte) => parseInt(byte, 2)));
}

export function currentStep(): number {
  return Math.floor(Date.now() / 1000 / STEP_SECONDS);
}

/** The six-digit code of RFC 6238 (HMAC-SHA1) for `keyText` in time step `step`. */
export function totp(keyText: string, step = currentStep()): string {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const mac = createHmac("sha1", base32Bytes(keyText)).update(counter).digest();
  const offset = mac[mac.length - 1] & 15;
  const number = (mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000;
  return number.toString().padStart(6, "0");
}

// A code works once per account: each sign-in of the demo superadmin takes a newer step.
let lastStep = 0;

/** Answers the second step with the demo key, waiting for a fresh step when needed. */
export async function passSecondStep(page: Page, keyText = demoTwoStepKey) {
  for (let attempt = 0; attempt < 3; attempt++) {
    const step = Math.max(currentStep() - 1, lastStep + 1);
    if (step > currentStep() + 1) {
      // Waiting for a code the server has not seen is the second step's own time, not the test's.
      const wait = (step - 1) * STEP_SECONDS * 1000 - Date.now() + 500;
      test.info().setTimeout(test.info().timeout + wait);
      await page.waitForTimeout(wait);
    }
    lastStep = step;
    await page.getByLabel("Code", { exact: true }).fill(totp(keyText, step));
    // A plain form: the answer is a whole new page, the next one or this one with the refusal.
    await Promise.all([page.waitForEvent("load"), page.getByRole("button", { name: "Sign in" }).click()]);
    if (!new URL(page.url()).pathname.startsWith("/sign-in")) return;
    // Used already (by an earlier run against this server): the next step.
    lastStep = Math.max(lastStep, currentStep() + 1);
  }
  throw new Error("the second step was refused three times");
}

export async function signIn(page: Page, email: string) {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(demoPassword);
  await page.getByRole("button", { name: "Sign in" }).click();
  if (email === "superadmin@hirevoo.test") {
    await expect(page).toHaveURL(/\/sign-in\/two-step/);
    await passSecondStep(page);
  }
  await expect(page).not.toHaveURL(/sign-in/);
}

export async function signOut(page: Page) {
  await page.getByRole("button", { name: "Sign out", exact: true }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
}
