import { describe, expect, it } from "vitest";
import { runsOf, SCREENSHOTS, send } from "./support/browser";
import { dashboardPerTest, statusOf } from "./support/dashboard";

const dashboard = dashboardPerTest();

const reminderFor = async (userId: string, reminderId: string): Promise<string> => {
  const data = { userId, reminderId, remindAt: "2030-01-01T09:00:00Z" };
  const [eventId = ""] = await send(dashboard.url, "tasks/reminder.created", data);
  return (await runsOf(dashboard.url, eventId))[0]?.id ?? "";
};

const status = (runId: string) => statusOf(dashboard.url, runId);

describe("the Bulk cancel page", () => {
  it("shows where a bad `if` is wrong, counts with a dry run, then cancels with progress", async () => {
    const ann = [await reminderFor("user_ann", "a1"), await reminderFor("user_ann", "a2")];
    const bob = await reminderFor("user_bob", "b1");
    const page = await dashboard.browser.open(`${dashboard.url}/#/bulk-cancel`);
    await page.getByLabel("Function").selectOption("reminders-app-schedule-reminder");

    const expression = page.getByLabel(/^If/);
    await expression.fill("event.data.userId == ");
    await page.getByRole("button", { name: "Preview (dry run)" }).click();
    const error = page.locator("#if-error");
    await error.getByText(/body\.if: .*position 21/).waitFor();
    expect(await expression.getAttribute("aria-invalid")).toBe("true");
    await page.screenshot({ path: `${SCREENSHOTS}bulk-cancel-bad-if.png`, fullPage: true });

    await expression.fill("event.data.userId == 'user_ann'");
    await page.getByRole("button", { name: "Preview (dry run)" }).click();
    await page.getByText("2 runs match").waitFor();
    expect(await error.count()).toBe(0);
    // The preview cancelled nothing.
    expect(await Promise.all([...ann, bob].map(status))).toEqual([
      "Sleeping",
      "Sleeping",
      "Sleeping",
    ]);
    await page.screenshot({ path: `${SCREENSHOTS}bulk-cancel-preview.png`, fullPage: true });

    await page.getByRole("button", { name: "Cancel 2 runs" }).click();
    await page.getByRole("button", { name: "Yes, cancel them" }).click();
    await page.getByText("Done: 2 of 2 cancelled").waitFor();
    expect(await page.locator("progress").getAttribute("value")).toBe("2");
    expect(await Promise.all([...ann, bob].map(status))).toEqual([
      "Cancelled",
      "Cancelled",
      "Sleeping",
    ]);
    await page.screenshot({ path: `${SCREENSHOTS}bulk-cancel-done.png`, fullPage: true });
    await page.goto(`${dashboard.url}/#/runs/${ann[0]}`);
    await page
      .getByRole("region", { name: "Cancellation" })
      .getByText("bulk", { exact: true })
      .waitFor();
  });
});
