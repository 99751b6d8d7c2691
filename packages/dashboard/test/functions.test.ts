import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { runsOf, SCREENSHOTS, send, startReminder } from "./support/browser";
import { dashboardPerTest, statusOf } from "./support/dashboard";

const dashboard = dashboardPerTest();

const reminders = (page: Page) =>
  page.getByRole("article").filter({ has: page.getByText("reminders-app-schedule-reminder") });

const status = (runId: string) => statusOf(dashboard.url, runId);

describe("the Functions page", () => {
  it("shows each function's trigger and cancelOn, pauses and resumes", async () => {
    const page = await dashboard.browser.open(`${dashboard.url}/#/functions`);
    const card = reminders(page);
    await card.getByText("tasks/reminder.created").waitFor();
    await card.getByText("tasks/reminder.deleted").waitFor();
    await card.getByText("event.data.reminderId == async.data.reminderId").waitFor();
    await page.screenshot({ path: `${SCREENSHOTS}functions.png`, fullPage: true });

    await card.getByRole("button", { name: "Pause reminders-app-schedule-reminder" }).click();
    await card.getByRole("button", { name: "Yes, pause" }).click();
    await card.getByText("Paused", { exact: true }).waitFor();
    // While paused, new events create Skipped runs.
    const [eventId = ""] = await send(dashboard.url, "tasks/reminder.created", {
      reminderId: "p1",
    });
    expect((await runsOf(dashboard.url, eventId)).map((r) => r.status)).toEqual(["Skipped"]);

    await card.getByRole("button", { name: "Resume reminders-app-schedule-reminder" }).click();
    await card.getByRole("button", { name: "Yes, resume" }).click();
    await card.getByRole("button", { name: "Pause reminders-app-schedule-reminder" }).waitFor();
    const runId = await startReminder(dashboard.url, "after-resume");
    expect(["Queued", "Running", "Sleeping"]).toContain(await status(runId));
  });

  it("pauses with the option to cancel the running runs", async () => {
    const runId = await startReminder(dashboard.url, "cancel-on-pause");
    const page = await dashboard.browser.open(`${dashboard.url}/#/functions`);
    const card = reminders(page);
    await card.getByRole("button", { name: "Pause reminders-app-schedule-reminder" }).click();
    await card.getByLabel("Also cancel its running runs").check();
    await card.getByRole("button", { name: "Yes, pause" }).click();
    await card.getByText("Paused", { exact: true }).waitFor();
    expect(await status(runId)).toBe("Cancelled");
    await page.goto(`${dashboard.url}/#/runs/${runId}`);
    await page
      .getByRole("region", { name: "Cancellation" })
      .getByText("pause", { exact: true })
      .waitFor();
    await page.goto(`${dashboard.url}/#/functions`);
    await card.getByRole("button", { name: "Resume reminders-app-schedule-reminder" }).click();
    await card.getByRole("button", { name: "Yes, resume" }).click();
    await card.getByRole("button", { name: "Pause reminders-app-schedule-reminder" }).waitFor();
  });
});
