// `quell start -u` on its own redis-server with keys: an inngest@4 app in cloud mode (signing
// key, event key, INNGEST_BASE_URL) syncs with its hashed key, accepts Quell's signed calls and
// sends events with its event key; an app with another key rejects Quell's calls, and an app
// whose key Quell does not know cannot sync.
import { createHash } from "node:crypto";
import { type QuellProcess, startQuell } from "@quell/http/testing";
import { type RedisServer, startRedisServer } from "@quell/redis/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AppProcess, freePort, startApp } from "../src/apps";
import { eventually, type QuellApi, quellApi } from "../src/client";
import { timelineTypes } from "./support";

const key = (seed: string) => `signkey-prod-${createHash("sha256").update(seed).digest("hex")}`;
const SIGNING_KEY = key("quell");
/** A second key Quell accepts but does not sign with: its app rejects Quell's calls. */
const OTHER_KEY = key("other");
const UNKNOWN_KEY = key("unknown");
const EVENT_KEY = "ek_production_test_0123456789";

let redis: RedisServer;
let quell: QuellProcess;
let api: QuellApi;
const apps: AppProcess[] = [];

beforeAll(async () => {
  redis = await startRedisServer();
  const quellPort = await freePort();
  const cloud = (signingKey: string) => ({
    INNGEST_DEV: "0",
    INNGEST_BASE_URL: `http://127.0.0.1:${quellPort}`,
    INNGEST_SIGNING_KEY: signingKey,
    INNGEST_EVENT_KEY: EVENT_KEY,
    SDK: "v4",
  });
  apps.push(await startApp("features.mjs", cloud(SIGNING_KEY)));
  apps.push(await startApp("v4-seeds.mjs", cloud(OTHER_KEY)));
  apps.push(await startApp("features.mjs", cloud(UNKNOWN_KEY)));
  const urls = apps.flatMap((app) => app.urls.flatMap((url) => ["-u", url]));
  quell = await startQuell([
    "start",
    "--redis",
    redis.url,
    "--port",
    String(quellPort),
    "--event-key",
    EVENT_KEY,
    "--signing-key",
    `${SIGNING_KEY},${OTHER_KEY}`,
    ...urls,
    "--sync-interval",
    "300ms",
  ]);
  api = quellApi(quell.url, { event: EVENT_KEY, signing: SIGNING_KEY });
  await eventually("apps synced", async () => {
    const synced = await api.apps();
    return synced.length === 4 ? synced : undefined;
  });
});

afterAll(async () => {
  for (const app of apps) await app.stop();
  await quell?.stop();
  await redis?.stop();
});

const ended = (eventId: string) =>
  eventually(`run of ${eventId} ended`, async () => {
    const [run] = await api.runsForEvent(eventId);
    return run?.ended_at ? run : undefined;
  });

describe("quell start -u with signing, on Redis", () => {
  it("the app syncs with the SDK's hashed key; an app whose key Quell does not know cannot", async () => {
    const synced = await api.apps();
    expect(synced.map((app) => app.id)).toEqual([
      "blog",
      "features",
      "newsletter-app",
      "reminders-app",
    ]);
    const unknown = apps[2]?.urls[0] ?? "";
    await eventually("the refused sync logged", async () =>
      quell.output().includes(`app ${unknown}: sync refused (401)`) ? true : undefined,
    );
  });

  it("runs the app's functions: every call signed and accepted; sendEvent with the event key", async () => {
    const [sleeper = "", sender = ""] = await api.send([
      { name: "features/sleep", data: { sleep: "1s" } },
      { name: "features/send", data: { id: "prod" } },
    ]);
    expect(await ended(sleeper)).toMatchObject({ status: "Completed", output: "woke" });
    const sent = await ended(sender);
    expect(sent.status).toBe("Completed");
    const notified = await ended((sent.output as { ids: string[] }).ids[0] ?? "");
    expect(notified.output).toEqual({ notified: "prod" });
  });

  it("an app with another signing key rejects Quell's calls (401), which fail the call", async () => {
    const [id = ""] = await api.send({
      name: "tasks/reminder.created",
      data: {
        userId: "u",
        reminderId: "r-wrong-key",
        reminderBody: "b",
        remindAt: new Date().toISOString(),
      },
    });
    const run = await eventually("a rejected call", async () => {
      const [found] = await api.runsForEvent(id);
      return found !== undefined && timelineTypes(found).includes("run.errored")
        ? found
        : undefined;
    });
    expect(run.timeline.find((e) => e.type === "run.errored")?.detail).toContain(
      "the app answered 401",
    );
    expect(run.steps).toEqual([]);
  });
});

describe("an API-only process and a worker on one store", () => {
  it("the API process syncs the app; the worker (--apps-only) runs its functions, signing its calls", async () => {
    const port = await freePort();
    const app = await startApp("features.mjs", {
      INNGEST_DEV: "0",
      INNGEST_BASE_URL: `http://127.0.0.1:${port}`,
      INNGEST_SIGNING_KEY: SIGNING_KEY,
      INNGEST_EVENT_KEY: EVENT_KEY,
      SDK: "v4",
    });
    const redisArgs = ["--redis", redis.url, "--prefix", "split:", "--poll", "100ms"];
    const keys = ["--event-key", EVENT_KEY, "--signing-key", SIGNING_KEY];
    const apiOnly = await startQuell([
      "start",
      ...redisArgs,
      ...keys,
      "--no-workers",
      "--port",
      String(port),
      "-u",
      app.urls[0] ?? "",
      "--sync-interval",
      "300ms",
    ]);
    const worker = await startQuell(["worker", ...redisArgs, "--apps-only"], {
      QUELL_SIGNING_KEY: SIGNING_KEY,
    });
    try {
      const split = quellApi(apiOnly.url, { event: EVENT_KEY, signing: SIGNING_KEY });
      await eventually("synced", async () =>
        (await split.apps()).length === 1 ? true : undefined,
      );
      const [id = ""] = await split.send({ name: "features/sleep", data: { sleep: "1s" } });
      const run = await eventually("completed by the worker", async () => {
        const [found] = await split.runsForEvent(id);
        return found?.status === "Completed" ? found : undefined;
      });
      expect(run.output).toBe("woke");
    } finally {
      await worker.stop();
      await apiOnly.stop();
      await app.stop();
    }
  });
});
