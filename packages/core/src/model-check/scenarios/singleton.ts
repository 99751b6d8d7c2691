import { Quell } from "../../sdk/quell";
import type { QuellFunction, SingletonConfig } from "../../sdk/types";
import type { Scenario, ScenarioAction } from "../types";

// Two events of one singleton function racing (SPEC §7.8): the second is processed at every
// point of the first run's life (queued, a step in flight, sleeping, ended: the clock moves past
// its sleep in any order with the second event), in both modes.

const app = new Quell({ id: "sync-app" });

/** A run that syncs (a step that can be in flight), cools down (a sleep), and ends. */
const syncUser = (singleton: SingletonConfig): QuellFunction =>
  app.createFunction({ id: "sync-user", singleton }, { event: "user/sync" }, async ({ step }) => {
    await step.run("sync", () => "synced");
    await step.sleep("cool-down", "1m");
    return "done";
  });

const sync = (label: string, user: string): ScenarioAction => ({
  send: { name: "user/sync", data: { user } },
  label,
});

/** The scenarios `pnpm check:model` explores for `singleton`. */
export const singletonScenarios = (): Scenario[] => [
  {
    name: "singleton cancel: two events racing",
    description:
      "mode cancel, keyed by user: a second event for the same user cancels the run in progress and runs; another user's run is untouched",
    functions: [syncUser({ key: "event.data.user", mode: "cancel" })],
    steps: [
      sync("first", "u1"),
      sync("other", "u2"),
      { anyOrder: [{ advance: "1m" }, sync("second", "u1")] },
    ],
    expect: { first: ["Cancelled", "Completed"], second: ["Completed"], other: ["Completed"] },
  },
  {
    name: "singleton skip: two events racing",
    description:
      "mode skip, one slot for the function: a second event while the first run is in progress is skipped",
    functions: [syncUser({ mode: "skip" })],
    steps: [sync("first", "u1"), { anyOrder: [{ advance: "1m" }, sync("second", "u2")] }],
    expect: { first: ["Completed"], second: ["Completed", "Skipped"] },
  },
  {
    name: "singleton skip: the run in progress is cancelled",
    description:
      "mode skip: cancelRun of the first run races the second event; a cancelled (or cancelling) run no longer holds the slot",
    functions: [syncUser({ key: "event.data.user", mode: "skip" })],
    steps: [sync("first", "u1"), { anyOrder: [{ cancel: "first" }, sync("second", "u1")] }],
    expect: { first: ["Cancelled"], second: ["Completed", "Skipped"] },
  },
];
