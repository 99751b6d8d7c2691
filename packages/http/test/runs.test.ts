import type { RunView } from "@quell/core";
import { describe, expect, it } from "vitest";
import { START, stores, type TestServerOptions, useServers } from "./support/server";

const open = useServers();

describe.each(stores)("%s store", (store) => {
  const server = (options?: TestServerOptions) => open({ store, ...options });

  describe("GET /v1/runs/:id", () => {
    it("shows status, output, steps and timeline, wrapped in { data, metadata }", async () => {
      const s = await server();
      const [id] = await s.send({ name: "test/quick", data: { value: { ok: true } } });
      const run = await s.runOf(id);
      const answer = await s.request<{ data: RunView; metadata: { fetched_at: string } }>(
        "GET",
        `/v1/runs/${run.id}`,
      );
      expect(answer.status).toBe(200);
      expect(answer.body.data).toMatchObject({
        id: run.id,
        function_id: "test-app-quick",
        app_id: "test-app",
        status: "Completed",
        output: { ok: true },
        cancellation: null,
      });
      expect(answer.body.data.steps.map((step) => step.id)).toEqual(["echo"]);
      expect(answer.body.data.timeline.length).toBeGreaterThan(0);
      expect(answer.body.metadata.fetched_at).toBe(START);
    });

    it("carries the seeds' system's names beside Quell's own (its users' scripts read them)", async () => {
      const s = await server();
      const [id] = await s.send({ name: "test/quick", data: { value: 7 } });
      const byEvent = await s.runOf(id);
      const run = await s.data<RunView>("GET", `/v1/runs/${byEvent.id}`);
      for (const view of [byEvent, run]) {
        expect(view).toMatchObject({
          run_id: run.id,
          run_started_at: run.created_at,
          event_id: id,
          ended_at: run.ended_at,
          status: "Completed",
          output: 7,
        });
      }
      expect(run.ended_at).not.toBeNull();
    });

    it("answers 404 for an unknown run", async () => {
      const s = await server();
      const answer = await s.request("GET", "/v1/runs/01HNOSUCHRUN0000000000000");
      expect(answer).toEqual({
        status: 404,
        body: { error: "run 01HNOSUCHRUN0000000000000 not found", status: 404 },
      });
    });
  });

  describe("GET /v1/runs", () => {
    const seed = async () => {
      const s = await server();
      await s.send({ name: "test/quick", data: { value: 1 } });
      await s.advance("1h");
      await s.send({ name: "test/sleep", data: { key: "a" } });
      await s.advance("1h");
      await s.send({ name: "test/fail" });
      await s.send({ name: "test/quick", data: { value: 2 } });
      return s;
    };
    const ids = (runs: RunView[]) => runs.map((r) => `${r.function_id}:${r.status}`);

    it("lists newest first, with count and cursor in metadata", async () => {
      const s = await seed();
      const answer = await s.request<{
        data: RunView[];
        metadata: { count: number; cursor: null };
      }>("GET", "/v1/runs");
      expect(ids(answer.body.data)).toEqual([
        "test-app-quick:Completed",
        "test-app-failing:Failed",
        "test-app-sleeper:Sleeping",
        "test-app-quick:Completed",
      ]);
      expect(answer.body.metadata).toMatchObject({ count: 4, cursor: null });
    });

    it("filters by function (slug or id) and by status (repeated or comma-separated)", async () => {
      const s = await seed();
      expect(ids(await s.data("GET", "/v1/runs?function_id=test-app-quick"))).toEqual([
        "test-app-quick:Completed",
        "test-app-quick:Completed",
      ]);
      expect(ids(await s.data("GET", "/v1/runs?function_id=quick"))).toHaveLength(2);
      expect(ids(await s.data("GET", "/v1/runs?status=Sleeping&status=Failed"))).toEqual([
        "test-app-failing:Failed",
        "test-app-sleeper:Sleeping",
      ]);
      expect(ids(await s.data("GET", "/v1/runs?status=Sleeping,Failed"))).toHaveLength(2);
    });

    it("filters by creation window", async () => {
      const s = await seed();
      const after = encodeURIComponent("2024-01-01T00:30:00Z");
      const before = encodeURIComponent("2024-01-01T01:30:00Z");
      expect(
        ids(await s.data("GET", `/v1/runs?started_after=${after}&started_before=${before}`)),
      ).toEqual(["test-app-sleeper:Sleeping"]);
    });

    it("pages with limit and cursor", async () => {
      const s = await seed();
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const query: string = cursor === null ? "" : `&cursor=${encodeURIComponent(cursor)}`;
        const page = await s.request<{ data: RunView[]; metadata: { cursor: string | null } }>(
          "GET",
          `/v1/runs?limit=3${query}`,
        );
        expect(page.body.data.length).toBeLessThanOrEqual(3);
        seen.push(...page.body.data.map((r) => r.id));
        cursor = page.body.metadata.cursor;
      } while (cursor !== null);
      expect(seen).toHaveLength(4);
      expect(new Set(seen).size).toBe(4);
    });
  });

  describe("DELETE /v1/runs/:id", () => {
    it("cancels a sleeping run, keeps the reason, and is idempotent", async () => {
      const s = await server();
      const [eventId] = await s.send({ name: "test/sleep", data: { key: "k" } });
      const run = await s.runOf(eventId);
      const first = await s.request<{ data: RunView }>("DELETE", `/v1/runs/${run.id}`, {
        json: { reason: "not needed" },
      });
      expect(first.status).toBe(200);
      expect(first.body.data.status).toBe("Cancelled");
      expect(first.body.data.cancellation).toMatchObject({ source: "api", reason: "not needed" });
      const again = await s.request<{ data: RunView }>("DELETE", `/v1/runs/${run.id}`);
      expect(again.status).toBe(200);
      expect(again.body.data.cancellation).toEqual(first.body.data.cancellation);
    });

    it("accepts a DELETE sent with a JSON content type and no body", async () => {
      const s = await server();
      const run = await s.runOf((await s.send({ name: "test/sleep", data: { key: "k" } }))[0]);
      const answer = await s.request("DELETE", `/v1/runs/${run.id}`, {
        headers: { "content-type": "application/json" },
      });
      expect(answer.status).toBe(200);
    });

    it("answers 409 for a completed or failed run, and changes nothing", async () => {
      const s = await server();
      const done = await s.runOf((await s.send({ name: "test/quick", data: { value: 1 } }))[0]);
      const failed = await s.runOf((await s.send({ name: "test/fail" }))[0]);
      for (const run of [done, failed]) {
        const answer = await s.request<{ error: string }>("DELETE", `/v1/runs/${run.id}`);
        expect(answer.status).toBe(409);
        expect(answer.body.error).toContain(run.id);
        expect((await s.data<RunView>("GET", `/v1/runs/${run.id}`)).status).toBe(run.status);
      }
    });

    it("answers 404 for an unknown run", async () => {
      const s = await server();
      const answer = await s.request("DELETE", "/v1/runs/01HNOSUCHRUN0000000000000");
      expect(answer.status).toBe(404);
    });
  });
});
