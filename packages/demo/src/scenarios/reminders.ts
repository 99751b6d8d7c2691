import { createSimulation, Quell, type RunView } from "@quell/core";
import { runOf, type ScenarioResult, shortTime } from "../scenario";

export interface Push {
  readonly userId: string;
  readonly body: string;
  readonly at: number;
}

export interface RemindersResult extends ScenarioResult {
  readonly r1: RunView;
  readonly r2: RunView;
  readonly pushes: readonly Push[];
}

/**
 * The seeds' reminder app ("Cancel running functions"): two reminders due on Jan 8 at 09:00;
 * r1 is deleted three days in, while its run sleeps in `step.sleepUntil`.
 */
export const remindersScenario = async (): Promise<RemindersResult> => {
  const pushes: Push[] = [];
  const pushNotificationService = {
    push: async (userId: string, body: string): Promise<void> => {
      pushes.push({ userId, body, at: sim.now() });
    },
  };

  const quell = new Quell({ id: "reminders-app" });
  const scheduleReminder = quell.createFunction(
    {
      id: "schedule-reminder",
      cancelOn: [
        {
          event: "tasks/reminder.deleted", // The event name that cancels this function
          match: "data.reminderId", // The field that must match in both events received
        },
      ],
    },
    { event: "tasks/reminder.created" },
    async ({ event, step }) => {
      await step.sleepUntil("sleep-until-remind-at-time", event.data.remindAt);
      await step.run("send-reminder-push", async () => {
        await pushNotificationService.push(event.data.userId, event.data.reminderBody);
      });
    },
  );

  const sim = createSimulation({ functions: [scheduleReminder], start: "2024-01-01T00:00:00Z" });
  const remindAt = "2024-01-08T09:00:00Z";
  const created = await sim.send([
    {
      name: "tasks/reminder.created",
      data: {
        userId: "user_123",
        reminderId: "r1",
        reminderBody: "Pick up Jane from the airport",
        remindAt,
      },
    },
    {
      name: "tasks/reminder.created",
      data: { userId: "user_456", reminderId: "r2", reminderBody: "Water the plants", remindAt },
    },
  ]);
  await sim.advance("3d");
  await sim.send({
    name: "tasks/reminder.deleted",
    data: { userId: "user_123", reminderId: "r1" },
  });
  await sim.advance("5d");
  await sim.settle();

  const r1 = runOf(sim, created.ids[0]);
  const r2 = runOf(sim, created.ids[1]);
  return {
    title: "Reminder deleted while its run sleeps (cancelOn + match)",
    story: [
      "Two reminders are created on Jan 1, both due on Jan 8 at 09:00. Each run sleeps in",
      'step.sleepUntil. On Jan 4 the user deletes r1: "tasks/reminder.deleted" has the same',
      "data.reminderId as r1's trigger (match), so r1's cancelOn listener cancels it at once:",
      "its timer is removed and step 2 never runs. r2's id differs, so r2 sleeps on and is pushed.",
    ],
    sim,
    shown: [
      { label: 'r1 "Pick up Jane from the airport"', runId: r1.id },
      { label: 'r2 "Water the plants"', runId: r2.id },
    ],
    observed: [
      `pushes sent: ${pushes.length}`,
      ...pushes.map((p) => `  ${shortTime(p.at)}  to ${p.userId}: "${p.body}"`),
    ],
    r1,
    r2,
    pushes,
  };
};
