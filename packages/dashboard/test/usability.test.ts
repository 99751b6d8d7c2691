import { describe, expect, it } from "vitest";
import { SCREENSHOTS, send, startReminder } from "./support/browser";
import { dashboardPerTest } from "./support/dashboard";
import { startFakeApp } from "./support/fake-app";
import {
  overflowingElements,
  sidewaysOverflow,
  unlabelledControls,
  unreachableByTab,
} from "./support/usability";

const dashboard = dashboardPerTest();

const WIDTHS = [
  { width: 1280, height: 800 },
  { width: 375, height: 812 },
] as const;

describe("every page, at 1280 px and at phone width (375 px)", () => {
  it("fits the width, names every control, and reaches every control by keyboard", async () => {
    const runId = await startReminder(dashboard.url, "usable-1");
    await send(dashboard.url, "tasks/reminder.deleted", { reminderId: "usable-1" });
    await startReminder(dashboard.url, "usable-2");
    const app = await startFakeApp(() => dashboard.url, "usable-app");
    app.functions = ["send-a-rather-long-named-welcome-email"];
    await app.sync();
    await app.close();
    const pages = [
      ["runs", "/#/runs?window=between&after=2024-01-01T00:00:00.000Z", "Runs"],
      ["run", `/#/runs/${runId}`, `Run ${runId}`],
      ["functions", "/#/functions", "Functions"],
      ["bulk-cancel", "/#/bulk-cancel", "Bulk cancel"],
      ["events", "/#/events", "Events"],
      ["apps", "/#/apps", "Apps"],
    ] as const;
    for (const size of WIDTHS) {
      for (const [name, path, heading] of pages) {
        const page = await dashboard.browser.open(`${dashboard.url}${path}`, size);
        await page.getByRole("heading", { name: heading, level: 1 }).waitFor();
        // Each page's data has arrived: its lists and records are drawn.
        await page.getByText("Loading…").waitFor({ state: "detached" });
        const where = `${name} at ${size.width} px`;
        const overflow = await sidewaysOverflow(page);
        const culprits = overflow === 0 ? "" : (await overflowingElements(page)).join(", ");
        expect(overflow, `${where} scrolls sideways: ${culprits}`).toBe(0);
        expect(await unlabelledControls(page), where).toEqual([]);
        expect(await unreachableByTab(page), where).toEqual([]);
        if (size.width === 375 && (name === "run" || name === "events" || name === "apps"))
          await page.screenshot({ path: `${SCREENSHOTS}${name}-phone.png`, fullPage: true });
        await page.close();
      }
    }
  });
});
