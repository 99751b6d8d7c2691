import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { stores, type TestServer, type TestServerOptions, useServers } from "./support/server";

// Generated requests: every answer is documented (checked by the test server's `request`),
// never a 5xx, and an answer 4xx changes nothing. The server is still up afterwards.
const open = useServers();

describe.each(stores)("%s store", (store) => {
  const server = (options?: TestServerOptions) => open({ store, ...options });

  const populated = async (): Promise<TestServer> => {
    const s = await server();
    await s.send([
      {
        name: "tasks/reminder.created",
        data: { reminderId: "r1", userId: "u1", remindAt: "2024-02-01T00:00:00Z" },
      },
      { name: "test/sleep", data: { key: "k" } },
      { name: "test/quick", data: { value: 1 } },
    ]);
    await s.advance("1h");
    return s;
  };

  const check = async (
    s: TestServer,
    method: string,
    path: string,
    req: Parameters<TestServer["request"]>[2],
  ): Promise<void> => {
    await s.settle(); // background work of earlier requests (a bulk sweep) must not look like a change
    const before = await s.snapshot();
    const answer = await s.request<{ status?: number }>(method, path, req);
    expect(answer.status, `${method} ${path} ${JSON.stringify(req).slice(0, 300)}`).toBeLessThan(
      500,
    );
    if (answer.status >= 400) expect(await s.snapshot()).toEqual(before);
  };

  const json = fc.jsonValue({ maxDepth: 4 });

  /** A valid body with one field replaced by anything, or one field added. */
  const mutated = (valid: Record<string, unknown>) =>
    fc
      .tuple(
        fc.constantFrom(...Object.keys(valid), "extra", "__proto__", "constructor"),
        json,
        fc.boolean(),
      )
      .map(([key, value, drop]) => {
        const body: Record<string, unknown> = { ...valid };
        if (drop) delete body[key];
        else
          Object.defineProperty(body, key, {
            value,
            enumerable: true,
            writable: true,
            configurable: true,
          });
        return body;
      });

  const routes = [
    {
      method: "POST",
      path: "/e/key",
      valid: { name: "test/quick", data: { value: 1 }, ts: 1, id: "e1" },
    },
    {
      method: "POST",
      path: "/v1/cancellations",
      valid: {
        app_id: "reminders-app",
        function_id: "schedule-reminder",
        started_before: "2024-01-01T00:30:00Z",
        if: "event.data.userId == 'u1'",
        dry_run: true,
      },
    },
    {
      method: "POST",
      path: "/v1/replays",
      valid: { function_id: "test-app-quick", status: ["Completed"] },
    },
    {
      method: "POST",
      path: "/v1/functions/test-app-sleeper/pause",
      valid: { cancel_running: false },
    },
    { method: "DELETE", path: "/v1/runs/01HNOSUCHRUN0000000000000", valid: { reason: "r" } },
  ] as const;

  describe("generated bodies", () => {
    for (const route of routes) {
      it(`${route.method} ${route.path}: JSON bodies, valid ones mutated, and raw bytes`, async () => {
        const s = await populated();
        const body = fc.oneof(
          json.map((value) => ({ json: value })),
          mutated(route.valid).map((value) => ({ json: value })),
          fc
            .string({ maxLength: 200 })
            .map((text) => ({ body: text, headers: { "content-type": "application/json" } })),
          fc
            .tuple(
              fc.uint8Array({ maxLength: 200 }),
              fc.constantFrom("application/json", "text/plain", "application/octet-stream"),
            )
            .map(([bytes, type]) => ({ body: bytes, headers: { "content-type": type } })),
        );
        await fc.assert(
          fc.asyncProperty(body, (req) => check(s, route.method, route.path, req)),
          { numRuns: 60 },
        );
        expect((await s.request("GET", "/openapi.json")).status).toBe(200);
      });
    }
  });

  describe("generated queries and ids", () => {
    it("GET /v1/runs with any query string", async () => {
      const s = await populated();
      const key = fc.constantFrom(
        "function_id",
        "status",
        "started_after",
        "started_before",
        "cursor",
        "limit",
        "x",
      );
      const value = fc.oneof(
        fc.string({ maxLength: 40 }),
        fc.constantFrom(
          "Cancelled",
          "Sleeping,Failed",
          "2024-01-01T00:00:00Z",
          "0",
          "-1",
          "1e3",
          "",
          "quick",
        ),
      );
      const query = fc
        .array(fc.tuple(key, value), { maxLength: 4 })
        .map((pairs) => new URLSearchParams(pairs).toString());
      await fc.assert(
        fc.asyncProperty(query, (q) => check(s, "GET", `/v1/runs?${q}`, {})),
        { numRuns: 100 },
      );
    });

    it("any id in any path with an id", async () => {
      const s = await populated();
      // "." and ".." are dot-segments: the client resolves them away before sending, so they
      // never reach a route with an id (RFC 3986 §5.2.4).
      const id = fc
        .string({ minLength: 1, maxLength: 60 })
        .filter((x) => x !== "." && x !== "..")
        .map(encodeURIComponent);
      const path = fc.oneof(
        id.map((x) => ["GET", `/v1/runs/${x}`] as const),
        id.map((x) => ["DELETE", `/v1/runs/${x}`] as const),
        id.map((x) => ["POST", `/v1/runs/${x}/replay`] as const),
        id.map((x) => ["GET", `/v1/events/${x}/runs`] as const),
        id.map((x) => ["GET", `/v1/events/${x}`] as const),
        id.map((x) => ["GET", `/v1/events/${x}/cancelled-runs`] as const),
        id.map((x) => ["GET", `/v1/cancellations/${x}`] as const),
        id.map((x) => ["DELETE", `/v1/cancellations/${x}`] as const),
        id.map((x) => ["POST", `/v1/functions/${x}/resume`] as const),
        id.map((x) => ["POST", `/e/${x}`] as const),
      );
      await fc.assert(
        fc.asyncProperty(path, ([method, p]) => check(s, method, p, {})),
        { numRuns: 150 },
      );
      expect((await s.request("GET", "/openapi.json")).status).toBe(200);
    });
  });
});
