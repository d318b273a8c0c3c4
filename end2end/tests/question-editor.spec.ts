import { test, expect } from "./fixtures";
import { signIn } from "./session";
import { expectAccessible } from "./accessibility";

const prompt = "Which of these are prime numbers?";

test("a recruiter writes a multiple-choice question in the editor, finds it in the bank and edits it", async ({ page }) => {
  await signIn(page, "recruiter@acme.test");
  await page.goto("/assessments/bank");
  await expect(page.getByRole("heading", { level: 1, name: "Question bank" })).toBeVisible();
  // The rows are edited in place once the page is interactive.
  const addOption = page.getByRole("button", { name: "Add an option", exact: true });
  await expect(addOption).toBeVisible();
  const preview = page.getByRole("region", { name: "Preview" });

  await page.getByLabel("Question", { exact: true }).fill(prompt);
  await expect(preview).toContainText(prompt);

  // Single choice is the default: one radio button per row. Multiple choice: a tick box per row.
  await expect(page.getByRole("radio", { name: "Right answer (option 1)", exact: true })).toBeVisible();
  await page.getByLabel("Type", { exact: true }).selectOption("multiple_choice");
  await expect(page.getByRole("checkbox", { name: "Right answer (option 1)", exact: true })).toBeVisible();
  await expect(page.getByRole("radio", { name: "Right answer (option 1)", exact: true })).toHaveCount(0);
  await expect(page.getByLabel("Right number")).toHaveCount(0);
  await expect(page.getByLabel("Question", { exact: true })).toHaveValue(prompt);

  for (const [i, text] of ["2", "4", "7", "9"].entries()) {
    await page.getByLabel(`Option ${i + 1}`, { exact: true }).fill(text);
  }
  await addOption.click();
  const fifth = page.getByLabel("Option 5", { exact: true });
  await expect(fifth).toBeFocused();
  await fifth.fill("11");
  for (const n of [1, 3, 5]) {
    await page.getByRole("checkbox", { name: `Right answer (option ${n})`, exact: true }).check();
  }
  // The preview shows the options as the candidate will, nothing ticked and nothing to click.
  await expect(preview.getByRole("checkbox")).toHaveCount(5);
  await expect(preview.getByRole("checkbox", { name: "11", exact: true })).toBeDisabled();
  await expect(preview.getByRole("checkbox", { name: "11", exact: true })).not.toBeChecked();

  // Moving a row takes its mark along, and keeps the focus on the button pressed.
  await page.getByRole("button", { name: "Move option 5 up", exact: true }).click();
  await expect(page.getByLabel("Option 4", { exact: true })).toHaveValue("11");
  await expect(page.getByRole("checkbox", { name: "Right answer (option 4)", exact: true })).toBeChecked();
  await expect(page.getByLabel("Option 5", { exact: true })).toHaveValue("9");
  await expect(page.getByRole("checkbox", { name: "Right answer (option 5)", exact: true })).not.toBeChecked();
  await expect(page.getByRole("button", { name: "Move option 4 up", exact: true })).toBeFocused();
  await expect(preview.locator("label")).toHaveText(["2", "4", "7", "11", "9"]);

  await page.getByRole("button", { name: "Remove option 2", exact: true }).click();
  await expect(page.getByLabel("Option 2", { exact: true })).toHaveValue("7");
  await expect(preview.locator("label")).toHaveText(["2", "7", "11", "9"]);

  // Another type shows only its own fields; coming back finds the rows as they were.
  await page.getByLabel("Type", { exact: true }).selectOption("numeric");
  await expect(page.getByLabel("Right number")).toBeVisible();
  await expect(page.getByLabel("Option 1", { exact: true })).toHaveCount(0);
  await expect(preview.getByRole("spinbutton")).toBeDisabled();
  await page.getByLabel("Type", { exact: true }).selectOption("multiple_choice");
  await expect(page.getByLabel("Option 3", { exact: true })).toHaveValue("11");
  await expect(page.getByRole("checkbox", { name: "Right answer (option 3)", exact: true })).toBeChecked();

  await expect(page.getByLabel("Penalty per wrong pick (partial credit)")).toBeHidden();
  await page.getByRole("radio", { name: /^Partial credit/ }).check();
  await page.getByLabel("Penalty per wrong pick (partial credit)").fill("0.5");
  await page.getByLabel("Difficulty", { exact: true }).selectOption("medium");
  await page.getByRole("button", { name: "Save question" }).click();
  await expect(page.getByRole("cell", { name: prompt, exact: true })).toBeVisible();

  // The edit opens in the same editor, filled in as written.
  await page.getByRole("link", { name: `Edit: ${prompt}`, exact: true }).click();
  await expect(page.getByRole("heading", { name: "Version 1" })).toBeVisible();
  await expect(page.getByLabel("Type", { exact: true })).toHaveValue("multiple_choice");
  await expect(page.getByLabel("Question", { exact: true })).toHaveValue(prompt);
  const rows: [string, boolean][] = [["2", true], ["7", true], ["11", true], ["9", false]];
  for (const [i, [text, right]] of rows.entries()) {
    await expect(page.getByLabel(`Option ${i + 1}`, { exact: true })).toHaveValue(text);
    const mark = page.getByRole("checkbox", { name: `Right answer (option ${i + 1})`, exact: true });
    if (right) {
      await expect(mark).toBeChecked();
    } else {
      await expect(mark).not.toBeChecked();
    }
  }
  await expect(page.getByLabel("Option 5", { exact: true })).toHaveValue("");
  await expect(page.getByRole("radio", { name: /^Partial credit/ })).toBeChecked();
  await expect(page.getByLabel("Penalty per wrong pick (partial credit)")).toHaveValue("0.5");
  await expect(page.getByRole("region", { name: "Preview" }).locator("label")).toHaveText(["2", "7", "11", "9"]);
  await expectAccessible(page);

  // A repeated option is refused, with the message beside its row.
  await page.getByLabel("Option 5", { exact: true }).fill("7");
  await page.getByRole("button", { name: "Save question" }).click();
  await expect(page.getByText("Option 5 repeats option 2.")).toBeVisible();
  await expect(page.getByLabel("Option 5", { exact: true })).toHaveAttribute("aria-invalid", "true");
});
