// SPEC §2 retries: default 4 with backoff; NonRetriableError stops at once; step.run's callback
// gets `attempt`; a step that failed for good throws StepFailedError into the handler, which may
// catch it.
import { NonRetriableError, Quell, StepFailedError } from "@quell/core";
import { describe, expect, it } from "vitest";
import { drivers } from "../support/drivers";
import { runOf, stepById, useDrivers } from "../support/fixtures";

// A second instance of core's errors module, as when a functions file imports the project's
// @quell/core and the engine runs another copy (a global `quell`, two versions installed).
const copy = "../../../core/src/sdk/errors.ts?another-copy";
const otherCopy = (await import(/* @vite-ignore */ copy)) as {
  NonRetriableError: typeof NonRetriableError;
};
if (otherCopy.NonRetriableError === NonRetriableError) throw new Error("expected a second copy");

describe.each(drivers)("$name", ({ create }) => {
  const start = useDrivers(create);

  it("retries: by default a failing step is retried 4 times after a backoff, then the run fails", async () => {
    const attempts: number[] = [];
    const fn = new Quell({ id: "app" }).createFunction(
      { id: "job" },
      { event: "job/started" },
      async ({ step }) => {
        await step.run("flaky", ({ attempt }) => {
          attempts.push(attempt);
          throw new Error(`failure ${attempt}`);
        });
      },
    );
    expect(fn.retries).toBe(4);
    const d = await start([fn]);
    const { ids } = await d.send({ name: "job/started", data: {} });
    // No retry happens before virtual time moves: there is a backoff.
    expect(attempts).toEqual([0]);
    const waiting = await runOf(d, ids[0]);
    expect(waiting.state).toBe("backoff");
    expect(waiting.status).toBe("Running");
    expect(waiting.ended_at).toBeNull();
    await d.advance("1d");
    expect(attempts).toEqual([0, 1, 2, 3, 4]);
    const run = await runOf(d, ids[0]);
    expect(run.status).toBe("Failed");
    expect(run.error).toMatchObject({ name: "StepFailedError" });
    expect(run.error?.message).toContain("failure 4");
    expect(stepById(run, "flaky")).toMatchObject({
      status: "failed",
      error: { message: "failure 4" },
    });
  });

  it("retries: each retry waits for its backoff — attempts happen at increasing virtual times", async () => {
    const at: number[] = [];
    let now = (): number => Number.NaN;
    const fn = new Quell({ id: "app" }).createFunction(
      { id: "job", retries: 3 },
      { event: "job/started" },
      async ({ step }) => {
        await step.run("flaky", () => {
          at.push(now());
          throw new Error("nope");
        });
      },
    );
    const d = await start([fn]);
    now = () => d.now();
    await d.send({ name: "job/started", data: {} });
    await d.advance("1h");
    expect(at).toHaveLength(4);
    for (let i = 1; i < at.length; i++)
      expect(at[i] as number).toBeGreaterThan(at[i - 1] as number);
  });

  it("retries: `retries: 2` gives three attempts; `retries: 0` gives one", async () => {
    const counts = { two: 0, zero: 0 };
    const quell = new Quell({ id: "app" });
    const two = quell.createFunction(
      { id: "two", retries: 2 },
      { event: "job/started" },
      async ({ step }) => {
        await step.run("s", () => {
          counts.two += 1;
          throw new Error("x");
        });
      },
    );
    const zero = quell.createFunction(
      { id: "zero", retries: 0 },
      { event: "job/started" },
      async ({ step }) => {
        await step.run("s", () => {
          counts.zero += 1;
          throw new Error("x");
        });
      },
    );
    const d = await start([two, zero]);
    await d.send({ name: "job/started", data: {} });
    await d.advance("1d");
    expect(counts).toEqual({ two: 3, zero: 1 });
    for (const run of await d.runs()) expect(run.status).toBe("Failed");
  });

  it("retries: a step that succeeds on a retry continues the run; the next step starts at attempt 0", async () => {
    const seen: string[] = [];
    const fn = new Quell({ id: "app" }).createFunction(
      { id: "job" },
      { event: "job/started" },
      async ({ step }) => {
        const a = await step.run("a", ({ attempt }) => {
          seen.push(`a${attempt}`);
          if (attempt < 2) throw new Error("not yet");
          return "A";
        });
        const b = await step.run("b", ({ attempt }) => {
          seen.push(`b${attempt}`);
          return `${a}B`;
        });
        return b;
      },
    );
    const d = await start([fn]);
    const { ids } = await d.send({ name: "job/started", data: {} });
    await d.advance("1h");
    expect(seen).toEqual(["a0", "a1", "a2", "b0"]);
    const run = await runOf(d, ids[0]);
    expect(run.status).toBe("Completed");
    expect(run.output).toBe("AB");
  });

  it.each([
    ["this copy of @quell/core", NonRetriableError],
    ["another copy of @quell/core (a functions file's own install)", otherCopy.NonRetriableError],
  ])(
    "retries: NonRetriableError from %s stops at once — one attempt, the run fails without a backoff",
    async (_, Fatal) => {
      let attempts = 0;
      const fn = new Quell({ id: "app" }).createFunction(
        { id: "job", retries: 10 },
        { event: "job/started" },
        async ({ step }) => {
          await step.run("fatal", () => {
            attempts += 1;
            throw new Fatal("bad input");
          });
        },
      );
      const d = await start([fn]);
      const { ids } = await d.send({ name: "job/started", data: {} });
      const run = await runOf(d, ids[0]);
      expect(run.status).toBe("Failed");
      expect(attempts).toBe(1);
      expect(stepById(run, "fatal")).toMatchObject({
        status: "failed",
        error: { name: "NonRetriableError", message: "bad input" },
      });
      await d.advance("1d");
      expect(attempts).toBe(1);
    },
  );

  it("retries: NonRetriableError thrown by the handler itself fails the run at once", async () => {
    let entries = 0;
    const fn = new Quell({ id: "app" }).createFunction(
      { id: "job" },
      { event: "job/started" },
      async () => {
        entries += 1;
        throw new NonRetriableError("no point retrying");
      },
    );
    const d = await start([fn]);
    const { ids } = await d.send({ name: "job/started", data: {} });
    const run = await runOf(d, ids[0]);
    expect(run.status).toBe("Failed");
    expect(run.error).toMatchObject({ name: "NonRetriableError", message: "no point retrying" });
    await d.advance("1d");
    expect(entries).toBe(1);
  });

  it("retries: an error thrown by the handler outside any step is retried too, with ctx.attempt counting", async () => {
    const attempts: number[] = [];
    const fn = new Quell({ id: "app" }).createFunction(
      { id: "job" },
      { event: "job/started" },
      async ({ attempt }) => {
        attempts.push(attempt);
        if (attempt === 0) throw new Error("transient");
        return `ok after ${attempt}`;
      },
    );
    const d = await start([fn]);
    const { ids } = await d.send({ name: "job/started", data: {} });
    await d.advance("1h");
    expect(attempts).toEqual([0, 1]);
    expect((await runOf(d, ids[0])).output).toBe("ok after 1");
  });

  it("retries: a step that failed for good throws StepFailedError into the handler, which may catch it", async () => {
    let caught: unknown;
    const fn = new Quell({ id: "app" }).createFunction(
      { id: "job", retries: 1 },
      { event: "job/started" },
      async ({ step }) => {
        try {
          await step.run("charge", () => {
            throw new Error("card declined");
          });
          return "charged";
        } catch (error) {
          caught = error;
          await step.run("notify", () => "notified");
          return "recovered";
        }
      },
    );
    const d = await start([fn]);
    const { ids } = await d.send({ name: "job/started", data: {} });
    await d.advance("1h");
    const run = await runOf(d, ids[0]);
    expect(run.status).toBe("Completed");
    expect(run.output).toBe("recovered");
    expect(caught).toBeInstanceOf(StepFailedError);
    expect((caught as StepFailedError).stepId).toBe("charge");
    expect((caught as StepFailedError).failure).toMatchObject({ message: "card declined" });
    expect(stepById(run, "notify")).toMatchObject({ status: "completed", output: "notified" });
  });

  it("retries: an uncaught StepFailedError fails the run without retrying the handler", async () => {
    let entriesAfterFailure = 0;
    let failedForGood = false;
    const fn = new Quell({ id: "app" }).createFunction(
      { id: "job", retries: 0 },
      { event: "job/started" },
      async ({ step }) => {
        if (failedForGood) entriesAfterFailure += 1;
        await step.run("s", () => {
          failedForGood = true;
          throw new Error("gone");
        });
      },
    );
    const d = await start([fn]);
    const { ids } = await d.send({ name: "job/started", data: {} });
    await d.advance("1d");
    expect((await runOf(d, ids[0])).status).toBe("Failed");
    expect(entriesAfterFailure).toBe(1); // the one execution that threw StepFailedError, no retries of it
  });
  it("retries: retrying a later step never recomputes a step whose result was committed (§7.5)", async () => {
    const calls = { a: 0, b: 0 };
    const fn = new Quell({ id: "app" }).createFunction(
      { id: "job" },
      { event: "job/started" },
      async ({ step }) => {
        const a = await step.run("a", () => {
          calls.a += 1;
          return `a${calls.a}`;
        });
        const b = await step.run("b", ({ attempt }) => {
          calls.b += 1;
          if (attempt < 3) throw new Error("again");
          return `${a}+b`;
        });
        return b;
      },
    );
    const d = await start([fn]);
    const { ids } = await d.send({ name: "job/started", data: {} });
    await d.advance("1d");
    expect(calls).toEqual({ a: 1, b: 4 });
    expect((await runOf(d, ids[0])).output).toBe("a1+b");
  });
});
