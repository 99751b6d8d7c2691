import { createSimulation, type RunView, type StepRecord } from "@quell/core";
import {
  anatomyApp,
  type ServiceContext,
  taskDeleted,
  taskReminderCreated,
} from "@quell/core/examples";
import { deferred, onlyRunOf, runOf, type ScenarioResult, shortTime } from "../scenario";

export interface AnatomyResult extends ScenarioResult {
  readonly run: RunView;
  /** The run as the API reported it right after the cancel committed, step 2 still running. */
  readonly duringStep: RunView;
  /** Step 2 ("send-reminder-push") as recorded in the run. */
  readonly step2: StepRecord;
  readonly cleanup: RunView;
  /** What happened, in order: the push service, the demo itself, the cleanup function. */
  readonly journal: readonly string[];
}

/**
 * The seeds' "Anatomy of a cancellation", second case: the cancellation arrives while step 2
 * runs. Step 2 is held on a promise so the cancel lands mid-step, then released.
 */
export const anatomyScenario = async (): Promise<AnatomyResult> => {
  const journal: string[] = [];
  const note = (line: string): void => {
    journal.push(`${shortTime(sim.now())}  ${line}`);
  };
  const pushStarted = deferred();
  const releasePush = deferred();
  const pushNotificationService = {
    push: async (userId: string, body: string, { signal }: ServiceContext) => {
      note(`step 2: push to ${userId} starts ("${body}")`);
      pushStarted.resolve();
      await releasePush.promise;
      // The signal was aborted when the cancel committed; this service chooses to finish.
      note(`step 2: push delivered (signal.aborted = ${signal.aborted})`);
      return { messageId: "push-0001" };
    },
  };

  // The seed's function (the signal handed to the service), and the cleanup the page advises.
  const { scheduleReminder, cleanupCancelledReminder } = anatomyApp({
    appId: "reminders-app",
    pushNotificationService,
    onCancelled: () => note("cleanup function runs"),
  });

  const sim = createSimulation({
    functions: [scheduleReminder, cleanupCancelledReminder],
    start: "2024-01-01T00:00:00Z",
  });
  const created = await sim.send(taskReminderCreated("task-7", "2024-01-08T00:00:00Z"));
  // Not awaited yet: advancing wakes the run, and step 2 then blocks until released.
  const week = sim.advance("1w");
  await pushStarted.promise;
  note('"tasks/deleted" sent for task-7');
  await sim.send(taskDeleted("task-7"));
  const duringStep = runOf(sim, created.ids[0]);
  note(
    `cancel committed: run is ${duringStep.state}, API status ${duringStep.status}, ended_at ${String(duringStep.ended_at)}`,
  );
  releasePush.resolve();
  await week;
  await sim.settle();

  const run = runOf(sim, created.ids[0]);
  const step2 = run.steps.find((s) => s.id === "send-reminder-push");
  if (step2 === undefined) throw new Error("step 2 was not recorded");
  const cleanup = onlyRunOf(sim, cleanupCancelledReminder.slug);
  return {
    title: "Cancelled while step 2 runs: the step finishes, then the run ends, then cleanup",
    story: [
      "A reminder sleeps a week (step 1), wakes and starts the push (step 2). While the push is",
      'in flight, "tasks/deleted" arrives. A running step is never interrupted: the cancel',
      "commits at once (the API already says Cancelled, with ended_at null, and the step's",
      "signal is aborted), the push runs to completion and its output is kept, marked as settled",
      'after the cancel. Only then is the run cancelled and "inngest/function.cancelled" emitted,',
      "so the cleanup function never races the last step.",
    ],
    sim,
    shown: [
      { label: "schedule-reminder task-7", runId: run.id },
      { label: "cleanup-cancelled-reminder", runId: cleanup.id },
    ],
    observed: [
      "in order (virtual time stands still while the step runs):",
      ...journal.map((line) => `  ${line}`),
      `step 2 record: ${step2.status}, output ${JSON.stringify(step2.status === "completed" ? step2.output : null)}, settled_after_cancel ${String(step2.settled_after_cancel)}`,
    ],
    run,
    duringStep,
    step2,
    cleanup,
    journal,
  };
};
