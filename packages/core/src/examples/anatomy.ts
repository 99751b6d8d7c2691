import type { EventInput } from "../codecs/event";
import { Quell } from "../sdk/quell";
import type { HandlerContext, QuellFunction } from "../sdk/types";
import { FUNCTION_CANCELLED } from "../system-events";
import type { ServiceContext } from "./context";
import { loggingPushService, type PushNotificationService } from "./reminders";

export interface AnatomyAppOptions {
  /** The app's id (the seed names none); the cleanup's filter follows it. Default "tasks-app". */
  readonly appId?: string;
  readonly pushNotificationService?: PushNotificationService;
  /** Steps after step 2 (the seed's `// ...`). */
  readonly extraSteps?: (ctx: HandlerContext) => Promise<unknown>;
  /** What the cleanup function does besides logging. */
  readonly onCancelled?: (ctx: HandlerContext) => unknown;
}

/**
 * The function of the seeds' "Anatomy of a cancellation": step 1 sleeps until the reminder is
 * due, step 2 pushes it; `tasks/deleted` with the same `data.id` cancels it (cancelOn `if`).
 * With it, the cleanup the same page recommends ("Handling cancelled functions"), on
 * `inngest/function.cancelled` for this function.
 */
export const anatomyApp = (options: AnatomyAppOptions = {}) => {
  const appId = options.appId ?? "tasks-app";
  const quell = new Quell({ id: appId });
  const pushNotificationService = options.pushNotificationService ?? loggingPushService;
  const scheduleReminder: QuellFunction = quell.createFunction(
    {
      id: "schedule-reminder",
      cancelOn: [{ event: "tasks/deleted", if: "event.data.id == async.data.id" }],
    },
    { event: "tasks/reminder.created" },
    async (ctx) => {
      const { event, step, logger } = ctx;
      // Step 1
      await step.sleepUntil("sleep-until-remind-at-time", event.data.remindAt);
      // Step 2 (hands the step's abort signal to the service; otherwise as in the seed)
      await step.run("send-reminder-push", async ({ signal }) => {
        const context: ServiceContext = { signal, logger };
        return await pushNotificationService.push(
          event.data.userId,
          event.data.reminderBody,
          context,
        );
      });
      return options.extraSteps?.(ctx);
    },
  );
  const cleanupCancelledReminder: QuellFunction = quell.createFunction(
    { id: "cleanup-cancelled-reminder" },
    {
      event: FUNCTION_CANCELLED,
      if: `event.data.function_id == '${scheduleReminder.slug}'`,
    },
    async (ctx) => {
      const { event, logger } = ctx;
      await options.onCancelled?.(ctx);
      logger.info(
        `Reminder ${event.data.event.data.id} was cancelled (source: ${event.data.cancellation.source}); cleaning up`,
      );
    },
  );
  return { scheduleReminder, cleanupCancelledReminder };
};

/** The anatomy's `tasks/reminder.created` event for task `id`. */
export const taskReminderCreated = (
  id: string,
  remindAt: string,
  data: { readonly userId?: string; readonly reminderBody?: string } = {},
): EventInput => ({
  name: "tasks/reminder.created",
  data: {
    id,
    userId: "user_123",
    reminderBody: "Pick up Jane from the airport",
    remindAt,
    ...data,
  },
});

/** `tasks/deleted` for task `id`: cancels its reminder. */
export const taskDeleted = (id: string): EventInput => ({ name: "tasks/deleted", data: { id } });
