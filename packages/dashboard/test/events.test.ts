import { type QuellProcess, startQuell } from "@quell/http/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Browser, launch, SCREENSHOTS } from "./support/browser";

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

describe("the Events page", () => {
  it("sends events from a checked JSON editor and shows the runs each started and cancelled", async () => {
    const page = await browser.open(`${quell.url}/#/events`);
    const data = page.getByLabel("Data (JSON)");
    const sendButton = page.getByRole("button", { name: "Send event" });

    await data.fill('{ "reminderId": ');
    await page.locator("#data-error").getByText("Not JSON").waitFor();
    expect(await sendButton.isDisabled()).toBe(true);

    await page.getByLabel("Event name").fill("tasks/reminder.created");
    await data.fill('{ "reminderId": "ev-1", "remindAt": "2030-01-01T09:00:00Z" }');
    await sendButton.click();
    const created = page.getByRole("row").filter({ hasText: "tasks/reminder.created" });
    await created.getByText("Sleeping").waitFor();
    const runLink = created.getByRole("link");
    const runId = (await runLink.textContent()) ?? "";

    await page.getByLabel("Event name").fill("tasks/reminder.deleted");
    await data.fill('{ "reminderId": "ev-1" }');
    await sendButton.click();
    const sent = await page
      .getByText(/^Sent:/)
      .locator("code")
      .textContent();
    const deleting = page.locator(`tr[data-event-id="${sent}"]`);
    await deleting.getByRole("link", { name: runId }).waitFor();
    await created.getByText("Cancelled").waitFor();
    await page.screenshot({ path: `${SCREENSHOTS}events.png`, fullPage: true });
  });
});
