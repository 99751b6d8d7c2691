import { FUNCTION_CANCELLED, Quell } from "@quell/core";
import { deferred } from "../support/drivers";

/** The seeds' bulk-cancellation example app: "acme-app" with "schedule-reminder". */
export const reminderApp = () => {
  const pushes: string[] = [];
  const cleanups: string[] = [];
  const gate = { started: deferred(), release: deferred(), block: false };
  const quell = new Quell({ id: "acme-app" });
  const scheduleReminder = quell.createFunction(
    {
      id: "schedule-reminder",
      cancelOn: [{ event: "tasks/reminder.deleted", match: "data.reminderId" }],
    },
    { event: "tasks/reminder.created" },
    async ({ event, step }) => {
      await step.sleepUntil("sleep-until-remind-at-time", event.data.remindAt);
      await step.run("send-reminder-push", async () => {
        gate.started.resolve();
        if (gate.block) await gate.release.promise;
        pushes.push(event.data.reminderId);
        return { pushed: event.data.reminderId };
      });
      await step.run("mark-sent", () => "sent");
    },
  );
  const cleanup = quell.createFunction(
    { id: "cleanup" },
    { event: FUNCTION_CANCELLED, if: "event.data.function_id == 'acme-app-schedule-reminder'" },
    async ({ event }) => {
      cleanups.push(event.data.run_id);
    },
  );
  return { functions: [scheduleReminder, cleanup], pushes, cleanups, gate };
};

export const reminder = (
  reminderId: string,
  userId: string,
  remindAt = "2024-02-01T00:00:00.000Z",
) => ({
  name: "tasks/reminder.created",
  data: { reminderId, userId, remindAt },
});
