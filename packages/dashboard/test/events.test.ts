import { describe, expect, it } from "vitest";
import { SCREENSHOTS } from "./support/browser";
import { dashboardPerTest } from "./support/dashboard";

const dashboard = dashboardPerTest();

describe("the Events page", () => {
  it("sends events from a checked JSON editor and shows the runs each started and cancelled", async () => {
    const page = await dashboard.browser.open(`${dashboard.url}/#/events`);
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
