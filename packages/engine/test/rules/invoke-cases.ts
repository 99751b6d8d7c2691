// `step.invoke` and the cascade (SPEC §2, §4.1 source `parent`, §7.9), written once and run on
// the simulation and the engine with the memory store (invoke.test.ts) and with Redis
// (packages/redis/test/invoke.test.ts).
import {
  InvokeCancelledError,
  isNonRetriable,
  isQuellError,
  NonRetriableError,
  Quell,
  type QuellFunction,
} from "@quell/core";
import { expect, it } from "vitest";
import type { Driver, DriverOptions } from "../support/drivers";
import { gate, runOf, single, stepById, useDrivers } from "../support/fixtures";
import { forRun, watchers } from "../support/system-watchers";

type Create = (functions: readonly QuellFunction[], options?: DriverOptions) => Promise<Driver>;

/** The error a handler caught, as plain data it can return. */
const caught = (error: unknown) => ({
  name: error instanceof Error ? error.name : "?",
  message: error instanceof Error ? error.message : String(error),
  nonRetriable: isNonRetriable(error),
  stepFailed: isQuellError(error, "StepFailedError"),
  failure: isQuellError(error, "StepFailedError") ? error.failure.message : null,
  cancellation: error instanceof InvokeCancelledError ? error.cancellation : null,
});

const only = async (d: Driver, slug: string) => single(await d.runsFor(slug), slug);

