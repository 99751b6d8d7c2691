// SPEC §7.8, §4.1 (6): `singleton` — at most one run in progress per function, or per key.
import { type FunctionConfig, type HandlerEvent, Quell, type RunView } from "@quell/core";
import { describe, expect, it } from "vitest";
import { drivers } from "../support/drivers";
import { flush, gate, recorder, runOf, stepById, useDrivers } from "../support/fixtures";

type Singleton = NonNullable<FunctionConfig["singleton"]>;

const BY_USER: Singleton = { key: "event.data.user", mode: "cancel" };

const sync = (user: string | undefined, extra: Record<string, unknown> = {}) => ({
  name: "user/sync",
  data: { ...(user === undefined ? {} : { user }), ...extra },
});

const entry = (run: RunView, type: string) => run.timeline.find((e) => e.type === type);

describe.each(drivers)("$name", ({ create }) => {
  const start = useDrivers(create);

  /** Syncs (a step a test may hold in flight with `data.hold`), then cools down for an hour. */
  const app = (singleton: Singleton, hold = gate<string>()) => {
    const quell = new Quell({ id: "app" });
    const cancelled = recorder();
    const fn = quell.createFunction(
      { id: "sync", singleton, cancelOn: [{ event: "user/stop", match: "data.user" }] },
      { event: "user/sync" },
      async ({ event, step }) => {
        await step.run("sync", async () => (event.data.hold === true ? hold.pass() : "synced"));
        await step.sleep("cool-down", "1h");
        return "done";
      },
    );
    const watcher = quell.createFunction(
      { id: "watch" },
      { event: "inngest/function.cancelled" },
      async ({ event }: { event: HandlerEvent }) => {
        cancelled.record(event);
      },
    );
    return { functions: [fn, watcher], cancelled, hold };
  };

  it("§7.8 skip: an event whose key has a run in progress creates a Skipped run naming it", async () => {
    const d = await start(app({ key: "event.data.user", mode: "skip" }).functions);
    const first = await runOf(d, (await d.send(sync("u1"))).ids[0]);
    expect(first.status).toBe("Sleeping");
    const second = await runOf(d, (await d.send(sync("u1"))).ids[0]);
    expect(second.status).toBe("Skipped");
    expect(second.started_at).toBeNull();
    expect(second.ended_at).toBe(new Date(d.now()).toISOString());
    expect(entry(second, "skipped")?.detail).toBe(`singleton: run ${first.id} is in progress`);
    expect((await d.getRun(first.id)).status).toBe("Sleeping");
    await d.advance("1h");
    expect((await d.getRun(first.id)).status).toBe("Completed");
  });

  it("§7.8 skip: another key runs at once, and the same key runs again once its run ended", async () => {
    const d = await start(app({ key: "event.data.user", mode: "skip" }).functions);
    const first = await runOf(d, (await d.send(sync("u1"))).ids[0]);
    const other = await runOf(d, (await d.send(sync("u2"))).ids[0]);
    expect(other.status).toBe("Sleeping");
    await d.advance("1h");
    expect((await d.getRun(first.id)).status).toBe("Completed");
    const again = await runOf(d, (await d.send(sync("u1"))).ids[0]);
    expect(again.status).toBe("Sleeping");
  });

  it("§7.8 cancel: the run in progress is cancelled (source singleton, naming the new run) and the new one runs", async () => {
    const { functions, cancelled } = app(BY_USER);
    const d = await start(functions);
    const first = await runOf(d, (await d.send(sync("u1"))).ids[0]);
    const at = new Date(d.now()).toISOString();
    const second = await runOf(d, (await d.send(sync("u1"))).ids[0]);
    expect(second.status).toBe("Sleeping");
    const old = await d.getRun(first.id);
    expect(old.status).toBe("Cancelled");
    expect(old.state).toBe("cancelled");
    expect(old.cancellation).toEqual({
      source: "singleton",
      at,
      caused_by_run_id: second.id,
      reason: "a newer run of this singleton started",
    });
    expect(entry(old, "cancel.requested")?.detail).toBe(
      `singleton, run ${second.id}, a newer run of this singleton started`,
    );
    expect(cancelled.events.map((e) => e.data.run_id)).toEqual([first.id]);
    expect(cancelled.events[0]?.data.cancellation).toEqual(old.cancellation);
    await d.advance("1h");
    expect((await d.getRun(second.id)).status).toBe("Completed");
    expect((await d.getRun(first.id)).status).toBe("Cancelled");
  });

  it("§7.8 cancel: a run whose step is in flight releases the slot at the cancellation; the new run starts while that step still runs", async () => {
    const { functions, cancelled, hold } = app(BY_USER);
    const d = await start(functions);
    const sending = d.send(sync("u1", { hold: true }));
    await hold.entered;
    const [first] = await d.runsFor("app-sync");
    const firstId = first?.id as string;

    const second = await runOf(d, (await d.send(sync("u1"), { settle: false })).ids[0]);
    await flush();
    const cancelling = await d.getRun(firstId);
    expect(cancelling.state).toBe("cancelling");
    expect(cancelling.cancellation).toMatchObject({ caused_by_run_id: second.id });
    expect((await d.getRun(second.id)).status).toBe("Sleeping");
    expect(cancelled.events).toEqual([]); // the first run has not settled

    hold.open("late");
    await sending;
    await d.settle();
    const ended = await d.getRun(firstId);
    expect(ended.state).toBe("cancelled");
    expect(stepById(ended, "sync")).toMatchObject({ output: "late", settled_after_cancel: true });
    expect(stepById(ended, "cool-down")).toBeUndefined();
    expect(cancelled.events.map((e) => e.data.run_id)).toEqual([firstId]);
  });

  it("§7.8 events of one batch are decided in ingestion order, each after everything before it", async () => {
    const cancelMode = await start(app(BY_USER).functions);
    const { ids } = await cancelMode.send([sync("u1"), sync("u1"), sync("u1")]);
    const runs = await Promise.all(ids.map((id) => runOf(cancelMode, id)));
    expect(runs[0]?.cancellation).toMatchObject({ caused_by_run_id: runs[1]?.id });
    expect(runs[1]?.cancellation).toMatchObject({ caused_by_run_id: runs[2]?.id });
    expect(runs[2]?.status).toBe("Sleeping");

    const skipMode = await start(app({ key: "event.data.user", mode: "skip" }).functions);
    const sent = await skipMode.send([sync("u1"), sync("u1")]);
    expect((await runOf(skipMode, sent.ids[0])).status).toBe("Sleeping");
    expect((await runOf(skipMode, sent.ids[1])).status).toBe("Skipped");
    // A cancel event before the next trigger, in one batch: the run in progress is gone first.
    const next = await skipMode.send([{ name: "user/stop", data: { user: "u1" } }, sync("u1")]);
    expect((await runOf(skipMode, sent.ids[0])).cancellation).toMatchObject({ source: "event" });
    expect((await runOf(skipMode, next.ids[1])).status).toBe("Sleeping");
  });

  it("§7.8 without a key: one run in progress for the whole function", async () => {
    const d = await start(app({ mode: "skip" }).functions);
    const first = await runOf(d, (await d.send(sync("u1"))).ids[0]);
    const second = await runOf(d, (await d.send(sync("u2"))).ids[0]);
    expect(first.status).toBe("Sleeping");
    expect(second.status).toBe("Skipped");
  });

  it("§7.8 an event whose key has no value is refused: Skipped, its timeline says why", async () => {
    const d = await start(app(BY_USER).functions);
    const missing = await runOf(d, (await d.send(sync(undefined))).ids[0]);
    expect(missing.status).toBe("Skipped");
    expect(entry(missing, "skipped")?.detail).toBe(
      "singleton key `event.data.user` has no value: No such key: user",
    );
    const listed = await runOf(
      d,
      (await d.send({ name: "user/sync", data: { user: [1] } })).ids[0],
    );
    expect(entry(listed, "skipped")?.detail).toBe(
      "singleton key `event.data.user` has no value: its value is a list, not a string, number or bool",
    );
    // Keys compare as CEL values: the number 1 and the string "1" are two keys.
    const number = await runOf(d, (await d.send({ name: "user/sync", data: { user: 1 } })).ids[0]);
    const text = await runOf(d, (await d.send({ name: "user/sync", data: { user: "1" } })).ids[0]);
    expect([number.status, text.status]).toEqual(["Sleeping", "Sleeping"]);
  });

  it("§7.8 a replay obeys the slot: it cancels the run in progress (cancel) or is Skipped (skip)", async () => {
    const d = await start(app(BY_USER).functions);
    const original = await runOf(d, (await d.send(sync("u1"))).ids[0]);
    await d.advance("1h");
    const current = await runOf(d, (await d.send(sync("u1"))).ids[0]);
    const replay = await d.replayRun(original.id);
    await d.settle();
    expect((await d.getRun(current.id)).cancellation).toMatchObject({
      source: "singleton",
      caused_by_run_id: replay.id,
    });
    expect((await d.getRun(replay.id)).status).toBe("Sleeping");

    const s = await start(app({ key: "event.data.user", mode: "skip" }).functions);
    const done = await runOf(s, (await s.send(sync("u1"))).ids[0]);
    await s.advance("1h");
    const running = await runOf(s, (await s.send(sync("u1"))).ids[0]);
    const skipped = await s.replayRun(done.id);
    expect(skipped.status).toBe("Skipped");
    expect(skipped.original_run_id).toBe(done.id);
    expect(entry(skipped, "skipped")?.detail).toBe(`singleton: run ${running.id} is in progress`);
  });
});
