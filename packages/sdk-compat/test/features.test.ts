// The rest of what apps of the official SDK do, on inngest v3 and v4 against a real `quell dev`:
// cancellation of a step in flight, by REST and in bulk; waitForEvent; sendEvent; retries,
// NonRetriableError and Retry-After; an app that restarts while its run sleeps.
import type { BulkCancellationView, RunView } from "@quell/core";
import { describe, expect, it } from "vitest";
import { startApp } from "../src/apps";
import { eventually } from "../src/client";
import { SDKS, timelineTypes, useDev } from "./support";

describe.each(SDKS)("inngest %s: features on quell dev", (sdk) => {
  const dev = useDev("features.mjs", { SDK: sdk });

  const runOf = (eventId: string, done: (run: RunView) => boolean, what: string) =>
    eventually(what, async () => {
      const [run] = await dev().api.runsForEvent(eventId);
      return run !== undefined && done(run) ? run : undefined;
    });
  const ended = (eventId: string) =>
    runOf(eventId, (run) => run.ended_at !== null, `run of ${eventId} ended`);

  it("cancelled by REST while a step is in flight: the step finishes, nothing after it, cleanup after it settled", async () => {
    const api = dev().api;
    const [id = ""] = await api.send({ name: "features/slow", data: { ms: 1500 } });
    const running = await runOf(
      id,
      (r) => timelineTypes(r).includes("step.started"),
      "step in flight",
    );
    const cancelled = await api.request("DELETE", `/v1/runs/${running.id}`, { reason: "test" });
    expect(cancelled.status).toBe(200);
    expect((cancelled.body as { data: RunView }).data).toMatchObject({
      status: "Cancelled",
      ended_at: null,
    });
    const run = await ended(id);
    expect(run.status).toBe("Cancelled");
    expect(run.steps).toEqual([
      expect.objectContaining({ id: "first", output: "first done", settled_after_cancel: true }),
    ]);
    const settledAt = run.timeline.find((e) => e.type === "step.settled_after_cancel")?.at ?? "";
    const cleanup = await eventually("cleanup", async () =>
      (await api.runsOf("features-slow-cleanup")).find(
        (r) => r.status === "Completed" && (r.output as { cleaned?: string }).cleaned === run.id,
      ),
    );
    expect(cleanup.created_at >= settledAt).toBe(true);
  });

  it("cancelled in bulk by app_id and the bare function id", async () => {
    const api = dev().api;
    const ids = await api.send([
      { name: "features/sleep", data: { sleep: "10m" } },
      { name: "features/sleep", data: { sleep: "10m" } },
    ]);
    for (const id of ids) await runOf(id, (r) => r.status === "Sleeping", "sleeping");
    const bulk = await api.request("POST", "/v1/cancellations", {
      app_id: "features",
      function_id: "sleeper",
      started_before: new Date().toISOString(),
    });
    expect((bulk.body as { data: BulkCancellationView }).data.function_id).toBe("features-sleeper");
    for (const id of ids) {
      const run = await ended(id);
      expect(run.cancellation).toMatchObject({ source: "bulk" });
      expect(run.steps.map((s) => s.id)).toEqual([]);
    }
  });

  it("waitForEvent: resolved by the matching event, or null when it times out", async () => {
    const api = dev().api;
    const [matched = "", timedOut = ""] = await api.send([
      { name: "features/wait", data: { id: `m-${sdk}`, timeout: "1m" } },
      { name: "features/wait", data: { id: `t-${sdk}`, timeout: "1s" } },
    ]);
    await runOf(matched, (r) => r.status === "Waiting", "waiting");
    await api.send({ name: "features/confirmed", data: { id: "someone else" } });
    await api.send({ name: "features/confirmed", data: { id: `m-${sdk}`, ok: true } });
    expect((await ended(matched)).output).toEqual({ got: { id: `m-${sdk}`, ok: true } });
    const late = await ended(timedOut);
    expect(late.output).toEqual({ got: null });
    expect(timelineTypes(late)).toContain("wait.timed_out");
  });

  it("sendEvent: the SDK posts the event to /e/:key and it starts its function", async () => {
    const api = dev().api;
    const [id = ""] = await api.send({ name: "features/send", data: { id: `s-${sdk}` } });
    const sender = await ended(id);
    expect(sender.status).toBe("Completed");
    const sent = (sender.output as { ids: string[] }).ids[0] ?? "";
    const notified = await ended(sent);
    expect(notified.output).toEqual({ notified: `s-${sdk}` });
  });

  it("parallel steps (Promise.all) start together, and both are memoised", async () => {
    const [id = ""] = await dev().api.send({ name: "features/parallel", data: {} });
    const run = await ended(id);
    expect(run).toMatchObject({ status: "Completed", output: ["L", "R"] });
    expect(run.steps.map((step) => step.id).sort()).toEqual(["left", "right"]);
    // Both starts commit in one write, before either result.
    const types = run.timeline.map((e) => `${e.type}:${e.step ?? ""}`);
    const firstResult = types.findIndex((t) => t.startsWith("step.completed"));
    expect(types.slice(0, firstResult)).toEqual(
      expect.arrayContaining(["step.started:left", "step.started:right"]),
    );
  });

  it("cancelled while parallel steps run: both finish and are kept, nothing after them", async () => {
    const api = dev().api;
    const [id = ""] = await api.send({ name: "features/parallel-slow", data: { ms: 1500 } });
    const running = await runOf(
      id,
      (r) => timelineTypes(r).filter((t) => t === "step.started").length === 2,
      "both steps in flight",
    );
    expect((await api.request("DELETE", `/v1/runs/${running.id}`, {})).status).toBe(200);
    const run = await ended(id);
    expect(run.status).toBe("Cancelled");
    expect(run.steps.map((s) => [s.id, s.settled_after_cancel]).sort()).toEqual([
      ["slow-left", true],
      ["slow-right", true],
    ]);
    const types = timelineTypes(run);
    // Ended only after both settled: the end is the last entry, after both settlements.
    expect(types.filter((t) => t === "step.settled_after_cancel")).toHaveLength(2);
    expect(types.at(-1)).toBe("cancelled");
  });

  it("step.invoke runs the invoked function and returns its output", async () => {
    const [id = ""] = await dev().api.send({ name: "features/invoke", data: {} });
    const run = await ended(id);
    expect(run).toMatchObject({ status: "Completed", output: { notified: "invoked" } });
    expect(run.steps.map((step) => step.kind)).toEqual(["invoke"]);
  });

  it("cancelling an invoking run cascades to the run it invoked (source parent)", async () => {
    const api = dev().api;
    const [id = ""] = await api.send({ name: "features/invoke-long", data: {} });
    const parent = await runOf(id, (r) => r.status === "Waiting", "the invoker waiting");
    const child = await eventually("the invoked run sleeping", async () =>
      (await api.runsOf("features-sleeper")).find(
        (r) => r.parent?.run_id === parent.id && r.status === "Sleeping",
      ),
    );
    expect((await api.request("DELETE", `/v1/runs/${parent.id}`, {})).status).toBe(200);
    const cancelled = await ended(child.event_id);
    expect(cancelled.status).toBe("Cancelled");
    expect(cancelled.cancellation).toMatchObject({ source: "parent", caused_by_run_id: parent.id });
  });

  it("singleton cancel: a newer event for the key cancels the run in progress", async () => {
    const api = dev().api;
    const key = `k-${sdk}-${Date.now()}`;
    const [first = ""] = await api.send({ name: "features/single", data: { key } });
    const older = await runOf(first, (r) => r.status === "Sleeping", "the first sleeping");
    const [second = ""] = await api.send({ name: "features/single", data: { key } });
    const newer = await runOf(second, (r) => r.status === "Sleeping", "the second sleeping");
    const cancelled = await ended(first);
    expect(cancelled.cancellation).toMatchObject({
      source: "singleton",
      caused_by_run_id: newer.id,
    });
    expect(cancelled.id).toBe(older.id);
  });

  it("onFailure: the SDK's failure function runs on inngest/function.failed, with the error", async () => {
    const api = dev().api;
    const id = `d-${sdk}-${Date.now()}`;
    const [event = ""] = await api.send({ name: "features/doomed", data: { id } });
    const failed = await ended(event);
    expect(failed.status).toBe("Failed");
    const handled = await eventually("the failure handler", async () =>
      (await api.runsOf("features-doomed-failure")).find(
        (r) => r.status === "Completed" && (r.output as { original?: string }).original === id,
      ),
    );
    expect(handled.output).toEqual({ message: "doomed boom", original: id });
  });

  it(
    "a cron trigger fires on its schedule: inngest/scheduled.timer starts the function",
    { timeout: 90_000 },
    async () => {
      const api = dev().api;
      const run = await eventually(
        "a tick of the every-minute cron",
        async () => (await api.runsOf("features-ticker")).find((r) => r.status === "Completed"),
        80_000,
      );
      expect(run.event.name).toBe("inngest/scheduled.timer");
      expect(run.output).toEqual({ name: "inngest/scheduled.timer" });
    },
  );

  it("timeouts.finish cancels a run that outlives it (source timeout)", async () => {
    const [id = ""] = await dev().api.send({ name: "features/bounded", data: {} });
    const run = await ended(id);
    expect(run.status).toBe("Cancelled");
    expect(run.cancellation).toMatchObject({ source: "timeout" });
  });

  it("a user's own PUT <serve URL> syncs the app, and a refused sync comes back naming function and option", async () => {
    const setup = dev();
    const put = await fetch(setup.app.urls[0] ?? "", { method: "PUT" });
    expect(put.status).toBe(200);
    expect(await put.json()).toEqual({ message: "Successfully registered", modified: false });
    const refused = await startApp("refused.mjs", { INNGEST_DEV: setup.quell.url });
    try {
      const answer = await fetch(refused.urls[0] ?? "", { method: "PUT" });
      expect(answer.status).toBe(400);
      expect(((await answer.json()) as { message: string }).message).toBe(
        'body.functions: function "refused-app-nightly": concurrency is not supported by Quell yet',
      );
      const app = (await setup.api.apps()).find((a) => a.id === "refused-app");
      expect(app).toMatchObject({ functions: [], error: expect.stringContaining("concurrency") });
    } finally {
      await refused.stop();
    }
  });

  it("x-inngest-event-id-seed: the SDK's retries of one send are ingested once", async () => {
    const api = dev().api;
    const seed = { "x-inngest-event-id-seed": `${Date.now()},${sdk}Retried==` };
    const event = [{ name: "features/notified", data: { id: `seed-${sdk}` } }];
    const first = await api.send(event, seed);
    expect(await api.send(event, seed)).toEqual(first);
    expect(await api.send(event)).not.toEqual(first);
  });

  it("retries a failing step as configured, and stops at once on NonRetriableError", async () => {
    const api = dev().api;
    const [flaky = "", fatal = ""] = await api.send([
      { name: "features/flaky", data: { failures: 2 } },
      { name: "features/fatal", data: {} },
    ]);
    const recovered = await ended(flaky);
    expect(recovered.status).toBe("Completed");
    expect(recovered.output).toEqual({ attempt: 2 });
    expect(recovered.timeline.filter((e) => e.type === "step.failed")).toHaveLength(2);
    const failed = await ended(fatal);
    expect(failed.status).toBe("Failed");
    expect(failed.steps[0]).toMatchObject({ status: "failed", error: { message: "fatal boom" } });
    expect(timelineTypes(failed)).not.toContain("retrying");
  });

  it("RetryAfterError: the retry waits for the time the SDK asked (v4 sends Retry-After)", async () => {
    const [id = ""] = await dev().api.send({ name: "features/later", data: {} });
    const run = await ended(id);
    expect(run.output).toEqual({ attempt: 1 });
    const failedAt = Date.parse(run.timeline.find((e) => e.type === "step.failed")?.at ?? "");
    const retriedAt = Date.parse(run.timeline.find((e) => e.type === "retrying")?.at ?? "");
    // The default first backoff is 1 s after the failure; v4 asks for 3 s after its answer,
    // which the failure's commit follows by a little (v3 sends no Retry-After).
    if (sdk === "v4") expect(retriedAt - failedAt).toBeGreaterThan(2000);
    else expect(retriedAt).toBeGreaterThan(failedAt);
  });

  it("an app down when its run wakes: the call fails, is retried; once it is back it is synced again and the run completes", async () => {
    const setup = dev();
    const [id = ""] = await setup.api.send({ name: "features/restart", data: {} });
    await runOf(id, (r) => r.status === "Sleeping", "sleeping");
    await setup.stopApp();
    await runOf(id, (r) => timelineTypes(r).includes("run.errored"), "a failed call");
    const url = setup.app.urls[0] ?? "";
    await eventually("the app seen down", async () =>
      setup.quell.output().includes(`app ${url}: unreachable`) ? true : undefined,
    );
    await setup.startAgain();
    // Synced again once it is back (the sync loop's next PUT), and the run goes on.
    await eventually("synced again", async () =>
      setup.quell.output().split(`app ${url}: unreachable`).at(-1)?.includes(`app ${url}: synced`)
        ? true
        : undefined,
    );
    const run = await ended(id);
    expect(run.status).toBe("Completed");
    expect(run.timeline.find((e) => e.type === "run.errored")?.detail).toContain(
      "cannot reach the app",
    );
  });
});
