// The features the seeds' examples do not show, on the SDK version in $SDK (v3 or v4): steps in
// flight when cancelled, waitForEvent, sendEvent, retries, NonRetriableError, RetryAfterError,
// and an app that restarts. Only `createFunction`'s form differs between the versions.
import { listen } from "./serve.mjs";

const version = process.env.SDK === "v3" ? "v3" : "v4";
const { Inngest, NonRetriableError, RetryAfterError } = await import(`inngest-${version}`);
const { serve } = await import(`inngest-${version}/node`);

const inngest = new Inngest({ id: "features" });
/** v3: createFunction(config, trigger, handler); v4: the trigger in the config. */
const createFunction = (config, trigger, handler) =>
  version === "v3"
    ? inngest.createFunction(config, trigger, handler)
    : inngest.createFunction({ ...config, triggers: [trigger] }, handler);
const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

const notified = createFunction(
  { id: "notified" },
  { event: "features/notified" },
  async ({ event }) => ({ notified: event.data.id }),
);

const sleeper = createFunction(
  { id: "sleeper" },
  { event: "features/sleep" },
  async ({ event, step }) => {
    await step.sleep("nap", event.data.sleep ?? "1m");
    return step.run("after", () => "woke");
  },
);

const functions = [
  notified,
  createFunction({ id: "slow-steps" }, { event: "features/slow" }, async ({ event, step }) => {
    const first = await step.run("first", async () => {
      await pause(event.data.ms ?? 1500);
      return "first done";
    });
    const second = await step.run("second", () => "second done");
    return { first, second };
  }),
  createFunction(
    { id: "slow-cleanup" },
    {
      event: "inngest/function.cancelled",
      if: "event.data.function_id == 'features-slow-steps'",
    },
    async ({ event, step }) => step.run("cleanup", () => ({ cleaned: event.data.run_id })),
  ),
  sleeper,
  createFunction({ id: "waiter" }, { event: "features/wait" }, async ({ event, step }) => {
    const confirmed = await step.waitForEvent("confirm", {
      event: "features/confirmed",
      timeout: event.data.timeout ?? "1m",
      match: "data.id",
    });
    return { got: confirmed?.data ?? null };
  }),
  createFunction({ id: "sender" }, { event: "features/send" }, async ({ event, step }) =>
    step.sendEvent("notify", { name: "features/notified", data: { id: event.data.id } }),
  ),
  createFunction({ id: "parallel" }, { event: "features/parallel" }, async ({ step }) =>
    Promise.all([step.run("left", () => "L"), step.run("right", () => "R")]),
  ),
  // Two slow steps side by side, then one more: cancelled while both run.
  createFunction(
    { id: "parallel-slow" },
    { event: "features/parallel-slow" },
    async ({ event, step }) => {
      const both = await Promise.all([
        step.run("slow-left", async () => {
          await pause(event.data.ms ?? 1500);
          return "L";
        }),
        step.run("slow-right", async () => {
          await pause(event.data.ms ?? 1500);
          return "R";
        }),
      ]);
      return step.run("after-both", () => both);
    },
  ),
  createFunction({ id: "invoker" }, { event: "features/invoke" }, async ({ step }) =>
    step.invoke("call-notified", { function: notified, data: { id: "invoked" } }),
  ),
  // Invokes the sleeper for an hour: cancelling this run cascades to that child.
  createFunction({ id: "long-invoker" }, { event: "features/invoke-long" }, async ({ step }) =>
    step.invoke("call-sleeper", { function: sleeper, data: { sleep: "1h" } }),
  ),
  // One run at a time per key: a newer event cancels the run in progress.
  createFunction(
    { id: "single", singleton: { key: "event.data.key", mode: "cancel" } },
    { event: "features/single" },
    async ({ step }) => {
      await step.sleep("nap", "1h");
      return "done";
    },
  ),
  // Must finish within 2 s of its start: its hour-long sleep is cut short.
  createFunction(
    { id: "bounded", timeouts: { finish: "2s" } },
    { event: "features/bounded" },
    async ({ step }) => {
      await step.sleep("nap", "1h");
      return "done";
    },
  ),
  createFunction(
    { id: "flaky", retries: 2 },
    { event: "features/flaky" },
    async ({ event, step, attempt }) =>
      step.run("may-fail", () => {
        if (attempt < event.data.failures) throw new Error(`failure ${attempt}`);
        return { attempt };
      }),
  ),
  createFunction({ id: "fatal" }, { event: "features/fatal" }, async ({ step }) =>
    step.run("fatal", () => {
      throw new NonRetriableError("fatal boom");
    }),
  ),
  // Fails for good; its onFailure handler (the SDK's `<slug>-failure` function) sees why.
  createFunction(
    {
      id: "doomed",
      retries: 0,
      onFailure: async ({ error, event }) => ({
        message: error.message,
        original: event.data.event.data.id,
      }),
    },
    { event: "features/doomed" },
    async ({ step }) =>
      step.run("doom", () => {
        throw new NonRetriableError("doomed boom");
      }),
  ),
  createFunction({ id: "retry-after" }, { event: "features/later" }, async ({ step, attempt }) =>
    step.run("later", () => {
      if (attempt === 0) throw new RetryAfterError("not yet", "3s");
      return { attempt };
    }),
  ),
  // Every minute (Quell fires each tick once; the first whole minute after the sync).
  createFunction({ id: "ticker" }, { cron: "* * * * *" }, async ({ event }) => ({
    name: event.name,
  })),
  createFunction({ id: "restartable" }, { event: "features/restart" }, async ({ step }) => {
    await step.sleep("nap", "1s");
    return step.run("after", () => ({ pid: process.pid }));
  }),
];

listen([{ path: "/api/inngest", handler: serve({ client: inngest, functions }) }]);
