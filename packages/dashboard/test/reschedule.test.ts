import { describe, expect, it } from "vitest";
import { SCREENSHOTS, startReminder } from "./support/browser";
import { dashboardPerTest } from "./support/dashboard";

const dashboard = dashboardPerTest();

/** A datetime-local input's value for `ms`, in UTC to the second. */
const utcInput = (ms: number): string => new Date(ms).toISOString().slice(0, 19);

describe("Reschedule on the Run page", () => {
  it("moves a sleeping reminder's wake-up to a few seconds from now; it wakes and completes", async () => {
    const runId = await startReminder(dashboard.url, "r-reschedule");
    const page = await dashboard.browser.open(`${dashboard.url}/#/runs/${runId}`);
    const status = page.locator("dl").first();
    await status.getByText("Sleeping").waitFor();

    // No time typed: the API's 400 naming `until` is shown, and the run still sleeps.
    await page.getByRole("button", { name: "Reschedule" }).click();
    await page.getByRole("button", { name: "Yes, reschedule" }).click();
    await page
      .getByRole("alert")
      .getByText(/body\.until/)
      .waitFor();
    await status.getByText("Sleeping").waitFor();

    const until = utcInput(Date.now() + 5000);
    await page.getByLabel("Wake at (UTC)").fill(until);
    await page.getByRole("button", { name: "Yes, reschedule" }).click();
    const timeline = page.getByRole("img", { name: /Timeline/ });
    await timeline.locator('[data-mark="rescheduled"]').waitFor();
    // The entry is listed with both times (the picture's bar: timeline.test.ts).
    await page.getByText("Timeline entries").click();
    const entry = `(from 2030-01-01T09:00:00.000Z to ${until}.000Z)`;
    await page.getByRole("listitem").filter({ hasText: "rescheduled" }).getByText(entry).waitFor();
    await page.screenshot({ path: `${SCREENSHOTS}run-rescheduled.png`, fullPage: true });

    await status.getByText("Completed").waitFor();
    await timeline.locator('[data-mark="end"]').waitFor();
    expect(await page.getByRole("button", { name: "Reschedule" }).count()).toBe(0);
  });
});
