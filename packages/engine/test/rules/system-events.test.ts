// SPEC §4.4: system events. `inngest/function.cancelled` exactly once per cancelled run, after it
// settled, with the seeds' payload plus a cancellation record; `inngest/function.finished` for every
// terminal run; `inngest/function.failed` for failed runs only; functions can trigger on them.
import { type HandlerEvent, Quell } from "@quell/core";
import { importCancelled, importRequested, newsletterApp } from "@quell/core/examples";
import { describe, expect, it } from "vitest";
import { drivers } from "../support/drivers";
import { gate, runOf, useDrivers } from "../support/fixtures";
import { forRun, watchers } from "../support/system-watchers";

const CANCELLED_ERROR = {
  error: "function cancelled",
  message: "function cancelled",
  name: "Error",
};

describe.each(drivers)("$name", ({ create }) => {
  const start = useDrivers(create);

  it("§4.4 function.cancelled (source event): seeds' payload plus the cancellation record, exactly once", async () => {
    const w = watchers(new Quell({ id: "newsletter-app" }));
    const { importAllContacts } = newsletterApp({ pages: 2, pause: "1d" });
    const d = await start([importAllContacts, ...w.functions]);
    const trigger = await d.send(importRequested("imp-1"));
    await d.advance("1h");
    const stop = await d.send(importCancelled("imp-1"));
    await d.send(importCancelled("imp-1"));
    await d.advance("2d");
    const run = await runOf(d, trigger.ids[0]);
    const events = forRun(w.cancelled, run.id);
    expect(events).toHaveLength(1);
    const event = events[0] as HandlerEvent;
    expect(event.name).toBe("inngest/function.cancelled");
    expect(typeof event.id).toBe("string");
    expect(event.id.length).toBeGreaterThan(0);
    expect(event.ts).toBe(Date.parse(run.ended_at as string));
    expect(event.data).toEqual({
      error: CANCELLED_ERROR,
      event: run.event,
      events: [run.event],
      function_id: "newsletter-app-import-all-contacts",
      run_id: run.id,
      cancellation: {
        source: "event",
        at: "2024-01-01T01:00:00.000Z",
        event_id: stop.ids[0],
      },
    });
    expect(event.data.event).toMatchObject({
      name: "contacts/import.requested",
      data: { importId: "imp-1" },
      id: trigger.ids[0],
      user: {},
    });
  });

  it("§4.4 function.cancelled (source api): the cancellation carries source api and the reason", async () => {
    const quell = new Quell({ id: "app" });
    const w = watchers(quell);
    const fn = quell.createFunction({ id: "job" }, { event: "job/started" }, async ({ step }) => {
      await step.sleep("long", "1d");
    });
    const d = await start([fn, ...w.functions]);
    const { ids } = await d.send({ name: "job/started", data: { n: 1 } });
    const run = await runOf(d, ids[0]);
    await d.cancelRun(run.id, { reason: "customer asked" });
    await d.settle();
    const events = forRun(w.cancelled, run.id);
    expect(events).toHaveLength(1);
    expect(events[0]?.data.cancellation).toEqual({
      source: "api",
      at: new Date(d.now()).toISOString(),
      reason: "customer asked",
    });
    expect(events[0]?.data.function_id).toBe("app-job");
    expect(events[0]?.data.error).toEqual(CANCELLED_ERROR);
  });

  it("§4.4 function.cancelled is emitted only after the in-flight step settled (cleanup never races the last step)", async () => {
    const g = gate();
    const quell = new Quell({ id: "app" });
    let stepFinished = false;
    const cleanupSaw: boolean[] = [];
    const fn = quell.createFunction({ id: "job" }, { event: "job/started" }, async ({ step }) => {
      await step.run("last", async () => {
        await g.pass();
        stepFinished = true;
      });
    });
    const cleanup = quell.createFunction(
      { id: "cleanup" },
      { event: "inngest/function.cancelled", if: "event.data.function_id == 'app-job'" },
      async () => {
        cleanupSaw.push(stepFinished);
      },
    );
    const d = await start([fn, cleanup]);
    const sending = d.send({ name: "job/started", data: {} });
    await g.entered;
    const [run] = await d.runsFor("app-job");
    await d.cancelRun(run?.id as string);
    expect(await d.runsFor("app-cleanup")).toEqual([]);
    expect(cleanupSaw).toEqual([]);
    g.open();
    await sending;
    await d.settle();
    expect(cleanupSaw).toEqual([true]);
    expect(await d.runsFor("app-cleanup")).toHaveLength(1);
  });

  it("§4.4 function.finished for every terminal run with data._inngest.status; function.failed only for failed runs", async () => {
    const quell = new Quell({ id: "app" });
    const w = watchers(quell);
    const ok = quell.createFunction({ id: "ok" }, { event: "job/started" }, async () => ({
      answer: 42,
    }));
    const bad = quell.createFunction(
      { id: "bad", retries: 0 },
      { event: "job/started" },
      async () => {
        throw new Error("kaput");
      },
    );
    const stopped = quell.createFunction(
      { id: "stopped", cancelOn: [{ event: "job/stop" }] },
      { event: "job/started" },
      async ({ step }) => {
        await step.sleep("nap", "1d");
      },
    );
    const d = await start([ok, bad, stopped, ...w.functions]);
    const { ids } = await d.send({ name: "job/started", data: {} });
    await d.send({ name: "job/stop", data: {} });
    await d.advance("2d");
    const runs = await d.runsForEvent(ids[0] as string);
    const bySlug = new Map(runs.map((r) => [r.function_id, r]));
    const okRun = bySlug.get("app-ok");
    const badRun = bySlug.get("app-bad");
    const stoppedRun = bySlug.get("app-stopped");
    expect([okRun?.status, badRun?.status, stoppedRun?.status]).toEqual([
      "Completed",
      "Failed",
      "Cancelled",
    ]);

    const finishedOf = (id: string | undefined) => forRun(w.finished, id as string);
    expect(finishedOf(okRun?.id)).toHaveLength(1);
    expect(finishedOf(okRun?.id)[0]?.data).toMatchObject({
      _inngest: { status: "Completed" },
      function_id: "app-ok",
      run_id: okRun?.id,
      result: { answer: 42 },
    });
    expect(finishedOf(badRun?.id)).toHaveLength(1);
    expect(finishedOf(badRun?.id)[0]?.data).toMatchObject({
      _inngest: { status: "Failed" },
      function_id: "app-bad",
      error: { name: "Error", message: "kaput" },
    });
    expect(finishedOf(stoppedRun?.id)).toHaveLength(1);
    expect(finishedOf(stoppedRun?.id)[0]?.data).toMatchObject({
      _inngest: { status: "Cancelled" },
      function_id: "app-stopped",
    });

    expect(w.failed.map((e) => e.data.run_id)).toEqual([badRun?.id]);
    expect(w.failed[0]?.data).toMatchObject({
      function_id: "app-bad",
      error: { message: "kaput" },
    });
    expect(w.cancelled.map((e) => e.data.run_id)).toEqual([stoppedRun?.id]);
  });

  it("§4.4 function.failed is never emitted for a cancelled run, even when its in-flight step then fails", async () => {
    const g = gate();
    const quell = new Quell({ id: "app" });
    const w = watchers(quell);
    const fn = quell.createFunction(
      { id: "job", retries: 0 },
      { event: "job/started" },
      async ({ step }) => {
        await step.run("last", async () => {
          await g.pass();
          throw new Error("late failure");
        });
      },
    );
    const d = await start([fn, ...w.functions]);
    const sending = d.send({ name: "job/started", data: {} });
    await g.entered;
    const [run] = await d.runsFor("app-job");
    await d.cancelRun(run?.id as string);
    g.open();
    await sending;
    await d.settle();
    expect(w.failed).toEqual([]);
    expect(forRun(w.cancelled, run?.id as string)).toHaveLength(1);
    expect(forRun(w.finished, run?.id as string).map((e) => e.data._inngest.status)).toEqual([
      "Cancelled",
    ]);
  });

  it("§4.4 the seeds' cleanup example works verbatim (Inngest renamed Quell), filtered by function_id", async () => {
    const quell = new Quell({ id: "newsletter-app" });
    // This is our "import" function that will get cancelled
    const importAllContacts = quell.createFunction(
      {
        id: "import-all-contacts",
        cancelOn: [
          { event: "contacts/import.cancelled", if: "async.data.importId == event.data.importId" },
        ],
      },
      { event: "contacts/import.requested" },
      async ({ event, step }) => {
        // This is a long running function
        await step.sleep("long-running", "1d");
        return event.data.importId;
      },
    );
    // This function will be run only when the matching function_id has a run that is cancelled
    const cleanupCancelledImport = quell.createFunction(
      {
        name: "Cleanup cancelled import",
        id: "cleanup-cancelled-import",
      },
      {
        event: "inngest/function.cancelled",
        // The function ID is a hyphenated slug of the App ID w/ the functions" id
        if: "event.data.function_id == 'newsletter-app-import-all-contacts'",
      },
      async ({ event, step, logger }) => {
        // This code will execute after your function is cancelled

        // The event that triggered our original function run is passed nested in our event payload
        const originalTriggeringEvent = event.data.event;
        logger.info(`Import was cancelled: ${originalTriggeringEvent.data.importId}`);
        await step.run("noop", () => null);
      },
    );
    // Another cancellable function of the same app: its cancellations must not trigger the cleanup.
    const other = quell.createFunction(
      {
        id: "export-contacts",
        cancelOn: [{ event: "contacts/import.cancelled", match: "data.importId" }],
      },
      { event: "contacts/import.requested" },
      async ({ step }) => {
        await step.sleep("long-running", "1d");
      },
    );
    const d = await start([importAllContacts, cleanupCancelledImport, other]);
    const a = await d.send({ name: "contacts/import.requested", data: { importId: "bdce1b1b" } });
    const b = await d.send({ name: "contacts/import.requested", data: { importId: "keep-me" } });
    await d.send({ name: "contacts/import.cancelled", data: { importId: "bdce1b1b" } });
    await d.advance("2d");
    const cleanups = await d.runsFor("newsletter-app-cleanup-cancelled-import");
    expect(cleanups).toHaveLength(1);
    expect(cleanups[0]?.status).toBe("Completed");
    expect(cleanups[0]?.event.data.function_id).toBe("newsletter-app-import-all-contacts");
    const cancelledRun = (await d.runsForEvent(a.ids[0] as string)).find(
      (r) => r.function_id === "newsletter-app-import-all-contacts",
    );
    expect(cleanups[0]?.event.data.run_id).toBe(cancelledRun?.id);
    expect(d.logs.map((l) => l.message)).toContain("Import was cancelled: bdce1b1b");
    expect(d.logs.map((l) => l.message)).not.toContain("Import was cancelled: keep-me");
    const kept = await d.runsForEvent(b.ids[0] as string);
    expect(kept.map((r) => r.status)).toEqual(["Completed", "Completed"]);
  });

  it("§4.4 functions can filter system events with `if` on their fields (only failures of one function)", async () => {
    const quell = new Quell({ id: "app" });
    const alerts: string[] = [];
    const flaky = quell.createFunction(
      { id: "flaky", retries: 0 },
      { event: "job/started" },
      async ({ event }) => {
        if (event.data.fail === true) throw new Error("failed on purpose");
        return "ok";
      },
    );
    const alert = quell.createFunction(
      { id: "alert" },
      {
        event: "inngest/function.finished",
        if: "event.data.function_id == 'app-flaky' && event.data._inngest.status == 'Failed'",
      },
      async ({ event }) => {
        alerts.push(event.data.run_id);
      },
    );
    const d = await start([flaky, alert]);
    await d.send({ name: "job/started", data: { fail: false } });
    const failing = await d.send({ name: "job/started", data: { fail: true } });
    const failedRun = await runOf(d, failing.ids[0]);
    expect(alerts).toEqual([failedRun.id]);
  });

  it("§4.4 a completed run never emits function.cancelled or function.failed", async () => {
    const quell = new Quell({ id: "app" });
    const w = watchers(quell);
    const fn = quell.createFunction({ id: "job" }, { event: "job/started" }, async ({ step }) => {
      await step.run("a", () => 1);
      return "done";
    });
    const d = await start([fn, ...w.functions]);
    const { ids } = await d.send({ name: "job/started", data: {} });
    const run = await runOf(d, ids[0]);
    expect(run.status).toBe("Completed");
    expect(w.cancelled).toEqual([]);
    expect(w.failed).toEqual([]);
    expect(forRun(w.finished, run.id)).toHaveLength(1);
  });
});
