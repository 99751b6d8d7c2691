// SPEC R8: a cancelled run never starts a step, never retries, never wakes, never replays itself
// and never reaches another terminal state. Terminal states are absorbing (§3, §7.1).
import { Quell, RunConflictError } from "@quell/core";
import { describe, expect, it } from "vitest";
import { drivers } from "../support/drivers";
import { gate, recorder, runOf, thrown, useDrivers } from "../support/fixtures";

describe.each(drivers)("$name", ({ create }) => {
  const start = useDrivers(create);
  const cancelOn = [{ event: "job/stop", match: "data.jobId" }];

  it("R8: after cancellation nothing moves the run — later events, timers, waits and cancels leave it as it was", async () => {
    let executions = 0;
    const quell = new Quell({ id: "app" });
    const fn = quell.createFunction(
      { id: "job", cancelOn },
      { event: "job/started" },
      async ({ step }) => {
        executions += 1;
        await step.sleep("nap", "1h");
        await step.waitForEvent("approval", {
          event: "job/approved",
          match: "data.jobId",
          timeout: "1d",
        });
        await step.run("finish", () => "done");
        return "completed";
      },
    );
    const d = await start([fn]);
    const { ids } = await d.send({ name: "job/started", data: { jobId: "a" } });
    await d.send({ name: "job/stop", data: { jobId: "a" } });
    const cancelled = await runOf(d, ids[0]);
    expect(cancelled.status).toBe("Cancelled");
    const executionsAtCancel = executions;

    await d.advance("2h"); // the sleep would have ended
    await d.send({ name: "job/approved", data: { jobId: "a" } }); // the wait would have matched
    await d.send({ name: "job/stop", data: { jobId: "a" } }); // another cancel event
    await d.cancelRun(cancelled.id, { reason: "again" }); // another cancel by API
    await d.advance("1w");
    expect(await runOf(d, ids[0])).toEqual(cancelled);
    expect(executions).toBe(executionsAtCancel);
  });

  it("R8: a run cancelled while a step is in flight never re-executes its handler after that step settles", async () => {
    const g = gate();
    let handlerEntries = 0;
    const fn = new Quell({ id: "app" }).createFunction(
      { id: "job", cancelOn },
      { event: "job/started" },
      async ({ step }) => {
        handlerEntries += 1;
        await step.run("one", () => g.pass());
        await step.run("two", () => "never");
        return "completed";
      },
    );
    const d = await start([fn]);
    const sending = d.send({ name: "job/started", data: { jobId: "a" } });
    await g.entered;
    const entriesInFlight = handlerEntries; // the execution that runs "one"
    await d.send({ name: "job/stop", data: { jobId: "a" } }, { settle: false });
    g.open();
    await sending;
    await d.settle();
    await d.advance("1d");
    expect(handlerEntries).toBe(entriesInFlight);
    const [run] = await d.runsFor("app-job");
    expect(run?.status).toBe("Cancelled");
    expect(run?.steps.map((s) => s.id)).toEqual(["one"]);
  });

  it("R8: a run cancelled in flight whose handler would then complete or fail still ends Cancelled", async () => {
    const gOk = gate();
    const gFail = gate();
    const finished = recorder();
    const quell = new Quell({ id: "app" });
    const ok = quell.createFunction(
      { id: "ok", cancelOn, retries: 0 },
      { event: "job/started" },
      async ({ step }) => {
        return await step.run("last", async () => {
          await gOk.pass();
          return "output";
        });
      },
    );
    const failing = quell.createFunction(
      { id: "failing", cancelOn, retries: 0 },
      { event: "job/started" },
      async ({ step }) => {
        await step.run("last", async () => {
          await gFail.pass();
          throw new Error("would fail the run");
        });
      },
    );
    const watcher = quell.createFunction(
      { id: "watch" },
      { event: "inngest/function.finished" },
      async ({ event }) => {
        finished.record(event);
      },
    );
    const d = await start([ok, failing, watcher]);
    const sending = d.send({ name: "job/started", data: { jobId: "a" } });
    await Promise.all([gOk.entered, gFail.entered]);
    await d.send({ name: "job/stop", data: { jobId: "a" } }, { settle: false });
    gOk.open();
    gFail.open();
    await sending;
    await d.settle();
    for (const slug of ["app-ok", "app-failing"]) {
      const [run] = await d.runsFor(slug);
      expect(run?.status).toBe("Cancelled");
      expect(run?.output).toBeNull();
      expect(run?.error).toBeNull();
      expect(
        run?.timeline
          .filter((e) => ["completed", "failed", "cancelled"].includes(e.type))
          .map((e) => e.type),
      ).toEqual(["cancelled"]);
    }
    expect(finished.events.map((e) => [e.data.function_id, e.data._inngest.status]).sort()).toEqual(
      [
        ["app-failing", "Cancelled"],
        ["app-ok", "Cancelled"],
      ],
    );
  });

  it("R8: completed and failed runs are final too: cancel is refused and changes nothing", async () => {
    const quell = new Quell({ id: "app" });
    const ok = quell.createFunction(
      { id: "ok", cancelOn },
      { event: "job/started" },
      async () => "fine",
    );
    const bad = quell.createFunction(
      { id: "bad", cancelOn, retries: 0 },
      { event: "job/started" },
      async () => {
        throw new Error("broken");
      },
    );
    const d = await start([ok, bad]);
    const { ids } = await d.send({ name: "job/started", data: { jobId: "a" } });
    const before = await d.runsForEvent(ids[0] as string);
    expect(before.map((r) => r.status).sort()).toEqual(["Completed", "Failed"]);
    await d.send({ name: "job/stop", data: { jobId: "a" } });
    for (const run of before) {
      expect(await thrown(d.cancelRun(run.id))).toBeInstanceOf(RunConflictError);
      expect(await d.getRun(run.id)).toEqual(run);
    }
  });
  it("R8: a cancelled run never replays itself; only replayRun makes a new run, and the original stays cancelled", async () => {
    const handled: string[] = [];
    const fn = new Quell({ id: "app" }).createFunction(
      { id: "job", cancelOn },
      { event: "job/started" },
      async ({ event, runId, step }) => {
        handled.push(runId);
        await step.sleep("nap", "1h");
        return event.data.jobId;
      },
    );
    const d = await start([fn]);
    const { ids } = await d.send({ name: "job/started", data: { jobId: "a" } });
    await d.send({ name: "job/stop", data: { jobId: "a" } });
    const original = await runOf(d, ids[0]);
    await d.advance("1d");
    expect(await d.runsFor("app-job")).toHaveLength(1); // nothing replayed by itself
    expect(new Set(handled)).toEqual(new Set([original.id]));

    const replay = await d.replayRun(original.id);
    expect(replay.id).not.toBe(original.id);
    expect(replay.original_run_id).toBe(original.id);
    expect(replay.event).toEqual(original.event);
    await d.advance("1h");
    expect((await d.getRun(replay.id)).status).toBe("Completed");
    expect((await d.getRun(replay.id)).output).toBe("a");
    expect(await d.getRun(original.id)).toEqual(original);
  });
});
