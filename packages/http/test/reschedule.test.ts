import type { RunView } from "@quell/core";
import { describe, expect, it } from "vitest";
import { EVENT_KEY, SIGNING_KEY } from "./support/keys";
import { stores, useServers } from "./support/server";

// POST /v1/runs/:id/reschedule { until }: move a sleeping run's wake-up (SPEC §6).

const open = useServers();

describe.each(stores)("POST /v1/runs/:id/reschedule (%s store)", (store) => {
  it("200: answers the run, whose wake-up moved; it wakes at the new time", async () => {
    const s = await open({ store });
    const [eventId] = await s.send({ name: "test/sleep", data: { key: "a" } });
    const sleeping = await s.runOf(eventId);
    const moved = await s.data<RunView>("POST", `/v1/runs/${sleeping.id}/reschedule`, {
      json: { until: "2024-01-01T02:00:00Z" },
    });
    expect(moved.status).toBe("Sleeping");
    expect(moved.timeline.at(-1)).toEqual({
      at: "2024-01-01T00:00:00.000Z",
      type: "rescheduled",
      step: "nap",
      detail: "from 2024-01-02T00:00:00.000Z to 2024-01-01T02:00:00.000Z",
    });
    await s.advance("2h");
    const done = await s.data<RunView>("GET", `/v1/runs/${sleeping.id}`);
    expect(done.status).toBe("Completed");
    expect(done.timeline.find((e) => e.type === "woke")?.at).toBe("2024-01-01T02:00:00.000Z");
  });

  it("400: a bad, missing or extra field is named, and nothing changes", async () => {
    const s = await open({ store });
    const [eventId] = await s.send({ name: "test/sleep", data: { key: "a" } });
    const { id } = await s.runOf(eventId);
    const before = await s.snapshot();
    const bad = await s.request("POST", `/v1/runs/${id}/reschedule`, { json: { until: "soon" } });
    expect(bad).toMatchObject({ status: 400, body: { path: "body.until" } });
    expect((bad.body as { error: string }).error).toMatch(/^body\.until: invalid time "soon"/);
    const missing = await s.request("POST", `/v1/runs/${id}/reschedule`, { json: {} });
    expect(missing).toMatchObject({ status: 400, body: { path: "body.until" } });
    const number = await s.request("POST", `/v1/runs/${id}/reschedule`, {
      json: { until: 1_704_067_200_000 },
    });
    expect(number).toMatchObject({ status: 400, body: { path: "body.until" } });
    const extra = await s.request("POST", `/v1/runs/${id}/reschedule`, {
      json: { until: "2024-01-01T02:00:00Z", at: "now" },
    });
    expect(extra).toMatchObject({ status: 400, body: { path: "body.at" } });
    expect(await s.snapshot()).toEqual(before);
  });

  it("404 for an unknown run, 409 for a run that does not sleep", async () => {
    const s = await open({ store });
    const until = { until: "2024-01-01T02:00:00Z" };
    const missing = await s.request("POST", "/v1/runs/nope/reschedule", { json: until });
    expect(missing).toMatchObject({ status: 404, body: { error: "run nope not found" } });
    const [eventId] = await s.send({ name: "test/quick", data: { value: 1 } });
    const { id } = await s.runOf(eventId);
    const conflict = await s.request("POST", `/v1/runs/${id}/reschedule`, { json: until });
    expect(conflict).toMatchObject({
      status: 409,
      body: { error: `run ${id}: run is completed, not sleeping` },
    });
  });
});

describe("POST /v1/runs/:id/reschedule needs the signing key", () => {
  it("401 without it; 200 with it", async () => {
    const s = await open({
      mode: "production",
      signingKeys: [SIGNING_KEY],
      eventKeys: [EVENT_KEY],
    });
    await s.request("POST", `/e/${EVENT_KEY}`, {
      json: { name: "test/sleep", data: { key: "a" } },
    });
    await s.settle();
    const [run] = (await s.engine.listRuns({})).runs;
    const until = { json: { until: "2024-01-01T02:00:00Z" } };
    const denied = await s.request("POST", `/v1/runs/${run?.id}/reschedule`, until);
    expect(denied.status).toBe(401);
    const allowed = await s.request("POST", `/v1/runs/${run?.id}/reschedule`, {
      ...until,
      headers: { authorization: `Bearer ${SIGNING_KEY}` },
    });
    expect(allowed.status).toBe(200);
  });
});
