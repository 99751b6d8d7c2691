import { FUNCTION_CANCELLED, FUNCTION_FINISHED, Quell } from "@quell/core";
import { memoryStore } from "@quell/memory";
import { afterEach, describe, expect, it } from "vitest";
import { createEngine, type Engine, virtualClock } from "../../src/index";

const app = () => {
  const quell = new Quell({ id: "stream" });
  return [
    quell.createFunction(
      { id: "sleeper", cancelOn: [{ event: "t/stop", match: "data.k" }] },
      { event: "t/sleep" },
      async ({ step }) => {
        await step.sleep("nap", "30d");
      },
    ),
  ];
};

let engine: Engine | undefined;
afterEach(async () => {
  await engine?.stop();
  engine = undefined;
});

const setup = async () => {
  const clock = virtualClock(Date.UTC(2024, 0, 1));
  engine = createEngine({ functions: app(), store: memoryStore(), clock, retention: false });
  await engine.start();
  const e = engine;
  const send = async (events: Parameters<Engine["send"]>[0]) => {
    const { ids } = await e.send(events);
    await e.idle();
    return ids;
  };
  return { engine: e, clock, send };
};

describe("the event stream (listEvents, getEvent, runsCancelledBy)", () => {
  it("lists every event newest first, system events included, as the API's view", async () => {
    const { engine, clock, send } = await setup();
    const [sleep] = await send({ name: "t/sleep", data: { k: "a" } });
    await clock.advance("1m");
    const [stop] = await send({ name: "t/stop", data: { k: "a" }, id: "user-stop-1" });
    const page = await engine.listEvents();
    expect(page.cursor).toBeNull();
    expect(page.events.map((e) => e.name)).toEqual([
      FUNCTION_FINISHED,
      FUNCTION_CANCELLED,
      "t/stop",
      "t/sleep",
    ]);
    const stopView = page.events.find((e) => e.internal_id === stop);
    expect(stopView).toEqual({
      internal_id: stop,
      received_at: "2024-01-01T00:01:00.000Z",
      name: "t/stop",
      data: { k: "a" },
      id: "user-stop-1",
      ts: Date.UTC(2024, 0, 1, 0, 1),
      user: {},
    });
    expect(await engine.getEvent(sleep ?? "")).toMatchObject({ name: "t/sleep" });
    expect(await engine.getEvent("unknown")).toBeNull();
  });

  it("filters by name and time window, and pages with a cursor", async () => {
    const { engine, clock, send } = await setup();
    for (const k of ["a", "b", "c"]) {
      await send({ name: "t/sleep", data: { k } });
      await clock.advance("1h");
    }
    const named = await engine.listEvents({ name: "t/sleep", limit: 2 });
    expect(named.events.map((e) => e.data.k)).toEqual(["c", "b"]);
    const rest = await engine.listEvents({ name: "t/sleep", cursor: named.cursor ?? "" });
    expect(rest.events.map((e) => e.data.k)).toEqual(["a"]);
    const window = await engine.listEvents({
      receivedAfter: "2024-01-01T00:30:00Z",
      receivedBefore: new Date(Date.UTC(2024, 0, 1, 1)),
    });
    expect(window.events.map((e) => e.data.k)).toEqual(["b"]);
    await expect(engine.listEvents({ receivedAfter: "yesterday" })).rejects.toMatchObject({
      _tag: "QuellValidationError",
      field: "receivedAfter",
    });
  });

  it("finds the runs an event cancelled through their cancellation record", async () => {
    const { engine, send } = await setup();
    const [a, b] = await send([
      { name: "t/sleep", data: { k: "a" } },
      { name: "t/sleep", data: { k: "b" } },
    ]);
    const [stop] = await send({ name: "t/stop", data: { k: "a" } });
    const cancelled = await engine.runsCancelledBy(stop ?? "");
    const [runA] = await engine.runsForEvent(a ?? "");
    expect(cancelled.map((r) => r.id)).toEqual([runA?.id]);
    expect(cancelled[0]?.cancellation).toMatchObject({ source: "event", event_id: stop });
    expect(await engine.runsCancelledBy(b ?? "")).toEqual([]);
  });
});
