import type { Locator, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { SCREENSHOTS, send } from "./support/browser";
import { dashboardPerTest } from "./support/dashboard";

const dashboard = dashboardPerTest();

const eventRow = (page: Page, eventId: string) => page.locator(`tr[data-event-id="${eventId}"]`);
const cell = (row: Locator, column: string) => row.locator(`td[data-label="${column}"]`);

describe("the Events page", () => {
  it("sends events from a checked JSON editor and shows the runs each started and cancelled", async () => {
    const page = await dashboard.browser.open(`${dashboard.url}/#/events`);
    const data = page.getByLabel("Data (JSON)");
    const sendButton = page.getByRole("button", { name: "Send event" });

    await data.fill('{ "reminderId": ');
    await page.locator(".data-error").getByText("Not JSON").waitFor();
    expect(await sendButton.isDisabled()).toBe(true);

    await page.getByLabel("Event name").fill("tasks/reminder.created");
    await data.fill('{ "reminderId": "ev-1", "remindAt": "2030-01-01T09:00:00Z" }');
    await sendButton.click();
    const sent = page.getByText(/^Sent:/).locator("code");
    await sent.waitFor();
    const createdId = (await sent.textContent()) ?? "";
    const created = eventRow(page, createdId);
    await cell(created, "Started").getByText("Sleeping").waitFor();
    const runId = (await created.getByRole("link").textContent()) ?? "";

    await page.getByLabel("Event name").fill("tasks/reminder.deleted");
    await data.fill('{ "reminderId": "ev-1" }');
    await sendButton.click();
    await page
      .getByText(/^Sent:/)
      .filter({ hasNotText: createdId })
      .waitFor();
    const deleting = eventRow(page, (await sent.textContent()) ?? "");
    await cell(deleting, "Cancelled").getByRole("link", { name: runId }).waitFor();
    await cell(created, "Started").getByText("Cancelled").waitFor();
    // The system events the cancel emitted are in the stream too.
    await page.getByRole("row").filter({ hasText: "inngest/function.cancelled" }).first().waitFor();
    await page.screenshot({ path: `${SCREENSHOTS}events.png`, fullPage: true });
  });

  it("lists every event, even one that started and cancelled nothing, filtered by name and time, in pages", async () => {
    const [unheard = ""] = await send(dashboard.url, "shop/unheard", { sku: "x-1" });
    const page = await dashboard.browser.open(`${dashboard.url}/#/events`);
    const row = eventRow(page, unheard);
    await row.getByText("shop/unheard").waitFor();
    await cell(row, "Started").getByText("—").waitFor();
    await cell(row, "Cancelled").getByText("—").waitFor();
    await row.getByText("Data").click();
    await row.getByText('"sku": "x-1"').waitFor();

    // 25 events of one name: a page of 20, then the 5 older ones.
    const answer = await fetch(`${dashboard.url}/e/dev`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(
        Array.from({ length: 25 }, (_, n) => ({ name: "bulk/ping", data: { n } })),
      ),
    });
    expect(answer.status).toBe(200);
    await page.getByLabel("Name", { exact: true }).fill("bulk/ping");
    await page.waitForURL(/name=bulk%2Fping/);
    const rows = page.locator("tbody tr");
    await page.getByRole("button", { name: "Older events" }).waitFor();
    expect(await rows.count()).toBe(20);
    expect(await row.count()).toBe(0);
    await page.getByRole("button", { name: "Older events" }).click();
    await page.getByRole("button", { name: "Newer events" }).waitFor();
    await rows.nth(4).waitFor();
    expect(await rows.count()).toBe(5);
    expect(await page.getByRole("button", { name: "Older events" }).count()).toBe(0);
    await page.getByRole("button", { name: "Newer events" }).click();
    await page.getByRole("button", { name: "Older events" }).waitFor();

    // A window that ends before anything was received shows nothing; the last hour shows it.
    await page.getByLabel("Name", { exact: true }).fill("");
    await page.getByLabel("Time window").selectOption("between");
    await page.getByLabel("Received to (UTC)").fill("2020-01-01T00:00");
    await page.getByText("No events match.").waitFor();
    await page.getByLabel("Name", { exact: true }).fill("shop/unheard");
    await page.getByLabel("Time window").selectOption("1h");
    await row.waitFor();
    await page.waitForURL(/window=1h/);
  });
});
