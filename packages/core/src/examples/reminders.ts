import type { EventInput } from "../codecs/event";
import { Quell } from "../sdk/quell";
import type { HandlerContext, QuellFunction } from "../sdk/types";
import { type ServiceContext, withTimeout } from "./context";

/** What the reminder app calls to push a reminder to a user's device. */
export interface PushNotificationService {
  push(userId: string, body: string, context: ServiceContext): unknown;
}

/** Logs the push, so `quell dev` shows it; returns what the step keeps as its output. */
export const loggingPushService: PushNotificationService = {
  push: (userId, body, { logger }) => {
    logger.info(`push to ${userId}: ${body}`);
    return { pushed: true };
  },
};

export interface RemindersAppOptions {
  /** The app's id. The guide names none; its bulk cancellation example says "acme-app". */
  readonly appId?: string;
  readonly pushNotificationService?: PushNotificationService;
  /** A `timeout` on the cancelOn entry (the guide's tip: cancellable for a period only). */
  readonly cancelTimeout?: string;
  /** Steps after the push (the seed's `// ...`); the handler returns what they return. */
  readonly extraSteps?: (ctx: HandlerContext) => Promise<unknown>;
}

/**
 * The seeds' guide "Cancel running functions": a reminder sleeps until it is due, then is
 * pushed; a `tasks/reminder.deleted` event with the same `data.reminderId` cancels the run.
 */
export const remindersApp = (options: RemindersAppOptions = {}) => {
  const quell = new Quell({ id: options.appId ?? "reminders-app" });
  const pushNotificationService = options.pushNotificationService ?? loggingPushService;
  const scheduleReminder: QuellFunction = quell.createFunction(
    {
      id: "schedule-reminder",
      cancelOn: [
        {
          event: "tasks/reminder.deleted", // The event name that cancels this function
          match: "data.reminderId", // The field that must match in both events received
          ...withTimeout(options.cancelTimeout),
        },
      ],
    },
    { event: "tasks/reminder.created" },
    async (ctx) => {
      const { event, step, logger } = ctx;
      await step.sleepUntil("sleep-until-remind-at-time", event.data.remindAt);
      await step.run("send-reminder-push", async ({ signal }) => {
        const context = { signal, logger };
        return await pushNotificationService.push(
          event.data.userId,
          event.data.reminderBody,
          context,
        );
      });
      return options.extraSteps?.(ctx);
    },
  );
  return { scheduleReminder };
};

/** The guide's `tasks/reminder.created` event; its sample values unless given others. */
export const reminderCreated = (data: {
  readonly reminderId: string;
  readonly remindAt: string;
  readonly userId?: string;
  readonly reminderBody?: string;
}): EventInput => ({
  name: "tasks/reminder.created",
  data: { userId: "user_123", reminderBody: "Pick up Jane from the airport", ...data },
});

/** The guide's `tasks/reminder.deleted` event. */
export const reminderDeleted = (reminderId: string, userId = "user_123"): EventInput => ({
  name: "tasks/reminder.deleted",
  data: { userId, reminderId },
});
