import type { RunView } from "@quell/core";
import { describe, expect, it } from "vitest";
import { stores, useServers } from "./support/server";
import { wireShapeProblems } from "./support/wire-shape";

const open = useServers();

describe("the wire rules check", () => {
  it("finds a time as a number and a camelCase key, wherever Quell wrote them", () => {
    expect(
      wireShapeProblems({
        data: {
          created_at: 1,
          timeline: [{ at: 2, type: "created" }],
          steps: [{ settledAfterCancel: true }],
          event: {
            name: "inngest/function.cancelled",
            data: { cancellation: { source: "api", at: 3 } },
            id: "E",
            ts: 4,
            user: {},
          },
        },
      }),
    ).toEqual([
      "$.data.created_at: a time as a number",
      "$.data.timeline[0].at: a time as a number",
      "$.data.steps[0].settledAfterCancel: key is not snake_case",
      "$.data.event.data.cancellation.at: a time as a number",
    ]);
  });

  it("leaves users' own JSON alone: their events' data and user, and outputs", () => {
    const userEvent = {
      name: "a/b",
      data: { remindAt: 1, nested: { startAt: 2 } },
      id: "E",
      ts: 1,
    };
    expect(
      wireShapeProblems({
        event: { ...userEvent, user: { signedUpAt: 3 } },
        output: { doneAt: 4 },
        steps: [{ output: { fooBar: 1 } }],
        system: {
          name: "inngest/function.finished",
          data: { _inngest: { status: "Completed" }, event: userEvent, result: null },
          id: "S",
          ts: 2,
          user: {},
        },
      }),
    ).toEqual([]);
  });
});

describe.each(stores)("every /v1 answer on the %s store", (store) => {
  it("shows times as ISO strings (events' ts excepted) and keys in snake_case", async () => {
    const s = await open({ store });
    const answers: unknown[] = [];
    const get = async <T>(method: string, path: string, json?: unknown): Promise<T> => {
      const answer = await s.request<{ data: T }>(method, path, json === undefined ? {} : { json });
      expect(answer.status, `${method} ${path}`).toBe(200);
      answers.push(answer.body);
      return answer.body.data;
    };
    // A run cancelled by an event, whose function.cancelled triggers the seeds' cleanup.
    const [requested] = await s.send({
      name: "contacts/import.requested",
      data: { importId: "imp-1", pages: 3, pause: "10m" },
    });
    await s.send({ name: "contacts/import.cancelled", data: { importId: "imp-1" } });
    const imported = await s.runOf(requested);
    // A run cancelled through the API while sleeping, one completed, one failed.
    const [sleeping] = await s.send({ name: "test/sleep", data: { key: "k" } });
    const napper = await s.runOf(sleeping);
    await get("DELETE", `/v1/runs/${napper.id}`, { reason: "asked" });
    await s.send([
      { name: "test/quick", data: { value: 1 } },
      { name: "test/fail", data: {} },
    ]);
    // A bulk cancellation, a replay, a pause and a resume.
    await s.send({ name: "test/sleep", data: { key: "other" } });
    await s.advance("1m");
    const bulk = await get<{ id: string }>("POST", "/v1/cancellations", {
      app_id: "test-app",
      function_id: "sleeper",
      started_before: new Date(s.clock.now()).toISOString(),
    });
    await get("GET", `/v1/cancellations/${bulk.id}`);
    await get("GET", "/v1/cancellations");
    await get("POST", `/v1/runs/${napper.id}/replay`);
    await get("POST", "/v1/replays", { function_id: "sleeper" });
    await get("POST", "/v1/functions/sleeper/pause", { cancel_running: true });
    await get("POST", "/v1/functions/sleeper/resume");
    await get("GET", "/v1/functions");
    const runs = await get<RunView[]>("GET", "/v1/runs?limit=100");
    for (const run of runs) await get("GET", `/v1/runs/${run.id}`);
    await get("GET", `/v1/events/${requested}/runs`);

    const cleanup = runs.find((r) => r.function_id === "newsletter-app-cleanup-cancelled-import");
    const cancelled = runs.find((r) => r.id === imported.id);
    // The system event carries the run's own cancellation record, `at` an ISO time.
    expect(cleanup?.event.data.cancellation).toEqual(cancelled?.cancellation);
    expect(cancelled?.cancellation?.at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(new Set(runs.map((r) => r.status))).toEqual(
      new Set(["Cancelled", "Completed", "Failed"]),
    );
    expect(runs.length).toBeGreaterThanOrEqual(7);
    expect(answers.flatMap((answer) => wireShapeProblems(answer))).toEqual([]);
  });
});
