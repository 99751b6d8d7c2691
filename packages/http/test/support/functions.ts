import { NonRetriableError, Quell, type QuellFunction } from "@quell/core";
import { exampleFunctions } from "../../src/index";

const quell = new Quell({ id: "test-app" });

/** Completes at once with its event's `data.value`. */
export const quick = quell.createFunction(
  { id: "quick" },
  { event: "test/quick" },
  async ({ event, step }) => step.run("echo", () => event.data.value ?? null),
);

/** Fails for good on its first attempt. */
export const failing = quell.createFunction(
  { id: "failing", retries: 0 },
  { event: "test/fail" },
  async () => {
    throw new NonRetriableError("boom");
  },
);

/** Sleeps a day, then completes: a run that stays in flight while time does not move. */
export const sleeper = quell.createFunction(
  { id: "sleeper", cancelOn: [{ event: "test/wake-cancel", match: "data.key" }] },
  { event: "test/sleep" },
  async ({ step }) => {
    await step.sleep("nap", "1d");
    return "rested";
  },
);

/** The seeds' examples plus the helpers above. */
export const testFunctions: readonly QuellFunction[] = [
  ...exampleFunctions,
  quick,
  failing,
  sleeper,
];
