import { expect, Page } from "@playwright/test";
import AxeBuilder from "@axe-core/playwright";

/// Checks the page as it stands against the WCAG 2.2 A and AA rules axe can test automatically.
export async function expectAccessible(page: Page) {
  const { violations } = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]).analyze();
  const found = violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`);
  expect(found, `${page.url()}`).toEqual([]);
}
