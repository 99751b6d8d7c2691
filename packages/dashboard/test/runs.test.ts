import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { SCREENSHOTS, send, startReminder } from "./support/browser";
import { dashboardPerTest } from "./support/dashboard";

const dashboard = dashboardPerTest();

const row = (page: Page, runId: string) => page.getByRole("row").filter({ hasText: runId });

describe("the Runs page", () => {
  it("is served by quell dev at / and lists runs as they change, with filters", async () => {
    const page = await dashboard.browser.open(dashboard.url);
    await page.getByRole("heading", { name: "Runs" }).waitFor();
    await page.getByText("No runs match").waitFor();

    // Reminders appear without a reload and sleep until their time.
    const first = await startReminder(dashboard.url, "r-first");
    const second = await startReminder(dashboard.url, "r-second");
    await row(page, first).getByText("Sleeping").waitFor();
    await row(page, second).getByText("Sleeping").waitFor();

    // Deleting a reminder cancels its run; the list follows.
    await send(dashboard.url, "tasks/reminder.deleted", { reminderId: "r-first" });
    await row(page, first).getByText("Cancelled").waitFor();

    await page.getByLabel("Status").selectOption("Cancelled");
    await row(page, second).waitFor({ state: "detached" });
    await row(page, first).waitFor();
    await page.getByLabel("Status").selectOption("Sleeping");
    await row(page, first).waitFor({ state: "detached" });
    await row(page, second).waitFor();
    await page.getByLabel("Status").selectOption("");

    const importRun = await send(dashboard.url, "contacts/import.requested", { importId: "i1" });
    expect(importRun).toHaveLength(1);
    await page.getByLabel("Function").selectOption("reminders-app-schedule-reminder");
    await row(page, first).waitFor();
    expect(await page.getByRole("row").filter({ hasText: "contacts/import" }).count()).toBe(0);
    await page.getByLabel("Function").selectOption("newsletter-app-import-all-contacts");
    await row(page, first).waitFor({ state: "detached" });
    await page.getByRole("row").filter({ hasText: "contacts/import.requested" }).first().waitFor();
    await page.getByLabel("Function").selectOption("reminders-app-schedule-reminder");
    await row(page, second).waitFor();
    await page.screenshot({ path: `${SCREENSHOTS}runs.png`, fullPage: true });

    // Keyboard: the run's link is reachable and opens its page.
    await row(page, second).getByRole("link", { name: second }).focus();
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { name: new RegExp(second) }).waitFor();
    expect(dashboard.browser.offOrigin).toEqual([]);
  });

  it("is usable at phone width: no sideways scrolling, every run and its status shown", async () => {
    const runId = await startReminder(dashboard.url, "r-phone");
    const page = await dashboard.browser.open(dashboard.url, { width: 390, height: 844 });
    await row(page, runId).getByText("Sleeping").waitFor();
    await page.getByLabel("Status").waitFor();
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBe(0);
    await page.screenshot({ path: `${SCREENSHOTS}runs-phone.png`, fullPage: true });
  });
});
