import { test as base, expect, chromium, BrowserContext, Page } from "@playwright/test";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, Server } from "node:http";
import { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { baseURL } from "../playwright.config";
import { watchPage } from "./fixtures";

export { expect };

/** Fixed by the manifest's `key`; the API's CORS allows this origin only. */
export const extensionId = "jnaliofggnngejjeoceblkmdahdmhono";
export const extensionDir = path.resolve(__dirname, "../../extension");
export const popupURL = `chrome-extension://${extensionId}/popup.html`;

/** What the fixture job page describes in its JSON-LD. */
export const fixtureJob = { title: "Staff Rust Engineer", company: "Fixture Corp" };

/** The extension's pages run `chrome.*`; the test reads their storage through it. */
declare const chrome: any;


/** A page with a job posting in JSON-LD, served from its own origin (as a job board would be). */
function jobPageHtml() {
  const posting = {
    "@context": "https://schema.org",
    "@graph": [
      { "@type": "WebSite", name: "Fixture Careers" },
      {
        "@type": "JobPosting",
        title: fixtureJob.title,
        hiringOrganization: { "@type": "Organization", name: fixtureJob.company },
        datePosted: "2025-01-06",
        employmentType: "FULL_TIME",
      },
    ],
  };
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${fixtureJob.title} – ${fixtureJob.company} careers</title>
<script type="application/ld+json">{ this block is broken on purpose</script>
<script type="application/ld+json">${JSON.stringify(posting)}</script>
</head>
<body style="font-family: sans-serif; margin: 40px">
<h1>${fixtureJob.title}</h1>
<p>${fixtureJob.company} · Remote</p>
<p role="status">Thank you: your application was received.</p>
</body>
</html>`;
}

async function serveJobPage(): Promise<{ server: Server; url: string }> {
  const server = createServer((request, response) => {
    if (request.url === "/jobs/staff-rust-engineer") {
      response.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
      response.end(jobPageHtml());
    } else {
      response.writeHead(404, { "Content-Type": "text/plain" });
      response.end("not found");
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${port}/jobs/staff-rust-engineer` };
}

/**
 * Does what a click on the extension's toolbar button does on `page`'s tab: runs its action
 * there, which grants `activeTab` on that tab (read it, script it, capture it) until it goes to
 * another site. Chrome's DevTools protocol offers this (`Extensions.triggerAction`) with
 * `--enable-unsafe-extension-debugging`. The popup that opens is closed again: the test drives
 * the same page opened as a tab.
 */
export async function clickExtensionButton(context: BrowserContext, page: Page) {
  await page.bringToFront();
  const browser = await context.browser()!.newBrowserCDPSession();
  try {
    const { targetInfos: tabs } = await browser.send("Target.getTargets", { filter: [{ type: "tab" }] });
    const tab = tabs.filter((target) => target.url === page.url());
    expect(tab, `one tab shows ${page.url()}`).toHaveLength(1);
    const popupsBefore = new Set((await openPopups(browser)).map((target) => target.targetId));
    await browser.send("Extensions.triggerAction", { id: extensionId, targetId: tab[0].targetId });
    let opened: { targetId: string }[] = [];
    await expect
      .poll(async () => {
        opened = (await openPopups(browser)).filter((target) => !popupsBefore.has(target.targetId));
        return opened.length;
      }, { message: "the action opens the popup" })
      .toBe(1);
    await browser.send("Target.closeTarget", { targetId: opened[0].targetId });
  } finally {
    await browser.detach();
  }
}

async function openPopups(browser: import("@playwright/test").CDPSession) {
  const { targetInfos } = await browser.send("Target.getTargets");
  return targetInfos.filter((target) => target.type === "page" && target.url === popupURL);
}

/** What the extension keeps, read in one of its pages. */
export async function extensionStorage(page: Page): Promise<{ session: Record<string, unknown>; local: Record<string, unknown> }> {
  return page.evaluate(async () => ({ session: await chrome.storage.session.get(null), local: await chrome.storage.local.get(null) }));
}

type ExtensionFixtures = {
  /** Chromium with the unpacked extension, in a profile of its own (extensions need one). */
  extensionContext: BrowserContext;
  /** The address of the fixture job page. */
  jobURL: string;
};

/**
 * A test with Chromium and the extension loaded. Playwright's own `context` cannot load an
 * extension (that takes a persistent context), so this does not build on `fixtures.ts`; it
 * watches the pages the same way.
 */
export const test = base.extend<ExtensionFixtures>({
  jobURL: async ({}, use) => {
    const { server, url } = await serveJobPage();
    await use(url);
    // The browser keeps its connections open: close them, or `close` waits for them.
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  },
  extensionContext: async ({}, use) => {
    const userDataDir = mkdtempSync(path.join(tmpdir(), "hirevoo-extension-"));
    const context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      // Playwright's `--headless` is Chromium's new headless mode, which runs extensions.
      headless: true,
      baseURL,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        `--disable-extensions-except=${extensionDir}`,
        `--load-extension=${extensionDir}`,
        // For `Extensions.triggerAction` (see `clickExtensionButton`).
        "--enable-unsafe-extension-debugging",
      ],
    });
    const found: string[] = [];
    context.pages().forEach((page) => watchPage(page, found));
    context.on("page", (page) => watchPage(page, found));
    try {
      await use(context);
    } finally {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    }
    expect(found, "Content-Security-Policy violations and browser errors").toEqual([]);
  },
});
