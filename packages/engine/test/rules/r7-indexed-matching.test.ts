// SPEC R7: listeners whose expression has an equality between an `async.*` path and an `event.*`
// path or a literal are indexed; behaviour must be exactly what evaluating the expression per
// candidate gives. These tests pin the behaviour only (no timing).
import { type CancelOnConfig, type EventData, Quell } from "@quell/core";
import { describe, expect, it } from "vitest";
import { drivers } from "../support/drivers";
import { runOf, useDrivers } from "../support/fixtures";

describe.each(drivers)("$name", ({ create }) => {
  const start = useDrivers(create);

  const setup = async (cancelOn: CancelOnConfig[]) => {
    const fn = new Quell({ id: "app" }).createFunction(
      { id: "job", cancelOn },
      { event: "job/started" },
      async ({ step }) => {
        await step.sleep("nap", "1d");
        return "finished";
      },
    );
    const d = await start([fn]);
    const trigger = async (data: EventData) =>
      (await d.send({ name: "job/started", data })).ids[0] as string;
    const send = async (name: string, data: EventData) =>
      (await d.send({ name, data })).ids[0] as string;
    const status = async (id: string) => (await runOf(d, id)).status;
    return { d, trigger, send, status };
  };

  it("R7: among many waiting runs, only the one with the event's key value is cancelled", async () => {
    const { trigger, send, status } = await setup([{ event: "job/stop", match: "data.jobId" }]);
    const runs: string[] = [];
    for (let i = 0; i < 30; i++) runs.push(await trigger({ jobId: `job-${i}` }));
    await send("job/stop", { jobId: "job-17" });
    await send("job/stop", { jobId: "job-999" });
    for (const [i, id] of runs.entries()) {
      expect(await status(id)).toBe(i === 17 ? "Cancelled" : "Sleeping");
    }
  });

  it("R7: several conjuncts must all hold (one matching key is not enough)", async () => {
    const { trigger, send, status } = await setup([
      {
        event: "job/stop",
        if: "async.data.tenant == event.data.tenant && async.data.jobId == event.data.jobId",
      },
    ]);
    const run = await trigger({ tenant: "t1", jobId: "j1" });
    const sibling = await trigger({ tenant: "t1", jobId: "j2" });
    await send("job/stop", { tenant: "t1", jobId: "j9" });
    await send("job/stop", { tenant: "t2", jobId: "j1" });
    await send("job/stop", { jobId: "j1" });
    expect(await status(run)).toBe("Sleeping");
    await send("job/stop", { tenant: "t1", jobId: "j1" });
    expect(await status(run)).toBe("Cancelled");
    expect(await status(sibling)).toBe("Sleeping");
  });

  it("R7: an equality plus a non-equality conjunct: both are checked", async () => {
    const { trigger, send, status } = await setup([
      {
        event: "job/stop",
        if: "async.data.jobId == event.data.jobId && async.data.force == true && async.data.level > 2",
      },
    ]);
    const run = await trigger({ jobId: "j1" });
    await send("job/stop", { jobId: "j1", force: true, level: 1 });
    await send("job/stop", { jobId: "j1", force: false, level: 5 });
    expect(await status(run)).toBe("Sleeping");
    await send("job/stop", { jobId: "j1", force: true, level: 5 });
    expect(await status(run)).toBe("Cancelled");
  });

  it("R7: nested paths on both sides", async () => {
    const { trigger, send, status } = await setup([
      { event: "job/stop", if: "async.data.target.account.id == event.data.owner.id" },
    ]);
    const run = await trigger({ owner: { id: "acc-1" } });
    const other = await trigger({ owner: { id: "acc-2" } });
    await send("job/stop", { target: { account: { id: "acc-2" } } });
    expect(await status(run)).toBe("Sleeping");
    expect(await status(other)).toBe("Cancelled");
    await send("job/stop", { target: { id: "acc-1" } }); // shallower path: missing field
    expect(await status(run)).toBe("Sleeping");
  });

  it("R7: a literal on either side of the equality", async () => {
    const { trigger, send, status } = await setup([
      {
        event: "job/stop",
        if: "async.data.kind == 'abort' && event.data.jobId == async.data.jobId",
      },
      { event: "job/halt", if: "'all' == async.data.scope && 3 == async.data.level" },
    ]);
    const a = await trigger({ jobId: "a" });
    const b = await trigger({ jobId: "b" });
    const c = await trigger({ jobId: "c" });
    await send("job/stop", { kind: "pause", jobId: "a" });
    expect(await status(a)).toBe("Sleeping");
    await send("job/stop", { kind: "abort", jobId: "a" });
    expect(await status(a)).toBe("Cancelled");
    expect(await status(b)).toBe("Sleeping");
    await send("job/halt", { scope: "all", level: 2 });
    await send("job/halt", { scope: "some", level: 3 });
    expect(await status(b)).toBe("Sleeping");
    await send("job/halt", { scope: "all", level: 3 });
    expect(await status(b)).toBe("Cancelled");
    expect(await status(c)).toBe("Cancelled");
  });

  it("R7: key values compare as CEL does — numbers by value, strings apart from numbers, maps regardless of key order", async () => {
    const { trigger, send, status } = await setup([{ event: "job/stop", match: "data.key" }]);
    const num = await trigger({ key: 3 });
    const str = await trigger({ key: "3" });
    const obj = await trigger({ key: { a: 1, b: [1, 2] } });
    const bool = await trigger({ key: true });
    await send("job/stop", { key: 3.0 });
    expect(await status(num)).toBe("Cancelled");
    expect(await status(str)).toBe("Sleeping");
    await send("job/stop", { key: "3" });
    expect(await status(str)).toBe("Cancelled");
    await send("job/stop", { key: { b: [2, 1], a: 1 } }); // list order matters
    expect(await status(obj)).toBe("Sleeping");
    await send("job/stop", { key: { b: [1, 2], a: 1 } });
    expect(await status(obj)).toBe("Cancelled");
    await send("job/stop", { key: "true" });
    expect(await status(bool)).toBe("Sleeping");
    await send("job/stop", { key: true });
    expect(await status(bool)).toBe("Cancelled");
  });

  it("R7: a null key value matches only null, and a missing trigger field never matches", async () => {
    const { trigger, send, status } = await setup([{ event: "job/stop", match: "data.key" }]);
    const nullKey = await trigger({ key: null });
    const missing = await trigger({});
    await send("job/stop", {});
    expect(await status(nullKey)).toBe("Sleeping");
    expect(await status(missing)).toBe("Sleeping");
    await send("job/stop", { key: null });
    expect(await status(nullKey)).toBe("Cancelled");
    expect(await status(missing)).toBe("Sleeping");
  });

  it("R7: non-indexed `||` expressions still work (either branch cancels)", async () => {
    const { trigger, send, status } = await setup([
      {
        event: "job/stop",
        if: "async.data.jobId == event.data.jobId || async.data.everyone == true",
      },
    ]);
    const a = await trigger({ jobId: "a" });
    const b = await trigger({ jobId: "b" });
    const c = await trigger({ jobId: "c" });
    await send("job/stop", { jobId: "a" });
    expect(await status(a)).toBe("Cancelled");
    expect(await status(b)).toBe("Sleeping");
    await send("job/stop", { everyone: true });
    expect(await status(b)).toBe("Cancelled");
    expect(await status(c)).toBe("Cancelled");
  });

  it("R7: negated and non-equality expressions are evaluated per candidate", async () => {
    const { trigger, send, status } = await setup([
      {
        event: "job/stop",
        if: "!(async.data.keep == event.data.jobId) && async.data.priority >= event.data.priority",
      },
    ]);
    const a = await trigger({ jobId: "a", priority: 5 });
    const b = await trigger({ jobId: "b", priority: 1 });
    await send("job/stop", { keep: "b", priority: 3 });
    expect(await status(a)).toBe("Sleeping"); // priority too low
    expect(await status(b)).toBe("Sleeping"); // kept
    await send("job/stop", { keep: "b", priority: 9 });
    expect(await status(a)).toBe("Cancelled");
    expect(await status(b)).toBe("Sleeping");
  });

  it("R7: indexed and unindexed entries of one function work side by side; other event names never match", async () => {
    const { trigger, send, status } = await setup([
      { event: "job/stop", match: "data.jobId" },
      { event: "job/stop", if: "async.data.batch in event.data.batches" },
    ]);
    const a = await trigger({ jobId: "a", batches: ["x"] });
    const b = await trigger({ jobId: "b", batches: ["y"] });
    await send("job/halt", { jobId: "a", batch: "y" });
    expect(await status(a)).toBe("Sleeping");
    expect(await status(b)).toBe("Sleeping");
    await send("job/stop", { jobId: "a" });
    await send("job/stop", { jobId: "zzz", batch: "y" });
    expect(await status(a)).toBe("Cancelled");
    expect(await status(b)).toBe("Cancelled");
  });

  it("R7: a listener that matched and was removed never matches again (no stale index entry)", async () => {
    const { d, trigger, send, status } = await setup([{ event: "job/stop", match: "data.jobId" }]);
    const run = await trigger({ jobId: "a" });
    const first = await send("job/stop", { jobId: "a" });
    await send("job/stop", { jobId: "a" });
    expect(await status(run)).toBe("Cancelled");
    expect((await runOf(d, run)).cancellation?.event_id).toBe(first);
  });
});
