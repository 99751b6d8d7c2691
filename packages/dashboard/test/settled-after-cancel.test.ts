import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runsOf, SCREENSHOTS, send } from "./support/browser";
import { dashboardPerTest } from "./support/dashboard";
import { startGate } from "./support/gate";

// A step in flight when its run is cancelled runs to its end (SPEC §4.3); the run page marks
// the moment it settled, after the cancel. The step waits on a gate this test holds.
const FIXTURE = fileURLToPath(new URL("./fixtures/gated.ts", import.meta.url));

let gate: Awaited<ReturnType<typeof startGate>>;
beforeAll(async () => {
  gate = await startGate();
});
afterAll(async () => {
  gate?.release();
  await gate?.close();
});

const dashboard = dashboardPerTest(
  () => ["dev", FIXTURE, "--port", "0"],
  () => ({ QUELL_TEST_GATE: gate.url }),
);

describe("the Run page, cancelling while a step is in flight", () => {
  it("shows the cancel, then the step settling after it, and nothing after the step", async () => {
    try {
      const [eventId = ""] = await send(dashboard.url, "test/gated", {});
      await gate.reached;
      const [run] = await runsOf(dashboard.url, eventId);
      const page = await dashboard.browser.open(`${dashboard.url}/#/runs/${run?.id}`);
      const status = page.locator("dl").first();
      await status.getByText("Running").waitFor();

      await page.getByRole("button", { name: "Cancel run" }).click();
      await page.getByRole("button", { name: "Yes, cancel the run" }).click();
      await status.getByText("(the step in flight is finishing)").waitFor();
      const timeline = page.getByRole("img", { name: /Timeline/ });
      await timeline.locator('[data-mark="cancel"]').waitFor();
      expect(await timeline.locator('[data-mark="settled"]').count()).toBe(0);

      gate.release();
      await timeline.locator('[data-mark="settled"]').waitFor();
      await timeline.locator('[data-mark="end"]').waitFor();
      expect(await status.getByText("(the step in flight is finishing)").count()).toBe(0);
      const name = (await timeline.getAttribute("aria-label")) ?? "";
      expect(name).toContain("wait-for-the-gate settled");
      expect(name).not.toContain("after-the-gate");
      await page.getByText("Timeline entries").click();
      await page.getByText(/step\.settled_after_cancel wait-for-the-gate/).waitFor();
      await page.screenshot({ path: `${SCREENSHOTS}run-settled-after-cancel.png`, fullPage: true });
      expect(dashboard.browser.offOrigin).toEqual([]);
    } finally {
      gate.release();
    }
  });
});
