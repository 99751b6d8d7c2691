import { describe, expect, it } from "vitest";
import { runsOf, SCREENSHOTS, send, startReminder } from "./support/browser";
import { dashboardPerTest } from "./support/dashboard";

const dashboard = dashboardPerTest();

describe("the Run page", () => {
  it("shows a sleeping reminder, cancels it after confirming, and replays it", async () => {
    const runId = await startReminder(dashboard.url, "r-run-page");
    const page = await dashboard.browser.open(`${dashboard.url}/#/runs/${runId}`);
    const status = page.locator("dl").first();
    await status.getByText("Sleeping").waitFor();
    // The timeline: a sleep still going, no cancel yet.
    const timeline = page.getByRole("img", { name: /Timeline/ });
    await timeline.locator('[data-bar="sleep"]').waitFor();
    expect(await timeline.locator('[data-mark="cancel"]').count()).toBe(0);
    await page.screenshot({ path: `${SCREENSHOTS}run-sleeping.png`, fullPage: true });

    // Cancel asks first; going back changes nothing.
    await page.getByRole("button", { name: "Cancel run" }).click();
    await page.getByRole("button", { name: "Back" }).click();
    await status.getByText("Sleeping").waitFor();

    await page.getByRole("button", { name: "Cancel run" }).click();
    await page.getByLabel("Reason (optional)").fill("the user deleted it");
    await page.getByRole("button", { name: "Yes, cancel the run" }).click();
    await status.getByText("Cancelled").waitFor();
    // The timeline now has the cancel request and the end; the sleep stops there.
    await timeline.locator('[data-mark="cancel"]').waitFor();
    await timeline.locator('[data-mark="end"]').waitFor();
    const record = page.getByRole("region", { name: "Cancellation" });
    await record.getByText("api").waitFor();
    await record.getByText("the user deleted it").waitFor();
    expect(await page.getByRole("button", { name: "Cancel run" }).count()).toBe(0);
    await page.screenshot({ path: `${SCREENSHOTS}run-cancelled.png`, fullPage: true });

    // Replay starts a new run from the same event, and opens it.
    await page.getByRole("button", { name: "Replay" }).click();
    await page.getByRole("button", { name: "Yes, replay" }).click();
    await page.getByRole("link", { name: runId }).waitFor();
    const replayId = /#\/runs\/(.+)$/.exec(page.url())?.[1];
    expect(replayId).toBeDefined();
    expect(replayId).not.toBe(runId);
    await page.locator("dl").first().getByText("Sleeping").waitFor();
    expect(dashboard.browser.offOrigin).toEqual([]);
  });

  it("shows a cancel by event with its steps, and links the cleanup run it started", async () => {
    const [eventId = ""] = await send(dashboard.url, "contacts/import.requested", {
      importId: "imp-1",
      pages: 3,
      pause: "1h",
    });
    const [run] = await runsOf(dashboard.url, eventId);
    const page = await dashboard.browser.open(`${dashboard.url}/#/runs/${run?.id}`);
    const timeline = page.getByRole("img", { name: /Timeline/ });
    await page.locator("dl").first().getByText("Sleeping").waitFor();
    await timeline.locator('[data-bar="step"]').waitFor();

    const [cancelEvent = ""] = await send(dashboard.url, "contacts/import.cancelled", {
      importId: "imp-1",
    });
    await page.locator("dl").first().getByText("Cancelled").waitFor();
    await timeline.locator('[data-mark="cancel"]').waitFor();
    // The cancellation record names the event that caused it.
    const record = page.getByRole("region", { name: "Cancellation" });
    await record.getByText("event", { exact: true }).waitFor();
    await record.getByText(cancelEvent).waitFor();
    const cleanup = page
      .getByRole("definition")
      .filter({ has: page.getByRole("link") })
      .last();
    await page.getByText("Cleanup run").waitFor();
    await page.screenshot({ path: `${SCREENSHOTS}run-cancelled-by-event.png`, fullPage: true });
    await cleanup.getByRole("link").click();
    await page.locator("dl").first().getByText("newsletter-app-cleanup-cancelled-import").waitFor();
  });

  it("shows a completed run's output", async () => {
    const [eventId = ""] = await send(dashboard.url, "contacts/import.requested", {
      importId: "imp-2",
      pages: 1,
    });
    const [run] = await runsOf(dashboard.url, eventId);
    const page = await dashboard.browser.open(`${dashboard.url}/#/runs/${run?.id}`);
    await page.locator("dl").first().getByText("Completed").waitFor();
    await page.getByRole("heading", { name: "Output" }).waitFor();
    expect(await page.locator("pre").first().textContent()).toContain('"pages": 1');
  });
});
