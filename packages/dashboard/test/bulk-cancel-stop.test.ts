import { fileURLToPath } from "node:url";
import { type QuellProcess, startQuell } from "@quell/http/testing";
import { type RedisServer, startRedisServer } from "@quell/redis/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { reminder, SCREENSHOTS } from "./support/browser";
import { dashboardPerTest } from "./support/dashboard";

// Stopping a sweep from the page. A sweep of a few runs ends at once, so the sweep here is
// left to workers that are not there: the runs are made by `quell start` with workers, then
// the page is served by `quell start --no-workers` on the same Redis, which stores the bulk
// cancellation (running) and sweeps nothing (docs/http.md, "What an API-only process does").
const FIXTURE = fileURLToPath(new URL("./fixtures/examples.ts", import.meta.url));
const SIGNING_KEY = `signkey-prod-${"a7".repeat(32)}`;
const EVENT_KEY = "ek_stop0123456789abcdefghij";
const auth = { authorization: `Bearer ${SIGNING_KEY}` };

let redis: RedisServer;
const startArgs = (...extra: string[]) => [
  "start",
  FIXTURE,
  "--redis",
  redis.url,
  "--port",
  "0",
  "--event-key",
  EVENT_KEY,
  "--signing-key",
  SIGNING_KEY,
  ...extra,
];

const statuses = async (url: string): Promise<string[]> => {
  const answer = await fetch(`${url}/v1/runs?function_id=schedule-reminder`, { headers: auth });
  return ((await answer.json()) as { data: { status: string }[] }).data.map((r) => r.status);
};

beforeAll(async () => {
  redis = await startRedisServer();
  // Two sleeping reminders, made by a process with workers that is gone before the page opens.
  const maker: QuellProcess = await startQuell(startArgs());
  try {
    const events = ["stop-1", "stop-2"].map((id) => ({
      name: "tasks/reminder.created",
      data: reminder(id),
    }));
    await fetch(`${maker.url}/e/${EVENT_KEY}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(events),
    });
    // Poll the API until both runs sleep (the wait is for a state, not for a time).
    while ((await statuses(maker.url)).filter((s) => s === "Sleeping").length < 2)
      await new Promise((resolve) => setTimeout(resolve, 20));
  } finally {
    await maker.stop();
  }
}, 60_000);
afterAll(async () => {
  await redis?.stop();
});

const dashboard = dashboardPerTest(() => startArgs("--no-workers"));

describe("the Bulk cancel page's Stop", () => {
  it("stops a running sweep: the progress stops and the state shows stopped", async () => {
    const page = await dashboard.browser.open(`${dashboard.url}/#/bulk-cancel`);
    await page.getByLabel("Signing key").fill(SIGNING_KEY);
    await page.getByRole("button", { name: "Open the dashboard" }).click();
    await page.getByLabel("Function").selectOption("reminders-app-schedule-reminder");
    await page.getByRole("button", { name: "Preview (dry run)" }).click();
    await page.getByText("2 runs match").waitFor();

    await page.getByRole("button", { name: "Cancel 2 runs" }).click();
    await page.getByRole("button", { name: "Yes, cancel them" }).click();
    await page.getByText("Cancelling: 0 of 2 cancelled").waitFor();
    await page.getByRole("button", { name: "Stop" }).click();
    await page.getByText("Stopped: 0 of 2 cancelled").waitFor();
    expect(await page.getByRole("button", { name: "Stop" }).count()).toBe(0);
    expect(await page.locator("progress").getAttribute("value")).toBe("0");
    await page.screenshot({ path: `${SCREENSHOTS}bulk-cancel-stopped.png`, fullPage: true });

    const records = await fetch(`${dashboard.url}/v1/cancellations`, { headers: auth });
    const [record] = ((await records.json()) as { data: { status: string; dry_run: boolean }[] })
      .data;
    expect(record).toMatchObject({ status: "stopped", dry_run: false });
    expect(await statuses(dashboard.url)).toEqual(["Sleeping", "Sleeping"]);
  });
});
