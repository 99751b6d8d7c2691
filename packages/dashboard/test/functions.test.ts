import { type QuellProcess, startQuell } from "@quell/http/testing";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Browser, launch, runsOf, SCREENSHOTS, send, startReminder } from "./support/browser";

let quell: QuellProcess;
let browser: Browser;

beforeAll(async () => {
  quell = await startQuell(["dev", "--port", "0"]);
  browser = await launch();
});

afterAll(async () => {
  await browser?.close();
  await quell?.stop();
});

const reminders = (page: Page) =>
  page.getByRole("article").filter({ has: page.getByText("reminders-app-schedule-reminder") });

const status = async (runId: string): Promise<string> => {
  const answer = await fetch(`${quell.url}/v1/runs/${runId}`);
  return ((await answer.json()) as { data: { status: string } }).data.status;
};

describe("the Functions page", () => {
  it("shows each function's trigger and cancelOn, pauses and resumes", async () => {
    const page = await browser.open(`${quell.url}/#/functions`);
    const card = reminders(page);
    await card.getByText("tasks/reminder.created").waitFor();
    await card.getByText("tasks/reminder.deleted").waitFor();
    await card.getByText("event.data.reminderId == async.data.reminderId").waitFor();
    await page.screenshot({ path: `${SCREENSHOTS}functions.png`, fullPage: true });

    await card.getByRole("button", { name: "Pause reminders-app-schedule-reminder" }).click();
    await card.getByRole("button", { name: "Yes, pause" }).click();
    await card.getByText("Paused", { exact: true }).waitFor();
    // While paused, new events create Skipped runs.
    const [eventId = ""] = await send(quell.url, "tasks/reminder.created", { reminderId: "p1" });
    expect((await runsOf(quell.url, eventId)).map((r) => r.status)).toEqual(["Skipped"]);

    await card.getByRole("button", { name: "Resume reminders-app-schedule-reminder" }).click();
    await card.getByRole("button", { name: "Yes, resume" }).click();
    await card.getByRole("button", { name: "Pause reminders-app-schedule-reminder" }).waitFor();
    const runId = await startReminder(quell.url, "after-resume");
    expect(["Queued", "Running", "Sleeping"]).toContain(await status(runId));
  });

  it("pauses with the option to cancel the running runs", async () => {
    const runId = await startReminder(quell.url, "cancel-on-pause");
    const page = await browser.open(`${quell.url}/#/functions`);
    const card = reminders(page);
    await card.getByRole("button", { name: "Pause reminders-app-schedule-reminder" }).click();
    await card.getByLabel("Also cancel its running runs").check();
    await card.getByRole("button", { name: "Yes, pause" }).click();
    await card.getByText("Paused", { exact: true }).waitFor();
    expect(await status(runId)).toBe("Cancelled");
    await page.goto(`${quell.url}/#/runs/${runId}`);
    await page
      .getByRole("region", { name: "Cancellation" })
      .getByText("pause", { exact: true })
      .waitFor();
    await page.goto(`${quell.url}/#/functions`);
    await card.getByRole("button", { name: "Resume reminders-app-schedule-reminder" }).click();
    await card.getByRole("button", { name: "Yes, resume" }).click();
    await card.getByRole("button", { name: "Pause reminders-app-schedule-reminder" }).waitFor();
  });
});
