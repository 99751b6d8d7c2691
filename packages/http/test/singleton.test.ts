import { type FunctionView, Quell, type RunView } from "@quell/core";
import { describe, expect, it } from "vitest";
import { stores, useServers } from "./support/server";

const open = useServers();

const quell = new Quell({ id: "app" });
const syncFor = (mode: "skip" | "cancel") =>
  quell.createFunction(
    { id: `sync-${mode}`, singleton: { key: "event.data.user", mode } },
    { event: `user/sync.${mode}` },
    async ({ step }) => {
      await step.sleep("cool-down", "1h");
      return "done";
    },
  );
const functions = [syncFor("skip"), syncFor("cancel")];

describe.each(stores)("%s store: singleton over HTTP (SPEC §7.8)", (store) => {
  it("GET /v1/functions shows the singleton option", async () => {
    const s = await open({ store, functions });
    const listed = await s.data<FunctionView[]>("GET", "/v1/functions");
    expect(listed.map((fn) => [fn.function_id, fn.singleton])).toEqual([
      ["app-sync-skip", { mode: "skip", key: "event.data.user" }],
      ["app-sync-cancel", { mode: "cancel", key: "event.data.user" }],
    ]);
  });

  it("skip: the second run is Skipped; cancel: the first is Cancelled naming the second", async () => {
    const s = await open({ store, functions });
    const [kept] = await s.send({ name: "user/sync.skip", data: { user: "u1" } });
    const [skipped] = await s.send({ name: "user/sync.skip", data: { user: "u1" } });
    const keptRun = await s.runOf(kept);
    const skippedRun = await s.runOf(skipped);
    expect(keptRun.status).toBe("Sleeping");
    expect(skippedRun.status).toBe("Skipped");
    expect(skippedRun.timeline.at(-1)).toMatchObject({
      type: "skipped",
      detail: `singleton: run ${keptRun.id} is in progress`,
    });

    const [older] = await s.send({ name: "user/sync.cancel", data: { user: "u1" } });
    const [newer] = await s.send({ name: "user/sync.cancel", data: { user: "u1" } });
    const newerRun = await s.runOf(newer);
    const olderRun = await s.data<RunView>("GET", `/v1/runs/${(await s.runOf(older)).id}`);
    expect(newerRun.status).toBe("Sleeping");
    expect(olderRun.status).toBe("Cancelled");
    expect(olderRun.cancellation).toEqual({
      source: "singleton",
      at: "2024-01-01T00:00:00.000Z",
      caused_by_run_id: newerRun.id,
      reason: "a newer run of this singleton started",
    });
  });
});
