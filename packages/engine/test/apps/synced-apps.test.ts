// Functions of synced SDK apps (docs/inngest-sdk.md): stored by id, run through the remote host
// port, replaced by a re-sync while the runs already created keep their retries and cancelOn.
import {
  type App,
  executeHandler,
  type Op,
  Quell,
  type QuellFunction,
  type RemoteFunctionConfig,
  type SyncedApp,
} from "@quell/core";
import { memoryStore } from "@quell/memory";
import { afterEach, describe, expect, it } from "vitest";
import { createEngine, type Engine, type FunctionHost, virtualClock } from "../../src/index";

const START = Date.parse("2024-01-01T00:00:00.000Z");

const remote = (
  id: string,
  overrides: Partial<RemoteFunctionConfig> = {},
): RemoteFunctionConfig => ({
  id,
  name: id,
  retries: null,
  trigger: { event: "job/started", if: null },
  cancelOn: [{ event: "job/cancelled", if: "async.data.id == event.data.id", timeout: null }],
  url: `http://127.0.0.1:3000/api/inngest?fnId=app-${id}&stepId=step`,
  ...overrides,
});

const app = (functions: RemoteFunctionConfig[]): SyncedApp => ({
  id: "app",
  url: "http://127.0.0.1:3000/api/inngest",
  sdk: "js:v4.24.0",
  framework: "nodejs",
  functions,
});

/** A host that runs, for each slug, an in-process handler standing in for the app's code. */
const hostOf = (code: Map<string, QuellFunction>, calls: string[] = []): FunctionHost => ({
  execute: async (request) => {
    calls.push(`${request.fn.slug} ${request.allowStep ?? "step"}`);
    const fn = code.get(request.fn.slug);
    if (fn === undefined) throw new Error(`no code for ${request.fn.slug}`);
    return executeHandler({ ...request, fn });
  },
});

const quell = new Quell({ id: "app" });
let engine: Engine | undefined;
afterEach(async () => {
  await engine?.stop();
  engine = undefined;
});

const start = async (host: FunctionHost, local: QuellFunction[] = []) => {
  const clock = virtualClock(START);
  const store = memoryStore();
  engine = createEngine({ functions: local, store, clock, remote: host, retention: false });
  await engine.start();
  return { engine, clock, store };
};