export const invokeCases = (create: Create): void => {
  const start = useDrivers(create);

  it("invoke: returns the child's output; the child sees inngest/function.invoked with the data", async () => {
    const quell = new Quell({ id: "app" });
    const child = quell.createFunction(
      { id: "child" },
      { event: "app/child" },
      async ({ event }) => ({
        doubled: Number(event.data.n) * 2,
        name: event.name,
      }),
    );
    const parent = quell.createFunction({ id: "parent" }, { event: "app/go" }, async ({ step }) => {
      const out = await step.invoke<{ doubled: number }>("call", {
        function: child,
        data: { n: 21 },
      });
      return { got: out.doubled };
    });
    const d = await start([parent, child]);
    const { ids } = await d.send({ name: "app/go", data: {} });
    const p = await runOf(d, ids[0]);
    const c = await only(d, "app-child");
    expect(await d.getRun(p.id)).toMatchObject({ status: "Completed", output: { got: 42 } });
    expect(stepById(await d.getRun(p.id), "call")).toMatchObject({
      kind: "invoke",
      status: "completed",
      output: { doubled: 42, name: "inngest/function.invoked" },
    });
    expect(c).toMatchObject({
      status: "Completed",
      parent: { run_id: p.id, cascade: "cancel" },
      event: { name: "inngest/function.invoked", data: { n: 21 } },
    });
    expect(c.event.data._inngest).toMatchObject({
      fn_id: "app-child",
      source_run_id: p.id,
      source_fn_id: "app-parent",
      correlation_id: `${p.id}.${c.parent?.step_hash}`,
      cascade: "cancel",
    });
  });

  it("invoke: a function passed by slug; a slug nobody registered fails the step with function not found", async () => {
    const quell = new Quell({ id: "app" });
    const child = quell.createFunction({ id: "child" }, { event: "app/child" }, async () => "hi");
    const parent = quell.createFunction({ id: "parent" }, { event: "app/go" }, async ({ step }) => {
      const hi = await step.invoke("by-slug", { function: "app-child" });
      try {
        await step.invoke("missing", { function: "app-nobody" });
        return "unreachable";
      } catch (error) {
        return { hi, error: caught(error) };
      }
    });
    const d = await start([parent, child]);
    const { ids } = await d.send({ name: "app/go", data: {} });
    const p = await d.getRun((await runOf(d, ids[0])).id);
    expect(p.status).toBe("Completed");
    expect(p.output).toMatchObject({
      hi: "hi",
      error: { stepFailed: true, failure: 'function "app-nobody" not found' },
    });
    expect(stepById(p, "missing")).toMatchObject({ kind: "invoke", status: "failed" });
  });

  it("invoke: the child's failure throws a StepFailedError carrying the child's error", async () => {
    const quell = new Quell({ id: "app" });
    const child = quell.createFunction({ id: "child", retries: 0 }, { event: "app/child" }, () => {
      throw new NonRetriableError("card declined");
    });
    const parent = quell.createFunction({ id: "parent" }, { event: "app/go" }, async ({ step }) => {
      try {
        await step.invoke("charge", { function: child });
        return "unreachable";
      } catch (error) {
        return caught(error);
      }
    });
    const uncaught = quell.createFunction({ id: "uncaught" }, { event: "app/go" }, ({ step }) =>
      step.invoke("charge", { function: child }),
    );
    const d = await start([parent, uncaught, child]);
    await d.send({ name: "app/go", data: {} });
    expect(await only(d, "app-parent")).toMatchObject({
      status: "Completed",
      output: { name: "StepFailedError", stepFailed: true, failure: "card declined" },
    });
    // Not caught: the run fails at once, without retries (like any step that failed for good).
    const failed = await only(d, "app-uncaught");
    expect(failed).toMatchObject({ status: "Failed", error: { name: "StepFailedError" } });
    expect(failed.timeline.map((e) => e.type)).not.toContain("run.errored");
  });

  it("invoke: a child cancelled through the API throws the non-retriable error with its cancellation record", async () => {
    const quell = new Quell({ id: "app" });
    const child = quell.createFunction(
      { id: "child" },
      { event: "app/child" },
      async ({ step }) => {
        await step.sleep("nap", "1d");
      },
    );
    const parent = quell.createFunction({ id: "parent" }, { event: "app/go" }, async ({ step }) => {
      try {
        await step.invoke("call", { function: child });
        return "unreachable";
      } catch (error) {
        return caught(error);
      }
    });
    const uncaught = quell.createFunction({ id: "uncaught" }, { event: "app/go" }, ({ step }) =>
      step.invoke("call", { function: child }),
    );
    const d = await start([parent, uncaught, child]);
    await d.send({ name: "app/go", data: {} });
    await d.advance("1h");
    const children = await d.runsFor("app-child");
    expect(children).toHaveLength(2);
    for (const c of children) await d.cancelRun(c.id, { reason: "not needed" });
    await d.settle();
    const record = { source: "api", at: new Date(d.now()).toISOString(), reason: "not needed" };
    const p = await only(d, "app-parent");
    expect(p).toMatchObject({
      status: "Completed",
      output: {
        name: "NonRetriableError",
        message: "Invoked function was cancelled",
        nonRetriable: true,
        stepFailed: false,
        cancellation: record,
      },
    });
    expect(p.timeline.find((e) => e.type === "invoke.cancelled")?.detail).toContain("(api)");
    const failed = await only(d, "app-uncaught");
    expect(failed).toMatchObject({
      status: "Failed",
      error: { name: "NonRetriableError", message: "Invoked function was cancelled" },
    });
    expect(failed.timeline.map((e) => e.type)).not.toContain("run.errored");
  });

  it("invoke: the timeout elapsed throws; the child goes on running (only cancellation cascades)", async () => {
    const quell = new Quell({ id: "app" });
    const child = quell.createFunction(
      { id: "child" },
      { event: "app/child" },
      async ({ step }) => {
        await step.sleep("nap", "2h");
        return "late";
      },
    );
    const parent = quell.createFunction({ id: "parent" }, { event: "app/go" }, async ({ step }) => {
      try {
        await step.invoke("call", { function: child, timeout: "1h" });
        return "unreachable";
      } catch (error) {
        return caught(error);
      }
    });
    const d = await start([parent, child]);
    await d.send({ name: "app/go", data: {} });
    await d.advance("1h");
    const p = await only(d, "app-parent");
    expect(p).toMatchObject({
      status: "Completed",
      output: { stepFailed: true, failure: "Timed out waiting for the invoked function to finish" },
    });
    expect(p.timeline.map((e) => e.type)).toContain("invoke.timed_out");
    expect((await only(d, "app-child")).status).toBe("Sleeping");
    await d.advance("1h");
    expect(await only(d, "app-child")).toMatchObject({ status: "Completed", output: "late" });
    expect((await d.getRun(p.id)).output).toMatchObject({ stepFailed: true });
  });

  it("cascade: cancelling the parent cancels its child and grandchild (source parent, naming the run that cancelled each); cleanup sees source parent", async () => {
    const quell = new Quell({ id: "app" });
    const w = watchers(quell);
    const grandchild = quell.createFunction(
      { id: "grandchild" },
      { event: "app/gc" },
      async ({ step }) => {
        await step.sleep("nap", "1d");
      },
    );
    const child = quell.createFunction({ id: "child" }, { event: "app/child" }, ({ step }) =>
      step.invoke("call-grandchild", { function: grandchild }),
    );
    const parent = quell.createFunction({ id: "parent" }, { event: "app/go" }, ({ step }) =>
      step.invoke("call-child", { function: child }),
    );
    const d = await start([parent, child, grandchild, ...w.functions]);
    const { ids } = await d.send({ name: "app/go", data: {} });
    const p = await runOf(d, ids[0]);
    await d.advance("1h");
    await d.cancelRun(p.id);
    await d.settle();
    const at = new Date(d.now()).toISOString();
    const c = await only(d, "app-child");
    const g = await only(d, "app-grandchild");
    expect(await d.getRun(p.id)).toMatchObject({
      status: "Cancelled",
      cancellation: { source: "api" },
    });
    expect(c).toMatchObject({
      status: "Cancelled",
      cancellation: { source: "parent", at, caused_by_run_id: p.id },
    });
    expect(g).toMatchObject({
      status: "Cancelled",
      cancellation: { source: "parent", at, caused_by_run_id: c.id },
    });
    // Each emits function.cancelled once, carrying its record: what a cleanup function reads.
    for (const run of [c, g]) {
      const events = forRun(w.cancelled, run.id);
      expect(events).toHaveLength(1);
      expect(events[0]?.data.cancellation).toEqual(run.cancellation);
    }
    expect(forRun(w.cancelled, p.id)).toHaveLength(1);
  });

  it("cascade: the child's step in flight runs to completion, nothing after it starts, then the child is cancelled", async () => {
    const quell = new Quell({ id: "app" });
    const w = watchers(quell);
    const work = gate<string>();
    const after: string[] = [];
    const child = quell.createFunction(
      { id: "child" },
      { event: "app/child" },
      async ({ step }) => {
        await step.run("work", () => work.pass());
        await step.run("after", () => after.push("after"));
      },
    );
    const parent = quell.createFunction({ id: "parent" }, { event: "app/go" }, ({ step }) =>
      step.invoke("call", { function: child }),
    );
    const d = await start([parent, child, ...w.functions]);
    const sending = d.send({ name: "app/go", data: {} });
    await work.entered;
    const p = single(await d.runsFor("app-parent"));
    await d.cancelRun(p.id);
    // Wait until the cascade reached the child (the engine processes the parent's
    // function.cancelled in a later tick): it is cancelling, its step still in flight.
    for (let i = 0; i < 1_000 && (await only(d, "app-child")).state !== "cancelling"; i++)
      await new Promise((resolve) => setTimeout(resolve, 10));
    const c = await only(d, "app-child");
    expect(c).toMatchObject({ status: "Cancelled", state: "cancelling", ended_at: null });
    expect(forRun(w.cancelled, c.id)).toEqual([]);
    work.open("done");
    await sending;
    await d.settle();
    const ended = await d.getRun(c.id);
    expect(ended).toMatchObject({
      status: "Cancelled",
      state: "cancelled",
      cancellation: { source: "parent", caused_by_run_id: p.id },
    });
    expect(stepById(ended, "work")).toMatchObject({ output: "done", settled_after_cancel: true });
    expect(stepById(ended, "after")).toBeUndefined();
    expect(after).toEqual([]);
    expect(forRun(w.cancelled, c.id)).toHaveLength(1);
  });

  it("cascade: detach leaves the child running to completion when the parent is cancelled", async () => {
    const quell = new Quell({ id: "app" });
    const child = quell.createFunction(
      { id: "child" },
      { event: "app/child" },
      async ({ step }) => {
        await step.sleep("nap", "2h");
        return "finished anyway";
      },
    );
    const parent = quell.createFunction({ id: "parent" }, { event: "app/go" }, ({ step }) =>
      step.invoke("call", { function: child, cascade: "detach" }),
    );
    const d = await start([parent, child]);
    const { ids } = await d.send({ name: "app/go", data: {} });
    const p = await runOf(d, ids[0]);
    await d.advance("1h");
    await d.cancelRun(p.id);
    await d.advance("1h");
    expect((await d.getRun(p.id)).status).toBe("Cancelled");
    expect(await only(d, "app-child")).toMatchObject({
      status: "Completed",
      output: "finished anyway",
      parent: { run_id: p.id, cascade: "detach" },
      cancellation: null,
    });
  });

  it("invoke: a paused function's child is skipped and the parent's step fails at once", async () => {
    const quell = new Quell({ id: "app" });
    const child = quell.createFunction({ id: "child" }, { event: "app/child" }, async () => "no");
    const parent = quell.createFunction({ id: "parent" }, { event: "app/go" }, async ({ step }) => {
      try {
        return await step.invoke("call", { function: child });
      } catch (error) {
        return caught(error);
      }
    });
    const d = await start([parent, child]);
    await d.pauseFunction("app-child");
    await d.send({ name: "app/go", data: {} });
    expect((await only(d, "app-child")).status).toBe("Skipped");
    expect((await only(d, "app-parent")).output).toMatchObject({
      stepFailed: true,
      failure: 'function "app-child" is paused: the invoked run was skipped',
    });
  });

  it("cascade: a parent triggered by inngest/function.cancelled still cascades to its children", async () => {
    const quell = new Quell({ id: "app" });
    const child = quell.createFunction(
      { id: "child" },
      { event: "app/child" },
      async ({ step }) => {
        await step.sleep("nap", "1d");
      },
    );
    const job = quell.createFunction({ id: "job" }, { event: "app/job" }, async ({ step }) => {
      await step.sleep("nap", "1d");
    });
    const cleanup = quell.createFunction(
      { id: "cleanup" },
      { event: "inngest/function.cancelled", if: "event.data.function_id == 'app-job'" },
      ({ step }) => step.invoke("undo", { function: child }),
    );
    const d = await start([job, cleanup, child]);
    const { ids } = await d.send({ name: "app/job", data: {} });
    await d.cancelRun((await runOf(d, ids[0])).id);
    await d.settle();
    const c = await only(d, "app-cleanup");
    await d.cancelRun(c.id);
    await d.settle();
    expect(await only(d, "app-child")).toMatchObject({
      status: "Cancelled",
      cancellation: { source: "parent", caused_by_run_id: c.id },
    });
  });
};
