import { FUNCTION_CANCELLED, Quell } from "@quell/core";
import { reminderCreated, remindersApp } from "@quell/core/examples";
import { deferred } from "../support/drivers";

/**
 * The seeds' bulk-cancellation example app: the reminders guide's function in "acme-app", with
 * a push service that can be held (`gate`), a step after the push, and a cleanup function.
 */
export const reminderApp = () => {
  const pushes: string[] = [];
  const cleanups: string[] = [];
  const gate = { started: deferred(), release: deferred(), block: false };
  const { scheduleReminder } = remindersApp({
    appId: "acme-app",
    pushNotificationService: {
      push: async (_userId, body) => {
        gate.started.resolve();
        if (gate.block) await gate.release.promise;
        pushes.push(body);
        return { pushed: body };
      },
    },
    extraSteps: ({ step }) => step.run("mark-sent", () => "sent"),
  });
  const cleanup = new Quell({ id: "acme-app" }).createFunction(
    { id: "cleanup" },
    { event: FUNCTION_CANCELLED, if: `event.data.function_id == '${scheduleReminder.slug}'` },
    async ({ event }) => {
      cleanups.push(event.data.run_id);
    },
  );
  return { functions: [scheduleReminder, cleanup], pushes, cleanups, gate };
};

/** A reminder for `userId`; its body is its id, so `pushes` says which reminders were pushed. */
export const reminder = (
  reminderId: string,
  userId: string,
  remindAt = "2024-02-01T00:00:00.000Z",
) => reminderCreated({ reminderId, userId, remindAt, reminderBody: reminderId });
