import { test as base, expect, Browser, BrowserContext, Page } from "@playwright/test";

export { expect };

/// Chromium reports every Content-Security-Policy violation on the console.
const violation = /Content Security Policy|Content-Security-Policy/i;

function watchPage(page: Page, found: string[]) {
  page.on("console", (message) => {
    if (violation.test(message.text())) found.push(`${page.url()}: ${message.text()}`);
  });
}

function watchContext(context: BrowserContext, found: string[]) {
  context.pages().forEach((page) => watchPage(page, found));
  context.on("page", (page) => watchPage(page, found));
}

/// Every test runs with the site's policy on: any page, in any browser context the test opens,
/// that breaks the policy fails the test.
export const test = base.extend<{ contentSecurityPolicy: void }>({
  contentSecurityPolicy: [
    async ({ context, browser }: { context: BrowserContext; browser: Browser }, use) => {
      const found: string[] = [];
      watchContext(context, found);
      const newContext = browser.newContext.bind(browser);
      browser.newContext = async (...options) => {
        const opened = await newContext(...options);
        watchContext(opened, found);
        return opened;
      };
      await use();
      browser.newContext = newContext;
      expect(found, "Content-Security-Policy violations").toEqual([]);
    },
    { auto: true },
  ],
});
