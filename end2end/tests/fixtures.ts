import { test as base, expect, Browser, BrowserContext, Page } from "@playwright/test";

export { expect };

/// Chromium reports every Content-Security-Policy violation on the console.
const violation = /Content Security Policy|Content-Security-Policy/i;

/// Chromium logs every answer with an error status, and every request cut off, as a console
/// error. Refusals (4xx) and requests cut by a test's own outage are what the tests provoke and
/// check on the page; a server error (5xx) still fails the test.
const refusedOrOffline = /^Failed to load resource: (the server responded with a status of 4\d\d|net::ERR_INTERNET_DISCONNECTED)/;

/// What a page reports that fails the test: a policy violation, any uncaught error (a panic in
/// the browser's code ends as `RuntimeError: unreachable`), and any console error (the panic's
/// message, a failed hydration). A test that provokes another error on purpose lists what it
/// expects in `expectedConsoleErrors`.
export function watchPage(page: Page, found: string[], expected: RegExp[] = []) {
  page.on("console", (message) => {
    const text = message.text();
    if (violation.test(text)) found.push(`${page.url()}: ${text}`);
    else if (message.type() === "error" && !refusedOrOffline.test(text) && !expected.some((pattern) => pattern.test(text))) found.push(`${page.url()}: console error: ${text}`);
  });
  page.on("pageerror", (error) => found.push(`${page.url()}: uncaught ${error.name}: ${error.message}`));
}

function watchContext(context: BrowserContext, found: string[], expected: RegExp[]) {
  context.pages().forEach((page) => watchPage(page, found, expected));
  context.on("page", (page) => watchPage(page, found, expected));
}

/// Every test runs with the site's policy on and the browser's errors watched: any page, in any
/// browser context the test opens, that breaks the policy or reports an error fails the test.
export const test = base.extend<{ expectedConsoleErrors: RegExp[]; browserErrors: void }>({
  expectedConsoleErrors: [[], { option: true }],
  browserErrors: [
    async ({ context, browser, expectedConsoleErrors }: { context: BrowserContext; browser: Browser; expectedConsoleErrors: RegExp[] }, use) => {
      const found: string[] = [];
      watchContext(context, found, expectedConsoleErrors);
      const newContext = browser.newContext.bind(browser);
      browser.newContext = async (...options) => {
        const opened = await newContext(...options);
        watchContext(opened, found, expectedConsoleErrors);
        return opened;
      };
      await use();
      browser.newContext = newContext;
      expect(found, "Content-Security-Policy violations and browser errors").toEqual([]);
    },
    { auto: true },
  ],
});

/// Waits until the browser's code has taken over the page (the entry marks `<html>` when done).
export async function hydrated(page: Page) {
  await expect(page.locator("html[data-hydrated]")).toHaveCount(1);
}
