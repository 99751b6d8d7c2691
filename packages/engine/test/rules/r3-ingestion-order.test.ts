// SPEC R3: only events ingested after the run was created can cancel it (a total order of
// ingestion, not timestamps); a run's own triggering event never cancels it.
import { Quell } from "@quell/core";
import { describe, expect, it } from "vitest";
import { drivers } from "../support/drivers";
import { runOf, useDrivers } from "../support/fixtures";

describe.each(drivers)("$name", ({ create }) => {
  const start = useDrivers(create);

  const sleeper = () => {
    const quell = new Quell({ id: "app" });
    return quell.createFunction(
      { id: "job", cancelOn: [{ event: "job/stop", match: "data.jobId" }] },
      { event: "job/started" },
      async ({ step }) => {
        await step.sleep("nap", "1d");
        return "finished";
      },
    );
  };

  it("R3: a matching event sent before the run was created does not cancel it", async () => {
    const d = await start([sleeper()]);
    await d.send({ name: "job/stop", data: { jobId: "a" } });
    const { ids } = await d.send({ name: "job/started", data: { jobId: "a" } });
    expect((await runOf(d, ids[0])).status).toBe("Sleeping");
    await d.advance("1d");
    const run = await runOf(d, ids[0]);
    expect(run.status).toBe("Completed");
    expect(run.cancellation).toBeNull();
  });

  it("R3: within one batch (same instant), order of ingestion decides: cancel before trigger does not cancel", async () => {
    const d = await start([sleeper()]);
    const { ids } = await d.send([
      { name: "job/stop", data: { jobId: "a" } },
      { name: "job/started", data: { jobId: "a" } },
    ]);
    expect((await runOf(d, ids[1])).status).toBe("Sleeping");
  });

  it("R3: within one batch (same instant), a cancel after the trigger cancels", async () => {
    const d = await start([sleeper()]);
    const { ids } = await d.send([
      { name: "job/started", data: { jobId: "a" } },
      { name: "job/stop", data: { jobId: "a" } },
    ]);
    const run = await runOf(d, ids[0]);
    expect(run.status).toBe("Cancelled");
    expect(run.cancellation?.event_id).toBe(ids[1]);
  });

  it("R3: the user's `ts` does not reorder ingestion (old ts after creation cancels, future ts before does not)", async () => {
    const d = await start([sleeper()]);
    const early = d.now() - 86_400_000;
    const late = d.now() + 86_400_000;
    await d.send({ name: "job/stop", data: { jobId: "b" }, ts: late });
    const a = await d.send({ name: "job/started", data: { jobId: "a" } });
    const b = await d.send({ name: "job/started", data: { jobId: "b" } });
    await d.send({ name: "job/stop", data: { jobId: "a" }, ts: early });
    expect((await runOf(d, a.ids[0])).status).toBe("Cancelled");
    expect((await runOf(d, b.ids[0])).status).toBe("Sleeping");
  });

  it("R3: a run's own triggering event never cancels it, even when it matches its cancelOn", async () => {
    const quell = new Quell({ id: "app" });
    // Each new "sync" for an account supersedes (cancels) the previous one for that account.
    const fn = quell.createFunction(
      { id: "sync", cancelOn: [{ event: "account/sync", match: "data.accountId" }] },
      { event: "account/sync" },
      async ({ step }) => {
        await step.sleep("nap", "1h");
        return "synced";
      },
    );
    const d = await start([fn]);
    const first = await d.send({ name: "account/sync", data: { accountId: "acc" } });
    expect((await runOf(d, first.ids[0])).status).toBe("Sleeping");
    const second = await d.send({ name: "account/sync", data: { accountId: "acc" } });
    const firstRun = await runOf(d, first.ids[0]);
    expect(firstRun.status).toBe("Cancelled");
    expect(firstRun.cancellation?.event_id).toBe(second.ids[0]);
    expect((await runOf(d, second.ids[0])).status).toBe("Sleeping");
    await d.advance("1h");
    expect((await runOf(d, second.ids[0])).status).toBe("Completed");
  });

  it("R3: a catch-all cancelOn on the trigger's own event name does not cancel the run it creates", async () => {
    const quell = new Quell({ id: "app" });
    const fn = quell.createFunction(
      { id: "latest", cancelOn: [{ event: "tick" }] },
      { event: "tick" },
      async ({ step }) => {
        await step.sleep("nap", "1h");
        return "done";
      },
    );
    const d = await start([fn]);
    const a = await d.send({ name: "tick" });
    const b = await d.send({ name: "tick" });
    expect((await runOf(d, a.ids[0])).status).toBe("Cancelled");
    expect((await runOf(d, b.ids[0])).status).toBe("Sleeping");
  });
});
