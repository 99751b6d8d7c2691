import { createSimulation, type RunView } from "@quell/core";
import { reminderCreated, reminderDeleted, remindersApp } from "@quell/core/examples";
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
    push: (userId: string, body: string) => {
      pushes.push({ userId, body, at: sim.now() });
    },
  };

  const { scheduleReminder } = remindersApp({ pushNotificationService });
  const sim = createSimulation({ functions: [scheduleReminder], start: "2024-01-01T00:00:00Z" });
  const remindAt = "2024-01-08T09:00:00Z";
  const created = await sim.send([
    reminderCreated({ reminderId: "r1", remindAt }),
    reminderCreated({
      reminderId: "r2",
      remindAt,
      userId: "user_456",
      reminderBody: "Water the plants",
    }),
  ]);
  await sim.advance("3d");
  await sim.send(reminderDeleted("r1"));
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
