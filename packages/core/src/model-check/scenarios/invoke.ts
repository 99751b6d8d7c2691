import type { InvokeCascade } from "../../codecs/invoke";
import { Quell } from "../../sdk/quell";
import type { CustomInvariant, Scenario } from "../types";

// `step.invoke` and the cascade (SPEC §2, §7.9): a parent cancelled at any point while its
// child runs, in particular while the child's step is in flight.

/** The label of the child run (its triggering event is the parent's invoke). */
export const INVOKED_CHILD = "function.invoked(parent:run)";
/** The label of the grandchild run of the three-generation scenario. */
export const INVOKED_GRANDCHILD = `function.invoked(middle:${INVOKED_CHILD})`;

/**
 * A parent that invokes a child, through a middle run when `middle`; the child sleeps, then
 * runs two steps.
 */
const invokeFunctions = (cascade: InvokeCascade, middle = false) => {
  const app = new Quell({ id: "invoke-app" });
  const child = app.createFunction(
    { id: "child" },
    { event: "invoke-app/child" },
    async ({ step }) => {
      await step.sleep("nap", "1h");
      const worked = await step.run("child-work", () => "worked");
      await step.run("child-after", () => "after");
      return worked;
    },
  );
  const between = app.createFunction({ id: "middle" }, { event: "invoke-app/middle" }, ({ step }) =>
    step.invoke("call-child", { function: child }),
  );
  const parent = app.createFunction(
    { id: "parent" },
    { event: "invoke-app/parent.started" },
    ({ step }) =>
      step.invoke("call-child", { function: middle ? between : child, data: { job: 1 }, cascade }),
  );
  return middle ? [parent, between, child] : [parent, child];
};

/** A cancelled descendant was cancelled by its parent, and never by anything else. */
const cancelledByParent: CustomInvariant = {
  name: "the child is cancelled only by its parent",
  check: ({ runs }) => {
    for (const [label, run] of runs) {
      if (label.startsWith("parent:") || run.cancellation === null) continue;
      if (run.cancellation.source !== "parent" || run.cancellation.caused_by_run_id === undefined)
        return `${label} was cancelled with source ${run.cancellation.source}`;
    }
    return null;
  },
};

/** The script: the parent starts, everything settles, the child wakes, and the parent is cancelled. */
const steps = (): Scenario["steps"] => [
  { send: { name: "invoke-app/parent.started", data: {} }, label: "run" },
  { idle: true },
  { advance: "1h" },
  { cancel: "run", reason: "no longer needed" },
];

/** The built-in scenarios of `step.invoke` (`pnpm check:model`). */
export const invokeScenarios = (): Scenario[] => [
  {
    name: "invoke: parent cancelled while the child's step is in flight",
    description:
      "cancelRun of the parent when the child's sleep ends: the cascade reaches the child at any point of its steps",
    functions: invokeFunctions("cancel"),
    steps: steps(),
    leaseExpiries: 1,
    expect: { run: ["Cancelled", "Completed"], [INVOKED_CHILD]: ["Cancelled", "Completed"] },
    invariants: [cancelledByParent],
  },
  {
    name: "invoke: grandparent cancelled during the grandchild's step",
    description: "as above, through a middle run: the cascade goes down two generations",
    functions: invokeFunctions("cancel", true),
    steps: steps(),
    expect: {
      run: ["Cancelled", "Completed"],
      [INVOKED_CHILD]: ["Cancelled", "Completed"],
      [INVOKED_GRANDCHILD]: ["Cancelled", "Completed"],
    },
    invariants: [cancelledByParent],
  },
  {
    name: "invoke: parent cancelled at any moment",
    description:
      "cancelRun of the parent right after its event: before it invokes, between the invoke's commit and the child's creation, or later",
    functions: invokeFunctions("cancel"),
    steps: [
      { send: { name: "invoke-app/parent.started", data: {} }, label: "run" },
      { cancel: "run" },
    ],
    expect: { run: ["Cancelled", "Completed"] },
    invariants: [cancelledByParent],
  },
  {
    name: "invoke: detached child outlives its cancelled parent",
    description: "as above, with cascade: detach: the child always completes",
    functions: invokeFunctions("detach"),
    steps: steps(),
    expect: { run: ["Cancelled", "Completed"], [INVOKED_CHILD]: ["Completed"] },
  },
];
