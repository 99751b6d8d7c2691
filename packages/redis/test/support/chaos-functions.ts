// The functions file `quell start` and `quell worker` load in the outage chaos test and bench
// (test/outage-chaos.test.ts, bench/outage.ts): the multi-process test's functions, recording
// into the same Redis, plus a run that sleeps as long as its event says.
import { Quell } from "@quell/core";
import { testFunctions } from "./functions";
import { createRecorder, type Recorder } from "./recorder";

const env = (name: string): string => {
  const value = process.env[name];
  if (value === undefined) throw new Error(`chaos functions: ${name} is not set`);
  return value;
};

const prefix = env("QUELL_TEST_PREFIX");
const recorder = createRecorder({ url: env("QUELL_TEST_REDIS") }, prefix, env("QUELL_TEST_WORKER"));
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Steps record into the Redis that goes down: a record waits for it to come back rather than
 * fail the step (a step's own failure is not what this test is about). A record repeated after
 * a lost reply repeats its token, which the checks accept. A record that needed a retry says
 * when the code began (`late`): what the store held when it finally landed is not what it held
 * then, and the checks judge it by that time instead.
 */
const patient: Recorder = {
  ...recorder,
  record: async (k, run, step, stepHash, token) => {
    const at = Date.now();
    for (let attempt = 0; ; attempt++) {
      try {
        return await recorder.record(
          k,
          run,
          step,
          stepHash,
          token,
          attempt > 0 ? { at } : undefined,
        );
      } catch {
        await pause(100);
      }
    }
  },
};

/** Sleeps `data.ms`, then completes: runs that come due while Redis is down. */
export const napper = new Quell({ id: "chaos" }).createFunction(
  { id: "napper" },
  { event: "chaos/nap" },
  async ({ event, step }) => {
    await step.sleep("nap", Number(event.data.ms));
    return step.run("after", async () => "woke");
  },
);

export default testFunctions(patient, prefix);
