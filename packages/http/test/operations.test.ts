import type { RunView } from "@quell/core";
import type { Engine } from "@quell/engine";
import { describe, expect, it } from "vitest";
import type { BulkCancellationView, ServerEngine } from "../src/index";
import { stores, type TestServer, type TestServerOptions, useServers } from "./support/server";

const open = useServers();

describe.each(stores)("%s store", (store) => {
  const server = (options?: TestServerOptions) => open({ store, ...options });

  /** Three sleeping reminders for two users, created an hour apart (virtual time). */
  const reminders = async (s: TestServer) => {
    const ids: string[] = [];
    for (const [reminderId, userId] of [
      ["r1", "u1"],
      ["r2", "u2"],
      ["r3", "u1"],
    ] as const) {
      const [eventId] = await s.send({
        name: "tasks/reminder.created",
        data: { reminderId, userId, reminderBody: "hi", remindAt: "2024-02-01T09:00:00Z" },
      });
      ids.push((await s.runOf(eventId)).id);
      await s.advance("1h");
    }
    return ids;
  };

  const follow = async (s: TestServer, id: string): Promise<BulkCancellationView> => {
    for (let i = 0; i < 100; i++) {
      await s.settle();
      const record = await s.data<BulkCancellationView>("GET", `/v1/cancellations/${id}`);
      if (record.status !== "running") return record;
    }
    throw new Error(`cancellation ${id} never finished`);
  };

  describe("bulk cancellation: /v1/cancellations", () => {
    const request = {
      app_id: "reminders-app",
      function_id: "schedule-reminder",
      started_before: "2024-01-01T02:30:00Z",
      if: "event.data.userId == 'u1'",
    };

    it("a dry run counts the runs it would cancel and cancels none", async () => {
      const s = await server();
      await reminders(s);
      const record = await s.data<BulkCancellationView>("POST", "/v1/cancellations", {
        json: { ...request, dry_run: true },
      });
      expect(record).toMatchObject({
        dry_run: true,
        function_id: "reminders-app-schedule-reminder",
      });
      expect((await follow(s, record.id)).matched).toBe(2);
      expect(await s.data<RunView[]>("GET", "/v1/runs?status=Cancelled")).toEqual([]);
    });

    it("cancels the runs its window and `if` select, and can be followed, listed and stopped", async () => {
      const s = await server();
      const [r1, r2, r3] = await reminders(s);
      const created = await s.data<BulkCancellationView>("POST", "/v1/cancellations", {
        json: request,
      });
      expect(created).toMatchObject({
        app_id: "reminders-app",
        started_after: null,
        started_before: "2024-01-01T02:30:00.000Z",
        if: request.if,
        dry_run: false,
      });
      const done = await follow(s, created.id);
      expect(done).toMatchObject({ status: "completed", matched: 2, cancelled: 2 });
      const statuses = await Promise.all(
        [r1, r2, r3].map(async (id) => (await s.data<RunView>("GET", `/v1/runs/${id}`)).status),
      );
      expect(statuses).toEqual(["Cancelled", "Sleeping", "Cancelled"]);
      const r1View = await s.data<RunView>("GET", `/v1/runs/${r1}`);
      expect(r1View.cancellation).toMatchObject({ source: "bulk", cancellation_id: created.id });

      const list = await s.data<BulkCancellationView[]>("GET", "/v1/cancellations");
      expect(list.map((c) => c.id)).toEqual([created.id]);
      const stopped = await s.data<BulkCancellationView>(
        "DELETE",
        `/v1/cancellations/${created.id}`,
      );
      expect(["stopped", "completed"]).toContain(stopped.status);
    });

    it("answers 404 for an unknown cancellation (get and stop)", async () => {
      const s = await server();
      expect((await s.request("GET", "/v1/cancellations/01HNOSUCHCANCEL00000000000")).status).toBe(
        404,
      );
      expect(
        (await s.request("DELETE", "/v1/cancellations/01HNOSUCHCANCEL00000000000")).status,
      ).toBe(404);
    });

    it("answers 400 naming the field for a function the app does not have", async () => {
      const s = await server();
      const answer = await s.request<{ path: string }>("POST", "/v1/cancellations", {
        json: { ...request, function_id: "nope" },
      });
      expect(answer.status).toBe(400);
      expect(answer.body.path).toBe("body.function_id");
    });
  });

  describe("replay", () => {
    it("POST /v1/runs/:id/replay makes a new run of an ended run", async () => {
      const s = await server();
      const run = await s.runOf((await s.send({ name: "test/quick", data: { value: 5 } }))[0]);
      const replay = await s.data<RunView>("POST", `/v1/runs/${run.id}/replay`);
      expect(replay.id).not.toBe(run.id);
      expect(replay.original_run_id).toBe(run.id);
      await s.settle();
      expect(await s.data<RunView>("GET", `/v1/runs/${replay.id}`)).toMatchObject({
        status: "Completed",
        output: 5,
      });
    });

    it("answers 409 for a run that has not ended and 404 for an unknown run", async () => {
      const s = await server();
      const run = await s.runOf((await s.send({ name: "test/sleep", data: { key: "x" } }))[0]);
      expect((await s.request("POST", `/v1/runs/${run.id}/replay`)).status).toBe(409);
      expect((await s.request("POST", "/v1/runs/01HNOSUCHRUN0000000000000/replay")).status).toBe(
        404,
      );
    });

    it("POST /v1/replays replays a function's cancelled runs in bulk", async () => {
      const s = await server();
      const [r1, r2] = await reminders(s);
      await s.request("DELETE", `/v1/runs/${r1}`);
      await s.request("DELETE", `/v1/runs/${r2}`);
      const result = await s.data<{ count: number; run_ids: string[] }>("POST", "/v1/replays", {
        json: { function_id: "reminders-app-schedule-reminder", status: "Cancelled" },
      });
      expect(result.count).toBe(2);
      await s.settle();
      const originals = await Promise.all(
        result.run_ids.map(
          async (id) => (await s.data<RunView>("GET", `/v1/runs/${id}`)).original_run_id,
        ),
      );
      expect(originals.sort()).toEqual([r1, r2].sort());
    });
  });

  describe("pause and resume: /v1/functions/:slug/{pause,resume}", () => {
    it("pausing skips new events' runs; resuming runs new events again", async () => {
      const s = await server();
      const paused = await s.data("POST", "/v1/functions/test-app-quick/pause");
      expect(paused).toEqual({ function_id: "test-app-quick", paused: true, cancelled: 0 });
      const functions = await s.data<{ function_id: string; paused: boolean }[]>(
        "GET",
        "/v1/functions",
      );
      expect(functions.find((f) => f.function_id === "test-app-quick")?.paused).toBe(true);
      const skipped = await s.runOf((await s.send({ name: "test/quick", data: { value: 1 } }))[0]);
      expect(skipped.status).toBe("Skipped");
      const resumed = await s.data("POST", "/v1/functions/test-app-quick/resume");
      expect(resumed).toEqual({ function_id: "test-app-quick", paused: false, resumed: 0 });
      const ran = await s.runOf((await s.send({ name: "test/quick", data: { value: 2 } }))[0]);
      expect(ran.status).toBe("Completed");
    });

    it("cancel_running cancels the function's in-flight runs (source pause)", async () => {
      const s = await server();
      const [r1] = await reminders(s);
      const paused = await s.data<{ cancelled: number }>(
        "POST",
        "/v1/functions/reminders-app-schedule-reminder/pause",
        {
          json: { cancel_running: true },
        },
      );
      expect(paused.cancelled).toBe(3);
      const run = await s.data<RunView>("GET", `/v1/runs/${r1}`);
      expect(run.cancellation?.source).toBe("pause");
    });

    it("answers 404 for an unknown function", async () => {
      const s = await server();
      expect((await s.request("POST", "/v1/functions/nope/pause")).status).toBe(404);
      expect((await s.request("POST", "/v1/functions/nope/resume")).status).toBe(404);
    });
  });

  describe("an engine without the operations", () => {
    // Only the core methods: what the server must cope with when an engine lacks the rest.
    type Core = Pick<
      Engine,
      "start" | "stop" | "send" | "getRun" | "listRuns" | "runsForEvent" | "cancelRun" | "idle"
    >;
    const bare = (engine: Engine): ServerEngine => {
      const core: Core = {
        start: () => engine.start(),
        stop: () => engine.stop(),
        send: (events) => engine.send(events),
        getRun: (id) => engine.getRun(id),
        listRuns: (query) => engine.listRuns(query),
        runsForEvent: (id) => engine.runsForEvent(id),
        cancelRun: (id, options) => engine.cancelRun(id, options),
        idle: () => engine.idle(),
      };
      return core as unknown as ServerEngine;
    };

    it("answers 501 for each operation it lacks, and still 400 for bad input", async () => {
      const s = await server({ wrap: bare });
      const valid = { app_id: "a", function_id: "f", started_before: "2024-01-01T00:00:00Z" };
      for (const [method, path, json] of [
        ["POST", "/v1/cancellations", valid],
        ["GET", "/v1/cancellations", undefined],
        ["GET", "/v1/cancellations/x", undefined],
        ["DELETE", "/v1/cancellations/x", undefined],
        ["POST", "/v1/runs/x/replay", undefined],
        ["POST", "/v1/replays", { function_id: "f" }],
        ["POST", "/v1/functions/f/pause", undefined],
        ["POST", "/v1/functions/f/resume", undefined],
      ] as const) {
        const answer = await s.request(method, path, json === undefined ? {} : { json });
        expect(answer.status, `${method} ${path}`).toBe(501);
      }
      expect((await s.request("POST", "/v1/cancellations", { json: { app_id: "a" } })).status).toBe(
        400,
      );
      expect((await s.data<unknown[]>("GET", "/v1/functions")).length).toBeGreaterThan(0);
    });
  });
});
