// SPEC §4.4, continued: rejected user events named inngest/*, and function.cancelled for runs
// cancelled while queued, by a bulk cancellation, and by pausing with cancelRunning.
import { Quell, QuellEventError } from "@quell/core";
import { describe, expect, it } from "vitest";
import { drivers } from "../support/drivers";
import { runOf, thrown, useDrivers } from "../support/fixtures";
import { forRun, watchers } from "../support/system-watchers";

const _CANCELLED_ERROR = {
  error: "function cancelled",
  message: "function cancelled",
  name: "Error",
};

describe.each(drivers)("$name", ({ create }) => {
  const start = useDrivers(create);

  it("§4.4 user events named inngest/* are rejected and trigger nothing", async () => {
    const quell = new Quell({ id: "app" });
    const w = watchers(quell);
    const d = await start(w.functions);
    for (const name of [
      "inngest/function.cancelled",
      "inngest/function.finished",
      "inngest/anything",
    ]) {
      const error = await thrown(d.send({ name, data: { function_id: "x", run_id: "y" } }));
      expect(error).toBeInstanceOf(QuellEventError);
    }
    expect(await d.runs()).toEqual([]);
    expect([...w.cancelled, ...w.finished, ...w.failed]).toEqual([]);
  });
  it("§4.4 a run cancelled while queued (never started) emits function.cancelled and function.finished once", async () => {
    const quell = new Quell({ id: "app" });
    const w = watchers(quell);
    const fn = quell.createFunction(
      { id: "job", cancelOn: [{ event: "job/stop", match: "data.jobId" }] },
      { event: "job/started" },
      async () => "never",
    );
    const d = await start([fn, ...w.functions]);
    const { ids } = await d.send([
      { name: "job/started", data: { jobId: "a" } },
      { name: "job/stop", data: { jobId: "a" } },
    ]);
    const run = await runOf(d, ids[0]);
    expect(run.started_at).toBeNull();
    expect(forRun(w.cancelled, run.id)).toHaveLength(1);
    expect(forRun(w.cancelled, run.id)[0]?.data.cancellation).toEqual({
      source: "event",
      at: new Date(d.now()).toISOString(),
      event_id: ids[1],
    });
    expect(forRun(w.finished, run.id).map((e) => e.data._inngest.status)).toEqual(["Cancelled"]);
    expect(w.failed).toEqual([]);
  });
  it("§4.4 function.cancelled (source bulk): the cancellation carries the bulk cancellation's id", async () => {
    const quell = new Quell({ id: "app" });
    const w = watchers(quell);
    const fn = quell.createFunction({ id: "job" }, { event: "job/started" }, async ({ step }) => {
      await step.sleep("long", "1d");
    });
    const d = await start([fn, ...w.functions]);
    const { ids } = await d.send({ name: "job/started", data: {} });
    const run = await runOf(d, ids[0]);
    await d.advance("1h");
    const bulk = await d.createCancellation({
      appId: "app",
      functionId: "job",
      startedBefore: new Date(d.now()).toISOString(),
    });
    await d.settle();
    const events = forRun(w.cancelled, run.id);
    expect(events).toHaveLength(1);
    expect(events[0]?.data.cancellation).toEqual({
      source: "bulk",
      at: new Date(d.now()).toISOString(),
      cancellation_id: bulk.id,
    });
    expect(events[0]?.data.run_id).toBe(run.id);
  });

  it("§4.4 function.cancelled (source pause): pausing with cancelRunning emits it once per cancelled run", async () => {
    const quell = new Quell({ id: "app" });
    const w = watchers(quell);
    const fn = quell.createFunction({ id: "job" }, { event: "job/started" }, async ({ step }) => {
      await step.sleep("long", "1d");
    });
    const d = await start([fn, ...w.functions]);
    const { ids } = await d.send([
      { name: "job/started", data: { n: 1 } },
      { name: "job/started", data: { n: 2 } },
    ]);
    const runIds = await Promise.all(ids.map(async (id) => (await runOf(d, id)).id));
    await d.pauseFunction("app-job", { cancelRunning: true });
    await d.settle();
    for (const runId of runIds) {
      const events = forRun(w.cancelled, runId);
      expect(events).toHaveLength(1);
      expect(events[0]?.data.cancellation).toMatchObject({
        source: "pause",
        at: new Date(d.now()).toISOString(),
      });
    }
  });
});
