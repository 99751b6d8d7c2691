import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { reminder, runsOf, SCREENSHOTS, send, startReminder } from "./support/browser";
import { dashboardPerTest } from "./support/dashboard";

/**
 * An ISO time as a datetime-local input holds it: the HTML spec's normalized form, the shortest
 * one (no trailing zeros in the fraction, no ":00" seconds). Chromium rewrites any other form,
 * and Playwright's `fill` then reports a malformed value (a run created at .170 ms, say).
 */
const localInputValue = (iso: string): string =>
  iso
    .replace("Z", "")
    .replace(/(\.\d*?)0+$/, "$1")
    .replace(/\.$/, "")
    .replace(/(T\d\d:\d\d):00$/, "$1");

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

  it("keeps two filter changes made before the page re-rendered", async () => {
    const page = await dashboard.browser.open(dashboard.url);
    await page.getByLabel("Time window").waitFor();
    // Both changes in one task: the page renders the first only after its `hashchange`, so the
    // second must build on the address, not on what the last render saw.
    await page.evaluate(() => {
      const choose = (label: string, value: string) => {
        const select = [...document.querySelectorAll("label")]
          .find((l) => l.firstChild?.textContent?.trim() === label)
          ?.querySelector("select");
        if (!select) throw new Error(`no select labelled ${label}`);
        select.value = value;
        select.dispatchEvent(new Event("change", { bubbles: true }));
      };
      choose("Status", "Sleeping");
      choose("Time window", "1h");
    });
    await page.waitForFunction(() => window.location.hash.includes("window=1h"));
    expect(new URL(page.url().replace("#/runs", "")).searchParams.get("status")).toBe("Sleeping");
    expect(await page.getByLabel("Status").inputValue()).toBe("Sleeping");
    expect(await page.getByLabel("Time window").inputValue()).toBe("1h");
  });

  it("filters by a time window and by the event that started the runs, kept in the address", async () => {
    const [eventA = ""] = await send(dashboard.url, "tasks/reminder.created", reminder("win-a"));
    const [a] = await runsOf(dashboard.url, eventA);
    // B is created in a later millisecond than A (a wait for the clock to move, not a timing).
    while (Date.now() <= Date.parse(a?.created_at ?? ""))
      await new Promise((resolve) => setTimeout(resolve, 1));
    const [eventB = ""] = await send(dashboard.url, "tasks/reminder.created", reminder("win-b"));
    const [b] = await runsOf(dashboard.url, eventB);
    if (a === undefined || b === undefined) throw new Error("two reminders, two runs");

    // A bookmarked window: created from B's time on.
    const after = encodeURIComponent(b.created_at);
    const page = await dashboard.browser.open(
      `${dashboard.url}/#/runs?window=between&after=${after}`,
    );
    await row(page, b.id).waitFor();
    expect(await row(page, a.id).count()).toBe(0);
    expect(await page.getByLabel("Time window").inputValue()).toBe("between");
    expect(b.created_at).toContain(await page.getByLabel("Created from (UTC)").inputValue());

    // Typed in the page: up to A's time, from no bound. The address follows.
    await page.getByLabel("Created from (UTC)").fill("");
    await page.getByLabel("Created to (UTC)").fill(localInputValue(a.created_at));
    await row(page, a.id).waitFor();
    await row(page, b.id).waitFor({ state: "detached" });
    expect(decodeURIComponent(page.url())).toContain(`before=${a.created_at}`);
    await page.reload();
    await row(page, a.id).waitFor();
    expect(await row(page, b.id).count()).toBe(0);
    await page.getByLabel("Time window").selectOption("1h");
    await row(page, b.id).waitFor();
    await row(page, a.id).waitFor();
    expect(await page.getByLabel("Created to (UTC)").count()).toBe(0);

    // An event id shows the runs that event started; a run id opens the run.
    const search = page.getByLabel("Run or event id");
    await search.fill(eventB);
    await page.getByRole("button", { name: "Find" }).click();
    await page.getByText(`Runs started by event ${eventB}`).waitFor();
    await row(page, a.id).waitFor({ state: "detached" });
    await row(page, b.id).waitFor();
    expect(page.url()).toContain(`event=${eventB}`);
    await page.screenshot({ path: `${SCREENSHOTS}runs-by-event.png`, fullPage: true });
    await page.getByRole("button", { name: "Show all runs" }).click();
    await row(page, a.id).waitFor();

    await search.fill("01NOSUCHID0000000000000000");
    await page.getByRole("button", { name: "Find" }).click();
    await page.getByRole("alert").getByText("No run or event has the id").waitFor();
    await search.fill(a.id);
    await search.press("Enter");
    await page.getByRole("heading", { name: `Run ${a.id}` }).waitFor();
  });
});
