import { createSimulation, Quell, type RunView, type StepRecord } from "@quell/core";
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
    push: async (userId: string, body: string, signal: AbortSignal) => {
      note(`step 2: push to ${userId} starts ("${body}")`);
      pushStarted.resolve();
      await releasePush.promise;
      // The signal was aborted when the cancel committed; this service chooses to finish.
      note(`step 2: push delivered (signal.aborted = ${signal.aborted})`);
      return { messageId: "push-0001" };
    },
  };

  const quell = new Quell({ id: "reminders-app" });
  const scheduleReminder = quell.createFunction(
    {
      id: "schedule-reminder",
      cancelOn: [{ event: "tasks/deleted", if: "event.data.id == async.data.id" }],
    },
    { event: "tasks/reminder.created" },
    async ({ event, step }) => {
      // Step 1
      await step.sleepUntil("sleep-until-remind-at-time", event.data.remindAt);
      // Step 2 (passes the step's abort signal along; otherwise as in the seed)
      await step.run("send-reminder-push", async ({ signal }) => {
        return await pushNotificationService.push(
          event.data.userId,
          event.data.reminderBody,
          signal,
        );
      });
    },
  );
  const cleanupCancelledReminder = quell.createFunction(
    { id: "cleanup-cancelled-reminder" },
    {
      event: "inngest/function.cancelled",
      if: "event.data.function_id == 'reminders-app-schedule-reminder'",
    },
    async ({ event, logger }) => {
      note("cleanup function runs");
      logger.info(
        `Reminder ${event.data.event.data.id} was cancelled (source: ${event.data.cancellation.source}); cleaning up`,
      );
    },
  );

  const sim = createSimulation({
    functions: [scheduleReminder, cleanupCancelledReminder],
    start: "2024-01-01T00:00:00Z",
  });
  const created = await sim.send({
    name: "tasks/reminder.created",
    data: {
      id: "task-7",
      userId: "user_123",
      reminderBody: "Pick up Jane from the airport",
      remindAt: "2024-01-08T00:00:00Z",
    },
  });
  // Not awaited yet: advancing wakes the run, and step 2 then blocks until released.
  const week = sim.advance("1w");
  await pushStarted.promise;
  note('"tasks/deleted" sent for task-7');
  await sim.send({ name: "tasks/deleted", data: { id: "task-7" } });
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
