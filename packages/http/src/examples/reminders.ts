import { Quell } from "@quell/core";

// The seeds' reminder app ("Cancel running functions"): sleep until the reminder is due, then
// push it; a `tasks/reminder.deleted` event with the same reminderId cancels the run.
const quell = new Quell({ id: "reminders-app" });

export const scheduleReminder = quell.createFunction(
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
  async ({ event, step, logger }) => {
    await step.sleepUntil("sleep-until-remind-at-time", event.data.remindAt);
    await step.run("send-reminder-push", async () => {
      // Stands in for pushNotificationService.push(userId, reminderBody).
      logger.info(`push to ${event.data.userId}: ${event.data.reminderBody}`);
      return { pushed: true };
    });
  },
);
