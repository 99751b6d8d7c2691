// SPEC §2 steps and §5 events: memoisation by hashed ids (`:N` for repeats), sleep, sleepUntil,
// waitForEvent (event or null; match / if; only later events), sendEvent, event id dedupe (24 h).
import { createHash } from "node:crypto";
import {
  type HandlerEvent,
  hashStepId,
  NonRetriableError,
  Quell,
  StepFailedError,
} from "@quell/core";
import { describe, expect, it } from "vitest";
import { drivers } from "../support/drivers";
import { runOf, stepById, useDrivers } from "../support/fixtures";

describe.each(drivers)("$name", ({ create }) => {
  const start = useDrivers(create);

  it("steps: each step runs once and is memoised under the SHA-1 of its id; repeats get :1, :2", async () => {
    const calls: string[] = [];
    let handlerEntries = 0;
    const seen: unknown[] = [];
    const fn = new Quell({ id: "app" }).createFunction(
      { id: "job" },
      { event: "job/started" },
      async ({ step }) => {
        handlerEntries += 1;
        const values: unknown[] = [];
        for (let i = 0; i < 3; i++) {
          values.push(
            await step.run("fetch", () => {
              calls.push(`fetch#${i}`);
              return { i };
            }),
          );
        }
        values.push(
          await step.run("save", () => {
            calls.push("save");
            return "saved";
          }),
        );
        seen.push(values);
        return values;
      },
    );
    const d = await start([fn]);
    const { ids } = await d.send({ name: "job/started", data: {} });
    const run = await runOf(d, ids[0]);
    expect(run.status).toBe("Completed");
    expect(calls).toEqual(["fetch#0", "fetch#1", "fetch#2", "save"]);
    expect(handlerEntries).toBeGreaterThan(4); // the handler re-ran, the steps did not
    expect(run.output).toEqual([{ i: 0 }, { i: 1 }, { i: 2 }, "saved"]);
    const byHash = new Map(run.steps.map((s) => [s.hash, s]));
    expect(byHash.get(hashStepId("fetch"))).toMatchObject({
      id: "fetch",
      status: "completed",
      output: { i: 0 },
    });
    expect(byHash.get(hashStepId("fetch:1"))).toMatchObject({ id: "fetch:1", output: { i: 1 } });
    expect(byHash.get(hashStepId("fetch:2"))).toMatchObject({ id: "fetch:2", output: { i: 2 } });
    expect(byHash.get(hashStepId("save"))).toMatchObject({ id: "save", output: "saved" });
    // hashStepId is hex SHA-1, checked against an independent implementation.
    for (const id of ["fetch", "fetch:1", "fetch:2", "save"]) {
      expect(hashStepId(id)).toBe(createHash("sha1").update(id).digest("hex"));
    }
    expect(run.steps).toHaveLength(4);
  });

  it("steps: a memoised step returns its JSON form on later executions (undefined → null, Date → string)", async () => {
    const observed: unknown[] = [];
    const fn = new Quell({ id: "app" }).createFunction(
      { id: "job" },
      { event: "job/started" },
      async ({ step }) => {
        const nothing = await step.run("nothing", () => undefined);
        const date = await step.run("date", () => new Date("2024-05-01T00:00:00Z"));
        observed.push([nothing, date]);
        return { nothing, date };
      },
    );
    const d = await start([fn]);
    const { ids } = await d.send({ name: "job/started", data: {} });
    expect((await runOf(d, ids[0])).output).toEqual({
      nothing: null,
      date: "2024-05-01T00:00:00.000Z",
    });
    expect(observed.at(-1)).toEqual([null, "2024-05-01T00:00:00.000Z"]);
  });

  it("steps: step.sleep sleeps for the duration in virtual time", async () => {
    const fn = new Quell({ id: "app" }).createFunction(
      { id: "job" },
      { event: "job/started" },
      async ({ step }) => {
        await step.sleep("a", "2h");
        await step.sleep("b", 30 * 60_000);
        await step.sleep("c", "1w");
        return "awake";
      },
    );
    const d = await start([fn]);
    const { ids } = await d.send({ name: "job/started", data: {} });
    expect((await runOf(d, ids[0])).status).toBe("Sleeping");
    await d.advance("1h59m");
    expect(stepById(await runOf(d, ids[0]), "a")).toBeUndefined();
    await d.advance("1m");
    expect(stepById(await runOf(d, ids[0]), "a")).toMatchObject({
      kind: "sleep",
      status: "completed",
    });
    await d.advance("29m");
    expect(stepById(await runOf(d, ids[0]), "b")).toBeUndefined();
    await d.advance("1m");
    expect(stepById(await runOf(d, ids[0]), "b")).toBeDefined();
    await d.advance("6d23h59m");
    expect((await runOf(d, ids[0])).status).toBe("Sleeping");
    await d.advance("1m");
    const run = await runOf(d, ids[0]);
    expect(run.status).toBe("Completed");
    expect(run.ended_at).toBe(new Date(d.now()).toISOString());
  });

  it("steps: step.sleepUntil accepts a Date, an ISO string and epoch ms; a past time does not wait", async () => {
    const fn = new Quell({ id: "app" }).createFunction(
      { id: "job" },
      { event: "job/started" },
      async ({ step }) => {
        await step.sleepUntil("past", "2023-01-01T00:00:00Z");
        await step.sleepUntil("iso", "2024-01-02T00:00:00Z");
        await step.sleepUntil("date", new Date("2024-01-03T00:00:00Z"));
        await step.sleepUntil("ms", Date.parse("2024-01-04T00:00:00Z"));
        return "done";
      },
    );
    const d = await start([fn], { start: "2024-01-01T00:00:00.000Z" });
    const { ids } = await d.send({ name: "job/started", data: {} });
    const names = async () => (await runOf(d, ids[0])).steps.map((s) => s.id);
    expect(await names()).toEqual(["past"]);
    await d.advance("23h59m");
    expect(await names()).toEqual(["past"]);
    await d.advance("1m");
    expect(await names()).toEqual(["past", "iso"]);
    await d.advance("1d");
    expect(await names()).toEqual(["past", "iso", "date"]);
    await d.advance("1d");
    expect((await runOf(d, ids[0])).status).toBe("Completed");
  });

  const waitFor = (options: { match?: string; if?: string }) => {
    const results: (HandlerEvent | null)[] = [];
    const fn = new Quell({ id: "app" }).createFunction(
      { id: "job" },
      { event: "order/created" },
      async ({ step }) => {
        await step.sleep("grace", "10m");
        const paid = await step.waitForEvent("paid", {
          event: "order/paid",
          timeout: "1h",
          ...options,
        });
        results.push(paid);
        return paid === null ? "timed out" : paid.data.amount;
      },
    );
    return { fn, results };
  };

  it("steps: waitForEvent with match resolves to the matching event (payload as sent, with id and ts)", async () => {
    const { fn, results } = waitFor({ match: "data.orderId" });
    const d = await start([fn]);
    const { ids } = await d.send({ name: "order/created", data: { orderId: "o1" } });
    await d.advance("10m");
    expect((await runOf(d, ids[0])).status).toBe("Waiting");
    await d.send({ name: "order/paid", data: { orderId: "o2", amount: 1 } });
    await d.send({ name: "order/refunded", data: { orderId: "o1", amount: 2 } });
    expect((await runOf(d, ids[0])).status).toBe("Waiting");
    const paid = await d.send({
      name: "order/paid",
      data: { orderId: "o1", amount: 3 },
      user: { by: "ann" },
    });
    const run = await runOf(d, ids[0]);
    expect(run.status).toBe("Completed");
    expect(run.output).toBe(3);
    expect(results.at(-1)).toEqual({
      name: "order/paid",
      data: { orderId: "o1", amount: 3 },
      id: paid.ids[0],
      ts: d.now(),
      user: { by: "ann" },
    });
    expect(stepById(run, "paid")).toMatchObject({
      kind: "waitForEvent",
      status: "completed",
      output: { id: paid.ids[0] },
    });
  });

  it("steps: waitForEvent with if uses `event` (trigger) and `async` (candidate)", async () => {
    const { fn } = waitFor({
      if: "async.data.orderId == event.data.orderId && async.data.amount >= 100",
    });
    const d = await start([fn]);
    const { ids } = await d.send({ name: "order/created", data: { orderId: "o1" } });
    await d.advance("10m");
    await d.send({ name: "order/paid", data: { orderId: "o1", amount: 50 } });
    await d.send({ name: "order/paid", data: { orderId: "o2", amount: 500 } });
    expect((await runOf(d, ids[0])).status).toBe("Waiting");
    await d.send({ name: "order/paid", data: { orderId: "o1", amount: 150 } });
    expect((await runOf(d, ids[0])).output).toBe(150);
  });

  it("steps: waitForEvent resolves to null when its timeout passes first", async () => {
    const { fn, results } = waitFor({ match: "data.orderId" });
    const d = await start([fn]);
    const { ids } = await d.send({ name: "order/created", data: { orderId: "o1" } });
    await d.advance("10m");
    await d.advance("59m");
    expect((await runOf(d, ids[0])).status).toBe("Waiting");
    await d.advance("1m");
    const run = await runOf(d, ids[0]);
    expect(run.status).toBe("Completed");
    expect(run.output).toBe("timed out");
    expect(results).toContain(null);
    expect(stepById(run, "paid")).toMatchObject({ status: "completed", output: null });
    await d.send({ name: "order/paid", data: { orderId: "o1", amount: 3 } }); // too late: nothing changes
    expect(await runOf(d, ids[0])).toEqual(run);
  });

  it("steps: waitForEvent only sees events ingested after the wait began", async () => {
    const { fn } = waitFor({ match: "data.orderId" });
    const d = await start([fn]);
    const batch = await d.send([
      { name: "order/created", data: { orderId: "o1" } },
      { name: "order/paid", data: { orderId: "o1", amount: 1 } }, // before the wait: ignored
    ]);
    await d.advance("5m");
    await d.send({ name: "order/paid", data: { orderId: "o1", amount: 2 } }); // during the sleep: ignored
    await d.advance("5m");
    expect((await runOf(d, batch.ids[0])).status).toBe("Waiting");
    await d.send({ name: "order/paid", data: { orderId: "o1", amount: 3 } });
    expect((await runOf(d, batch.ids[0])).output).toBe(3);
  });

  it("steps: step.sendEvent ingests events that trigger other functions, once, and returns their ids", async () => {
    const quell = new Quell({ id: "app" });
    let returned: { ids: string[] } | undefined;
    const received: HandlerEvent[] = [];
    const sender = quell.createFunction(
      { id: "sender" },
      { event: "signup/completed" },
      async ({ event, step }) => {
        returned = await step.sendEvent("welcome", [
          { name: "email/send", data: { to: event.data.email, template: "welcome" } },
          { name: "email/send", data: { to: event.data.email, template: "tips" } },
        ]);
        await step.run("after", () => "next");
        return returned;
      },
    );
    const mailer = quell.createFunction(
      { id: "mailer" },
      { event: "email/send" },
      async ({ event }) => {
        received.push(event);
        return event.data.template;
      },
    );
    const d = await start([sender, mailer]);
    const { ids } = await d.send({ name: "signup/completed", data: { email: "a@b.c" } });
    const run = await runOf(d, ids[0]);
    expect(run.status).toBe("Completed");
    expect(returned?.ids).toHaveLength(2);
    expect(received.map((e) => e.data.template).sort()).toEqual(["tips", "welcome"]);
    const mails = await d.runsFor("app-mailer");
    expect(mails).toHaveLength(2);
    for (const id of returned?.ids ?? []) {
      const [mail] = await d.runsForEvent(id);
      expect(mail?.status).toBe("Completed");
      expect(mail?.event.data.to).toBe("a@b.c");
    }
    expect(stepById(run, "welcome")).toMatchObject({
      kind: "sendEvent",
      status: "completed",
      output: { ids: returned?.ids },
    });
  });

  it("§5: an event id deduplicates within 24 h (same internal id, nothing started), and not after", async () => {
    let runs = 0;
    const fn = new Quell({ id: "app" }).createFunction(
      { id: "job" },
      { event: "job/started" },
      async () => {
        runs += 1;
      },
    );
    const d = await start([fn]);
    const first = await d.send({ name: "job/started", data: { n: 1 }, id: "evt-1" });
    await d.advance("23h59m");
    const again = await d.send({ name: "job/started", data: { n: 2 }, id: "evt-1" });
    expect(again.ids).toEqual(first.ids);
    expect(runs).toBe(1);
    const [run] = await d.runsForEvent(first.ids[0] as string);
    expect(run?.event.data).toEqual({ n: 1 });
    expect(run?.event.id).toBe("evt-1");
    await d.advance("2m"); // 24 h 1 min after the first
    const later = await d.send({ name: "job/started", data: { n: 3 }, id: "evt-1" });
    expect(later.ids[0]).not.toBe(first.ids[0]);
    expect(runs).toBe(2);
  });

  it("§5: duplicates within one batch are deduplicated too; other ids are not", async () => {
    let runs = 0;
    const fn = new Quell({ id: "app" }).createFunction(
      { id: "job" },
      { event: "job/started" },
      async () => {
        runs += 1;
      },
    );
    const d = await start([fn]);
    const { ids } = await d.send([
      { name: "job/started", id: "x" },
      { name: "job/started", id: "x" },
      { name: "job/started", id: "y" },
      { name: "job/started" },
    ]);
    expect(ids[1]).toBe(ids[0]);
    expect(new Set(ids).size).toBe(3);
    expect(runs).toBe(3);
  });

  it("§5: data defaults to {}, user to {}, ts to the ingestion time, id to the internal id", async () => {
    const events: HandlerEvent[] = [];
    const fn = new Quell({ id: "app" }).createFunction(
      { id: "job" },
      { event: "job/started" },
      async ({ event }) => {
        events.push(event);
      },
    );
    const d = await start([fn]);
    await d.advance("1h");
    const { ids } = await d.send({ name: "job/started" });
    expect(events).toEqual([{ name: "job/started", data: {}, user: {}, ts: d.now(), id: ids[0] }]);
  });
  it("steps: step.sendEvent with an invalid event fails that step for good (StepFailedError the handler can catch)", async () => {
    const quell = new Quell({ id: "app" });
    let caught: unknown;
    let executions = 0;
    const fn = quell.createFunction({ id: "job" }, { event: "job/started" }, async ({ step }) => {
      // Guard: a step that is re-planned after failing would loop forever; fail the run instead.
      executions += 1;
      if (executions > 20) throw new NonRetriableError("handler re-executed 20 times");
      try {
        await step.sendEvent("bad", { name: "inngest/function.finished", data: {} });
        return "sent";
      } catch (error) {
        caught = error;
        return "caught";
      }
    });
    const d = await start([fn]);
    const { ids } = await d.send({ name: "job/started", data: {} });
    await d.advance("1d");
    const run = await runOf(d, ids[0]);
    expect(run.status).toBe("Completed");
    expect(run.output).toBe("caught");
    expect(caught).toBeInstanceOf(StepFailedError);
    expect(stepById(run, "bad")).toMatchObject({ kind: "sendEvent", status: "failed" });
  });
});
