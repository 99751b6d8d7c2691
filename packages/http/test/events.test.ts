import type { RunView } from "@quell/core";
import { describe, expect, it } from "vitest";
import { stores, type TestServerOptions, useServers } from "./support/server";

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
});
