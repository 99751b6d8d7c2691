import { fileURLToPath } from "node:url";
import type { RunView } from "@quell/core";
import { createEngine } from "@quell/engine";
import { redisStore } from "@quell/redis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hello } from "./fixtures/functions";
import { EVENT_KEY, SIGNING_KEY } from "./support/keys";
import { type QuellProcess, quell, startQuell } from "./support/quell-process";
import { type RedisServer, startRedis } from "./support/redis";

const FIXTURE = fileURLToPath(new URL("./fixtures/functions.ts", import.meta.url));
const SLOW = fileURLToPath(new URL("./fixtures/slow-step.ts", import.meta.url));
// The seeds' examples as a functions file, for the commands that need one.
const EXAMPLES = fileURLToPath(new URL("../src/examples.ts", import.meta.url));
// Each command is a Node process loading TypeScript through tsx: allow for a slow machine.
const TIMEOUT = { timeout: 60_000 };

/** Start `quell dev` on a free port. */
const startDev = (args: readonly string[] = []): Promise<QuellProcess> =>
  startQuell(["dev", "--port", "0", ...args]);

const post = async (url: string, body: unknown, key = "dev"): Promise<string[]> => {
  const response = await fetch(`${url}/e/${key}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return ((await response.json()) as { ids: string[] }).ids;
};

const runOf = async (
  url: string,
  eventId: string | undefined,
  headers: Record<string, string> = {},
): Promise<RunView> => {
  for (let i = 0; i < 100; i++) {
    const response = await fetch(`${url}/v1/events/${eventId}/runs`, { headers });
    const [run] = ((await response.json()) as { data: RunView[] }).data;
    if (run !== undefined && run.status !== "Queued" && run.status !== "Running") return run;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`no settled run for ${eventId}`);
};

/** Resolves when `text` appears in the dev server's output. */
const waitFor = async (dev: QuellProcess, text: string): Promise<void> => {
  for (let i = 0; i < 200 && !dev.output().includes(text); i++)
    await new Promise((r) => setTimeout(r, 25));
  if (!dev.output().includes(text)) throw new Error(`never printed ${text}:\n${dev.output()}`);
};

describe("quell dev", TIMEOUT, () => {
  it("runs the reminder flow over HTTP, answers the client commands, and exits 0 on SIGTERM", async () => {
    const dev = await startDev();
    expect(dev.output()).toContain("(memory store, retention 7d;");
    expect(dev.output()).toContain("reminders-app-schedule-reminder");
    expect(dev.output()).toContain("newsletter-app-cleanup-cancelled-import");

    const [created] = await post(dev.url, {
      name: "tasks/reminder.created",
      data: {
        reminderId: "r1",
        userId: "u1",
        reminderBody: "hi",
        remindAt: "2099-01-01T09:00:00Z",
      },
    });
    expect((await runOf(dev.url, created)).status).toBe("Sleeping");
    await post(dev.url, { name: "tasks/reminder.deleted", data: { reminderId: "r1" } });
    const run = await runOf(dev.url, created);
    expect(run.status).toBe("Cancelled");

    const shown = await quell(["run", run.id, "--url", dev.url]);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain("status    Cancelled");
    expect(shown.stdout).toContain('sleeping "sleep-until-remind-at-time"');
    // Times as the API gives them: ISO, the cancellation's and each timeline entry's.
    expect(shown.stdout).toContain(`at ${run.cancellation?.at}`);
    for (const entry of run.timeline) expect(shown.stdout).toContain(`${entry.at}  `);
    expect(run.timeline[0]?.at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    const listed = await quell(["runs", "--status", "Cancelled", "--url", dev.url]);
    expect(listed.stdout).toContain(run.id);
    const events = await quell(["events", "--name", "tasks/reminder.created", "--url", dev.url]);
    expect(events.stdout).toContain(`${created}  tasks/reminder.created`);
    const sent = await quell(["send", "test/nothing", "--data", '{"a":1}', "--url", dev.url]);
    expect(sent).toMatchObject({ code: 0, stdout: expect.stringContaining("sent test/nothing") });

    const unknown = await quell(["run", "nope", "--url", dev.url]);
    expect(unknown).toMatchObject({ code: 1, stderr: "error: run nope not found (HTTP 404)\n" });

    dev.child.kill("SIGTERM");
    expect(await dev.exited).toBe(0);
    expect(dev.output()).toContain("stopped");
  });

  it("loads named exports and a default-exported array from a .ts file", async () => {
    const dev = await startDev([FIXTURE]);
    expect(dev.output()).toContain("Functions (3, from");
    for (const slug of ["fixture-app-hello", "fixture-app-first", "fixture-app-second"]) {
      expect(dev.output()).toContain(slug);
    }
    const [id] = await post(dev.url, { name: "fixture/hello", data: { name: "Ada" } });
    expect((await runOf(dev.url, id)).output).toBe("hello Ada");
    dev.child.kill("SIGINT");
    expect(await dev.exited).toBe(0);
  });
});

describe("quell dev: stopping", TIMEOUT, () => {
  it("on SIGTERM, a step in flight finishes before the process exits 0", async () => {
    const dev = await startDev([SLOW]);
    await post(dev.url, { name: "slow/start", data: { ms: 1500 } });
    await waitFor(dev, "slow step started");
    dev.child.kill("SIGTERM");
    expect(await dev.exited).toBe(0);
    const output = dev.output();
    expect(output.indexOf("slow step finished")).toBeGreaterThan(
      output.indexOf("SIGTERM: stopping"),
    );
    expect(output.indexOf("stopped")).toBeGreaterThan(output.indexOf("slow step finished"));
  });

  it("exits 1 when the step outlasts the grace period", async () => {
    const dev = await startDev([SLOW, "--grace", "300ms"]);
    await post(dev.url, { name: "slow/start", data: { ms: 10_000 } });
    await waitFor(dev, "slow step started");
    dev.child.kill("SIGTERM");
    expect(await dev.exited).toBe(1);
    expect(dev.output()).toContain("grace period over");
  });
});

describe("quell, failing clearly", TIMEOUT, () => {
  it("exits 1 with a message for a missing functions file, a server that is not there, and bad --data", async () => {
    const missing = await quell(["dev", "no-such-file.ts", "--port", "0"]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("functions file not found");
    const unreachable = await quell(["runs", "--url", "http://127.0.0.1:9"]);
    expect(unreachable.code).toBe(1);
    expect(unreachable.stderr).toContain("cannot reach Quell at http://127.0.0.1:9");
    const short = await quell(["dev", "--port", "0", "--retention", "10s"]);
    expect(short).toMatchObject({
      code: 1,
      stderr: expect.stringContaining("--retention: must be at least 60000 ms (1 minute)"),
    });
    const unreadable = await quell(["worker", "--redis", "redis://x", "--retention", "soon"]);
    expect(unreadable).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('--retention: invalid duration "soon"'),
    });
    const badData = await quell(["send", "x", "--data", "{nope"]);
    expect(badData).toMatchObject({
      code: 1,
      stderr: expect.stringContaining("--data is not valid JSON"),
    });
  });
});

describe("quell start and quell worker, on a private redis-server", TIMEOUT, () => {
  let redis: RedisServer;
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    await redis.stop();
  });

  it("start refuses malformed keys with a message, not a stack trace", async () => {
    const start = (eventKey: string, signingKey: string) =>
      quell(["start", "--redis", redis.url, "--event-key", eventKey, "--signing-key", signingKey]);
    const comma = await start(EVENT_KEY, ",");
    expect(comma).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('--signing-key: no key in ","'),
    });
    const short = await start("e", "s");
    expect(short.code).toBe(1);
    expect(short.stderr).toContain('event key "e" is 1 characters; at least 16 are needed');
    expect(short.stderr).toContain('signing key "s" is not of the form signkey-<env>-<hex>');
    const weak = await start(EVENT_KEY, "signkey-prod-abcd");
    expect(weak.stderr).toContain("has 4 hex digits; at least 32 are needed");
    for (const answer of [comma, short, weak]) expect(answer.stderr).not.toMatch(/\n\s+at /);
  });

  it("start needs keys", async () => {
    const noKeys = await quell(["start", "--redis", redis.url, "--port", "0"]);
    expect(noKeys).toMatchObject({ code: 1, stderr: expect.stringContaining("needs --event-key") });
    const noRedis = await quell([
      "start",
      EXAMPLES,
      "--redis",
      "redis://127.0.0.1:9",
      "--event-key",
      EVENT_KEY,
      "--signing-key",
      SIGNING_KEY,
    ]);
    expect(noRedis).toMatchObject({
      code: 1,
      stderr: expect.stringContaining("cannot reach Redis"),
    });
  });

  it("start and worker refuse to run without a functions file, and say what to pass", async () => {
    const keys = ["--event-key", EVENT_KEY, "--signing-key", SIGNING_KEY];
    const start = await quell(["start", "--redis", redis.url, "--port", "0", ...keys]);
    expect(start).toMatchObject({
      code: 1,
      stderr: expect.stringContaining("quell start needs the functions to run"),
    });
    expect(start.stderr).toContain("quell start ./functions.mjs --redis <url>");
    const worker = await quell(["worker", "--redis", redis.url]);
    expect(worker).toMatchObject({
      code: 1,
      stderr: expect.stringContaining("quell worker needs the functions to run"),
    });
    expect(start.stdout + worker.stdout).not.toContain("reminders-app");
  });

  it("start serves the API on Redis with keys checked, and exits 0 on SIGTERM", async () => {
    const keys = ["--event-key", EVENT_KEY, "--signing-key", SIGNING_KEY];
    const server = await startQuell([
      "start",
      EXAMPLES,
      "--redis",
      redis.url,
      "--prefix",
      "cli-start:",
      "--port",
      "0",
      ...keys,
    ]);
    expect(server.output()).toContain("event and signing keys required");
    const auth = { authorization: `Bearer ${SIGNING_KEY}` };
    expect((await fetch(`${server.url}/e/wrong`, { method: "POST" })).status).toBe(401);
    expect((await fetch(`${server.url}/v1/runs`)).status).toBe(401);

    const [created] = await post(
      server.url,
      {
        name: "tasks/reminder.created",
        data: { reminderId: "r1", remindAt: "2099-01-01T00:00:00Z" },
      },
      EVENT_KEY,
    );
    expect((await runOf(server.url, created, auth)).status).toBe("Sleeping");
    await post(
      server.url,
      { name: "tasks/reminder.deleted", data: { reminderId: "r1" } },
      EVENT_KEY,
    );
    const run = await runOf(server.url, created, auth);
    expect(run.status).toBe("Cancelled");
    const listed = await quell(["runs", "--url", server.url, "--signing-key", SIGNING_KEY]);
    expect(listed.stdout).toContain(run.id);

    server.child.kill("SIGTERM");
    expect(await server.exited).toBe(0);
  });

  it("a worker runs what another process ingests", async () => {
    const worker = await startQuell([
      "worker",
      FIXTURE,
      "--redis",
      redis.url,
      "--prefix",
      "cli-worker:",
      "--poll",
      "100ms",
    ]);
    // This process only ingests: its engine is never started, so the worker must do the work.
    const store = redisStore({ url: redis.url, prefix: "cli-worker:" });
    const engine = createEngine({ functions: [hello], store });
    const { ids } = await engine.send({ name: "fixture/hello", data: { name: "Grace" } });
    let run: RunView | undefined;
    for (let i = 0; i < 100 && run?.status !== "Completed"; i++) {
      await new Promise((r) => setTimeout(r, 100));
      [run] = await engine.runsForEvent(ids[0] ?? "");
    }
    expect(run).toMatchObject({ status: "Completed", output: "hello Grace" });
    await store.close();
    worker.child.kill("SIGTERM");
    expect(await worker.exited).toBe(0);
  });
});
