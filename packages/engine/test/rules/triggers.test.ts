// Several triggers per function, and onFailure (docs/triggers.md), on the simulation and on the
// engine with the memory store.
import { type HandlerEvent, Quell } from "@quell/core";
import { describe, expect, it } from "vitest";
import { drivers } from "../support/drivers";
import { runOf, useDrivers } from "../support/fixtures";

describe.each(drivers)("$name", ({ create }) => {
  const start = useDrivers(create);

  const app = () => {
    const quell = new Quell({ id: "app" });
    const seen: HandlerEvent[] = [];
    const fn = quell.createFunction(
      { id: "sync" },
      [
        { event: "app/user.created" },
        { event: "app/user.updated", if: "event.data.plan == 'pro'" },
        { event: "app/user.updated", if: "event.data.email_changed == true" },
      ],
      async ({ event }) => {
        seen.push(event);
        return event.name;
      },
    );
    return { fn, seen };
  };

  it("each trigger starts the function for its own events", async () => {
    const { fn, seen } = app();
    const d = await start([fn]);
    const created = await d.send({ name: "app/user.created", data: { id: 1 } });
    const updated = await d.send({ name: "app/user.updated", data: { plan: "pro" } });
    expect((await runOf(d, created.ids[0])).output).toBe("app/user.created");
    expect((await runOf(d, updated.ids[0])).output).toBe("app/user.updated");
    expect(seen.map((e) => e.name)).toEqual(["app/user.created", "app/user.updated"]);
  });

  it("an event no trigger's filter accepts starts nothing", async () => {
    const { fn } = app();
    const d = await start([fn]);
    const sent = await d.send({ name: "app/user.updated", data: { plan: "free" } });
    expect(await d.runsForEvent(sent.ids[0] as string)).toEqual([]);
  });

  it("an event that matches two triggers of one function starts one run", async () => {
    const { fn, seen } = app();
    const d = await start([fn]);
    const both = await d.send({
      name: "app/user.updated",
      data: { plan: "pro", email_changed: true },
    });
    expect(await d.runsForEvent(both.ids[0] as string)).toHaveLength(1);
    expect(seen).toHaveLength(1);
  });

  it("one event still starts each function it triggers, once each", async () => {
    const { fn } = app();
    const quell = new Quell({ id: "app" });
    const audit = quell.createFunction(
      { id: "audit" },
      [{ event: "app/user.created" }, { event: "app/user.deleted" }],
      async () => "audited",
    );
    const d = await start([fn, audit]);
    const sent = await d.send({ name: "app/user.created", data: {} });
    const runs = await d.runsForEvent(sent.ids[0] as string);
    expect(runs.map((r) => r.function_id).sort()).toEqual(["app-audit", "app-sync"]);
  });

  describe("onFailure", () => {
    const failing = (quell: Quell, id: string, received: unknown[]) =>
      quell.createFunction(
        {
          id,
          retries: 0,
          onFailure: async ({ event, error, runId }) => {
            received.push({ event, error, runId });
            return `handled ${error.message}`;
          },
        },
        { event: `app/${id}` },
        async () => {
          throw new TypeError(`${id} broke`);
        },
      );

    it("a failed run starts <slug>-failure with the failure event, error and original event", async () => {
      const quell = new Quell({ id: "app" });
      const received: { event: HandlerEvent; error: Error; runId: string }[] = [];
      const fn = failing(quell, "flaky", received);
      const d = await start([fn]);
      const sent = await d.send({ name: "app/flaky", data: { n: 7 } });
      await d.settle();
      const failed = await runOf(d, sent.ids[0]);
      expect(failed.status).toBe("Failed");
      const handlerRuns = await d.runsFor("app-flaky-failure");
      expect(handlerRuns).toHaveLength(1);
      expect(handlerRuns[0]?.status).toBe("Completed");
      expect(handlerRuns[0]?.output).toBe("handled flaky broke");
      expect(received).toHaveLength(1);
      const [{ event, error, runId }] = received as [(typeof received)[number]];
      expect(event.name).toBe("inngest/function.failed");
      expect(event.data.function_id).toBe("app-flaky");
      expect(event.data.run_id).toBe(failed.id);
      expect(event.data.event).toMatchObject({ name: "app/flaky", data: { n: 7 } });
      expect(error).toBeInstanceOf(Error);
      expect(error.name).toBe("TypeError");
      expect(error.message).toBe("flaky broke");
      expect(runId).toBe(handlerRuns[0]?.id);
    });

    it("reacts to its own function's failures only", async () => {
      const quell = new Quell({ id: "app" });
      const a: unknown[] = [];
      const b: unknown[] = [];
      const d = await start([failing(quell, "a", a), failing(quell, "b", b)]);
      await d.send({ name: "app/a", data: {} });
      await d.settle();
      expect(a).toHaveLength(1);
      expect(b).toHaveLength(0);
      expect(await d.runsFor("app-b-failure")).toEqual([]);
    });

    it("is not started by a run that completes or is cancelled", async () => {
      const quell = new Quell({ id: "app" });
      const received: unknown[] = [];
      const fn = quell.createFunction(
        { id: "ok", onFailure: () => received.push("called") },
        { event: "app/ok" },
        async ({ step }) => {
          await step.sleep("wait", "1h");
        },
      );
      const d = await start([fn]);
      const done = await d.send({ name: "app/ok", data: {} });
      const cancelled = await d.send({ name: "app/ok", data: {} });
      await d.cancelRun((await runOf(d, cancelled.ids[0])).id);
      await d.advance("2h");
      expect((await runOf(d, done.ids[0])).status).toBe("Completed");
      expect(received).toEqual([]);
    });
  });
});