describe("synced apps", () => {
  it("run their functions on the remote host, listed with the in-process ones", async () => {
    const code = new Map([
      [
        "app-job",
        quell.createFunction({ id: "job" }, { event: "job/started" }, async ({ step }) => {
          return step.run("work", () => "done");
        }),
      ],
    ]);
    const calls: string[] = [];
    const { engine } = await start(hostOf(code, calls));
    expect(await engine.syncApp(app([remote("job")]))).toEqual({ _tag: "Synced", modified: true });
    expect(await engine.syncApp(app([remote("job")]))).toEqual({ _tag: "Synced", modified: false });
    expect((await engine.functions()).map((fn) => fn.function_id)).toEqual(["app-job"]);
    const { ids } = await engine.send({ name: "job/started", data: { id: "1" } });
    await engine.idle();
    const [run] = await engine.runsForEvent(ids[0] ?? "");
    expect(run).toMatchObject({ status: "Completed", output: "done", function_id: "app-job" });
    expect(calls).toEqual(["app-job step", `app-job ${run?.steps[0]?.hash}`, "app-job step"]);
    expect(await engine.apps()).toMatchObject([
      { id: "app", error: null, functions: [{ function_id: "app-job", name: "job" }] },
    ]);
  });

  it("a re-sync replaces the functions; a run already created keeps its retries and cancelOn", async () => {
    const failing = quell.createFunction({ id: "job" }, { event: "job/started" }, async () => {
      throw new Error("boom");
    });
    const { engine, clock } = await start(hostOf(new Map([["app-job", failing]])));
    await engine.syncApp(app([remote("job", { retries: 1 })]));
    const { ids } = await engine.send({ name: "job/started", data: { id: "1" } });
    await engine.idle();
    await engine.syncApp(app([remote("job", { retries: 5, cancelOn: [] })]));
    await clock.advance("1h");
    await engine.idle();
    const [first] = await engine.runsForEvent(ids[0] ?? "");
    // Created with retries 1: two attempts, not six.
    expect(first?.status).toBe("Failed");
    expect(first?.timeline.filter((entry) => entry.type === "run.errored")).toHaveLength(1);
    const views = await engine.functions();
    expect(views[0]).toMatchObject({ retries: 5, cancel_on: [] });
  });

  it("a run whose function a re-sync removed fails instead of waiting forever", async () => {
    const sleeper = quell.createFunction(
      { id: "job" },
      { event: "job/started" },
      async ({ step }) => {
        await step.sleep("nap", "1m");
      },
    );
    const { engine, clock } = await start(hostOf(new Map([["app-job", sleeper]])));
    await engine.syncApp(app([remote("job")]));
    const { ids } = await engine.send({ name: "job/started", data: { id: "1" } });
    await engine.idle();
    await engine.syncApp(app([remote("other")]));
    await clock.advance("2m");
    await engine.idle();
    const [run] = await engine.runsForEvent(ids[0] ?? "");
    expect(run).toMatchObject({ status: "Failed" });
    expect(run?.error?.message).toBe("function app-job is no longer served by app app");
  });

  it("a sync whose slug another function has is refused and recorded; the app keeps its functions", async () => {
    const local = quell.createFunction({ id: "taken" }, { event: "x/y" }, async () => null);
    const { engine } = await start(hostOf(new Map()), [local]);
    await engine.syncApp(app([remote("job")]));
    const refused = await engine.syncApp(app([remote("job"), remote("taken")]));
    expect(refused).toEqual({
      _tag: "Refused",
      error: 'function "app-taken": this slug is already taken by an in-process function',
    });
    const [view] = await engine.apps();
    expect(view).toMatchObject({ error: refused._tag === "Refused" ? refused.error : "" });
    expect(view?.functions.map((fn) => fn.function_id)).toEqual(["app-job"]);
    const bad = await engine.syncApp(
      app([remote("job", { trigger: { event: "a", if: "event.data.x ==" } })]),
    );
    expect(bad._tag === "Refused" && bad.error).toMatch(/^function "app-job": trigger\.if: /);
    expect(await engine.syncApp(app([remote("job")]))).toEqual({ _tag: "Synced", modified: false });
    expect((await engine.apps())[0]?.error).toBeNull();
  });

  it("a problem found before (an unsupported option) is recorded as the refusal", async () => {
    const { engine, store } = await start(hostOf(new Map()));
    const result = await engine.syncApp(
      app([]),
      'function "app-job": concurrency is not supported',
    );
    expect(result._tag).toBe("Refused");
    const stored: readonly App[] = await store.listApps();
    expect(stored).toMatchObject([
      { id: "app", functions: [], error: result._tag === "Refused" ? result.error : "" },
    ]);
  });

  it("a retry waits until the time the code asked for (Retry-After), not the default backoff", async () => {
    let attempts = 0;
    const host: FunctionHost = {
      execute: async ({ now, allowStep, run }): Promise<Op> => {
        if (run.steps.h !== undefined) return { op: "RunComplete", output: null };
        if (allowStep === null)
          return { op: "StepPlanned", id: "s", hash: "h", kind: "run", events: [] };
        attempts += 1;
        return attempts === 1
          ? {
              op: "StepError",
              id: "s",
              hash: "h",
              error: { name: "Error", message: "later" },
              retriable: true,
              retryAt: now + 60_000,
            }
          : { op: "StepRun", id: "s", hash: "h", output: attempts };
      },
    };
    const { engine, clock } = await start(host);
    await engine.syncApp(app([remote("job")]));
    await engine.send({ name: "job/started", data: {} });
    await engine.idle();
    await clock.advance("30s"); // the default backoff (1 s) is long past
    await engine.idle();
    expect(attempts).toBe(1);
    await clock.advance("31s");
    await engine.idle();
    expect(attempts).toBe(2);
  });

  it("events sent with the same SDK seed are ingested once (the SDK's retries of one send)", async () => {
    const { engine } = await start(hostOf(new Map()));
    const events = [
      { name: "a/b", data: {} },
      { name: "a/c", data: {} },
    ];
    const first = await engine.send(events, { idSeed: "1795951320083,BlRazcZRjxVroQ==" });
    const again = await engine.send(events, { idSeed: "1795951320083,BlRazcZRjxVroQ==" });
    const other = await engine.send(events, { idSeed: "1795951320084,BlRazcZRjxVroQ==" });
    expect(again.ids).toEqual(first.ids);
    expect(other.ids).not.toContain(first.ids[0]);
  });
});
