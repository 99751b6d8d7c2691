import type { RunView, StoredEventView } from "@quell/core";
import { describe, expect, it } from "vitest";
import { START, stores, type TestServerOptions, useServers } from "./support/server";

const open = useServers();

describe.each(stores)("%s store", (store) => {
  const server = (options?: TestServerOptions) => open({ store, ...options });

  describe("POST /e/:eventKey", () => {
    it("ingests one event and answers { ids, status: 200 }", async () => {
      const s = await server();
      const answer = await s.request("POST", "/e/any-key", {
        json: { name: "test/quick", data: { value: 1 } },
      });
      expect(answer.status).toBe(200);
      expect(answer.body).toEqual({ ids: [expect.any(String)], status: 200 });
    });

    it("ingests an array in order; each id finds the run it started", async () => {
      const s = await server();
      const ids = await s.send([
        { name: "test/quick", data: { value: "a" } },
        { name: "test/quick", data: { value: "b" } },
      ]);
      expect(ids).toHaveLength(2);
      const outputs = await Promise.all(ids.map(async (id) => (await s.runOf(id)).output));
      expect(outputs).toEqual(["a", "b"]);
    });

    it("deduplicates by event id: the second send returns the first id and starts nothing", async () => {
      const s = await server();
      const [first] = await s.send({ name: "test/quick", id: "order-1", data: { value: 1 } });
      const [second] = await s.send({ name: "test/quick", id: "order-1", data: { value: 2 } });
      expect(second).toBe(first);
      const runs = await s.data<RunView[]>("GET", "/v1/runs?function_id=test-app-quick");
      expect(runs).toHaveLength(1);
    });

    it("accepts an empty array (nothing to send)", async () => {
      const s = await server();
      const answer = await s.request("POST", "/e/k", { json: [] });
      expect(answer).toEqual({ status: 200, body: { ids: [], status: 200 } });
    });
  });

  describe("GET /v1/events/:id/runs", () => {
    it("lists the runs an event started, one per triggered function", async () => {
      const s = await server();
      const [id] = await s.send({ name: "test/quick", data: { value: 7 } });
      const runs = await s.data<RunView[]>("GET", `/v1/events/${id}/runs`);
      expect(runs.map((r) => [r.function_id, r.status, r.output])).toEqual([
        ["test-app-quick", "Completed", 7],
      ]);
    });

    it("is empty for an event that started nothing, or that does not exist", async () => {
      const s = await server();
      const [id] = await s.send({ name: "nobody/listens" });
      expect(await s.data("GET", `/v1/events/${id}/runs`)).toEqual([]);
      const answer = await s.request("GET", "/v1/events/01NOTANEVENT/runs");
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({ data: [], metadata: { count: 0 } });
    });
  });

  describe("GET /v1/events", () => {
    const at = (minutes: number) => new Date(Date.parse(START) + minutes * 60_000).toISOString();

    it("lists every stored event newest first, system events included, as StoredEvent", async () => {
      const s = await server();
      const [sleep] = await s.send({ name: "test/sleep", data: { key: "k1" } });
      await s.advance("1m");
      const [stop] = await s.send({ name: "test/wake-cancel", data: { key: "k1" }, id: "u-1" });
      const events = await s.data<StoredEventView[]>("GET", "/v1/events");
      expect(events.map((e) => e.name)).toEqual([
        "inngest/function.finished",
        "inngest/function.cancelled",
        "test/wake-cancel",
        "test/sleep",
      ]);
      expect(events[2]).toEqual({
        internal_id: stop,
        received_at: at(1),
        name: "test/wake-cancel",
        data: { key: "k1" },
        id: "u-1",
        ts: expect.any(Number),
        user: {},
      });
      expect(events[3]?.internal_id).toBe(sleep);
      expect(await s.data("GET", `/v1/events/${stop}`)).toEqual(events[2]);
    });

    it("filters by name and time window, and pages with metadata.cursor", async () => {
      const s = await server();
      for (const value of [1, 2, 3]) {
        await s.send({ name: "nobody/listens", data: { value } });
        await s.advance("1h");
      }
      const first = await s.request<{ data: StoredEventView[]; metadata: { cursor: string } }>(
        "GET",
        "/v1/events?name=nobody/listens&limit=2",
      );
      expect(first.body.data.map((e) => e.data.value)).toEqual([3, 2]);
      const cursor = encodeURIComponent(first.body.metadata.cursor);
      const rest = await s.data<StoredEventView[]>(
        "GET",
        `/v1/events?name=nobody/listens&limit=2&cursor=${cursor}`,
      );
      expect(rest.map((e) => e.data.value)).toEqual([1]);
      const window = await s.data<StoredEventView[]>(
        "GET",
        `/v1/events?received_after=${at(30)}&received_before=${at(90)}`,
      );
      expect(window.map((e) => e.data.value)).toEqual([2]);
    });

    it("answers 400 naming the field for a bad time, limit or cursor, and 404 for an unknown event", async () => {
      const s = await server();
      const bad = await s.request("GET", "/v1/events?received_after=yesterday");
      expect(bad.status).toBe(400);
      expect(bad.body).toMatchObject({ path: "query.received_after" });
      const limit = await s.request("GET", "/v1/events?limit=0");
      expect(limit.body).toMatchObject({ status: 400, path: "query.limit" });
      const cursor = await s.request("GET", "/v1/events?cursor=not-mine");
      expect(cursor.body).toMatchObject({ status: 400, path: "query.cursor" });
      const unknown = await s.request("GET", "/v1/events/01NOTANEVENT");
      expect(unknown.status).toBe(404);
    });
  });

  describe("GET /v1/events/:id/cancelled-runs", () => {
    it("lists the runs an event cancelled, and nothing for an event that cancelled none", async () => {
      const s = await server();
      const [a] = await s.send({ name: "test/sleep", data: { key: "a" } });
      const [b] = await s.send({ name: "test/sleep", data: { key: "b" } });
      const [stop] = await s.send({ name: "test/wake-cancel", data: { key: "a" } });
      const cancelled = await s.data<RunView[]>("GET", `/v1/events/${stop}/cancelled-runs`);
      expect(cancelled.map((r) => r.id)).toEqual([(await s.runOf(a)).id]);
      expect(cancelled[0]?.cancellation).toMatchObject({ source: "event", event_id: stop });
      expect(await s.data("GET", `/v1/events/${b}/cancelled-runs`)).toEqual([]);
    });
  });
});
