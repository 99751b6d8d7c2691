import { hashStepId, Quell, type QuellFunction } from "@quell/core";
import { hashTag } from "../../src/index";
import type { Recorder } from "./recorder";

export const APP = "mp";
export const WORK = `${APP}-work`;
export const SLEEPER = `${APP}-sleeper`;
export const CLEANUP = `${APP}-cleanup`;
export const GATED = `${APP}-gated`;

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The functions every process of the multi-process and crash tests registers. Each step's code
 * records its start and end (see recorder.ts) and returns a token unique to that execution, so
 * the committed result names the execution that produced it.
 */
export const testFunctions = (recorder: Recorder, prefix: string): QuellFunction[] => {
  const quell = new Quell({ id: APP });

  /** A recorded step: start, some work, end; returns this execution's token. */
  const recorded =
    (runId: string, id: string, work: () => Promise<void>) => async (): Promise<string> => {
      const token = recorder.token();
      const hash = hashStepId(id);
      await recorder.record("start", runId, id, hash, token);
      await work();
      await recorder.record("end", runId, id, hash, token);
      return token;
    };

  const jitter = () => pause(Math.floor(Math.random() * 8));

  const work = quell.createFunction(
    { id: "work", retries: 0, cancelOn: [{ event: "mp/cancel", match: "data.id" }] },
    { event: "mp/work" },
    async ({ step, runId }) => {
      const a = await step.run("s1", recorded(runId, "s1", jitter));
      await step.sleep("nap", 20);
      const b = await step.run("s2", recorded(runId, "s2", jitter));
      const c = await step.run("s3", recorded(runId, "s3", jitter));
      return [a, b, c];
    },
  );

  const sleeper = quell.createFunction(
    { id: "sleeper", retries: 0 },
    { event: "mp/sleep" },
    async ({ step, runId }) => {
      await step.run("s1", recorded(runId, "s1", jitter));
      await step.sleep("long", "1h");
      await step.run("s2", recorded(runId, "s2", jitter));
    },
  );

  const cleanup = quell.createFunction(
    { id: "cleanup", retries: 0 },
    {
      event: "inngest/function.cancelled",
      if: `event.data.function_id == '${WORK}' || event.data.function_id == '${SLEEPER}' || event.data.function_id == '${GATED}'`,
    },
    async ({ event, step }) => {
      const cancelled = String((event.data as { run_id?: unknown }).run_id);
      await step.run("record", async () => {
        await recorder.record("cleanup", cancelled, "cleanup", "", recorder.token());
      });
    },
  );

  // The crash test's function: step "b" holds until the test opens the gate.
  const gated = quell.createFunction(
    { id: "gated", retries: 0, cancelOn: [{ event: "mp/gated.cancel", match: "data.id" }] },
    { event: "mp/gated" },
    async ({ step, runId }) => {
      const a = await step.run("a", recorded(runId, "a", jitter));
      const b = await step.run(
        "b",
        recorded(runId, "b", async () => {
          while ((await recorder.client.exists(`${hashTag(prefix)}test:gate`)) === 0)
            await pause(20);
        }),
      );
      const c = await step.run("c", recorded(runId, "c", jitter));
      return [a, b, c];
    },
  );

  return [work, sleeper, cleanup, gated];
};
