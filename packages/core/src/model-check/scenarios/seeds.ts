import type { EventInput } from "../../codecs/event";
import { Quell } from "../../sdk/quell";
import type { QuellFunction } from "../../sdk/types";

/** How a seed's function is built for one scenario. */
export interface SeedVariant {
  /** Add a `step.waitForEvent` (for races between a cancel and the wait's resolution). */
  readonly wait?: boolean;
  /** A `timeout` on the cancelOn entry (for "an event after the timeout must not cancel"). */
  readonly timeout?: string;
}

/** One of the seeds' examples, with what the built-in scenarios need to drive it. */
export interface Seed {
  readonly name: string;
  readonly functionId: string;
  /** The field of `data` that keys a run (what its cancelOn matches on). */
  readonly key: string;
  readonly functions: (variant: SeedVariant) => readonly QuellFunction[];
  /** The triggering event for `key`. */
  readonly trigger: (key: string, delay?: string) => EventInput;
  /** The cancelOn event for `key`. */
  readonly cancel: (key: string) => EventInput;
  /** The event the wait variant waits for. */
  readonly resolve: (key: string) => EventInput;
  /** From the trigger: a time inside the first sleep, and when the step after it is due. */
  readonly midSleep: string;
  readonly due: string;
  /** From the trigger: when the wait variant is waiting. */
  readonly waiting: string;
  /** Long enough for a run to finish whatever happens. */
  readonly done: string;
  /** The cancelOn timeout of the timeout variant, and a time after it (run still sleeping). */
  readonly timeout: string;
  readonly afterTimeout: string;
}

export const START = Date.UTC(2024, 0, 1);
const DAY = 86_400_000;
const iso = (ms: number): string => new Date(ms).toISOString();

/** The seeds' reminder (cancel with `match`), with an escalation wait in the wait variant. */
export const reminderSeed: Seed = {
  name: "reminder",
  functionId: "schedule-reminder",
  key: "reminderId",
  functions: ({ wait, timeout }) => {
    const quell = new Quell({ id: "reminders" });
    const scheduleReminder = quell.createFunction(
      {
        id: "schedule-reminder",
        cancelOn: [
          {
            event: "tasks/reminder.deleted", // The event name that cancels this function
            match: "data.reminderId", // The field that must match in both events received
            ...(timeout !== undefined ? { timeout } : {}),
          },
        ],
      },
      { event: "tasks/reminder.created" },
      async ({ event, step }) => {
        await step.sleepUntil("sleep-until-remind-at-time", event.data.remindAt);
        await step.run("send-reminder-push", async () => ({ pushed: event.data.reminderId }));
        if (wait === true) {
          const ack = await step.waitForEvent("wait-for-ack", {
            event: "tasks/reminder.acked",
            match: "data.reminderId",
            timeout: "1h",
          });
          if (ack === null) await step.run("send-reminder-email", async () => ({ emailed: true }));
        }
      },
    );
    return [scheduleReminder];
  },
  trigger: (key) => ({
    name: "tasks/reminder.created",
    data: {
      userId: "user_123",
      reminderId: key,
      reminderBody: "Pick up Jane",
      remindAt: iso(START + 7 * DAY),
    },
  }),
  cancel: (key) => ({
    name: "tasks/reminder.deleted",
    data: { userId: "user_123", reminderId: key },
  }),
  resolve: (key) => ({ name: "tasks/reminder.acked", data: { reminderId: key } }),
  midSleep: "3d",
  due: "7d",
  waiting: "7d",
  done: "8d",
  timeout: "1d",
  afterTimeout: "2d",
};

/** The seeds' contacts import (cancel with `if`) and its cleanup on `inngest/function.cancelled`. */
export const contactsSeed: Seed = {
  name: "contacts-import",
  functionId: "import-all-contacts",
  key: "importId",
  functions: ({ wait, timeout }) => {
    const quell = new Quell({ id: "newsletter-app" });
    const importAllContacts = quell.createFunction(
      {
        id: "import-all-contacts",
        cancelOn: [
          {
            event: "contacts/import.cancelled",
            if: "async.data.importId == event.data.importId",
            ...(timeout !== undefined ? { timeout } : {}),
          },
        ],
      },
      { event: "contacts/import.requested" },
      async ({ step }) => {
        // This is a long running function
        await step.run("import-page-1", async () => ({ imported: 100 }));
        if (wait === true) {
          await step.waitForEvent("wait-for-approval", {
            event: "contacts/import.approved",
            match: "data.importId",
            timeout: "1h",
          });
        }
        await step.sleep("pause-after-page-1", "10m");
        await step.run("import-page-2", async () => ({ imported: 100 }));
      },
    );
    // This function will be run only when the matching function_id has a run that is cancelled
    const cleanupCancelledImport = quell.createFunction(
      { name: "Cleanup cancelled import", id: "cleanup-cancelled-import" },
      {
        event: "inngest/function.cancelled",
        // The function ID is a hyphenated slug of the App ID w/ the functions" id
        if: "event.data.function_id == 'newsletter-app-import-all-contacts'",
      },
      async ({ event, logger }) => {
        // This code will execute after your function is cancelled
        const originalTriggeringEvent = event.data.event;
        logger.info(`Import was cancelled: ${originalTriggeringEvent.data.importId}`);
      },
    );
    return [importAllContacts, cleanupCancelledImport];
  },
  trigger: (key) => ({ name: "contacts/import.requested", data: { importId: key } }),
  cancel: (key) => ({ name: "contacts/import.cancelled", data: { importId: key } }),
  resolve: (key) => ({ name: "contacts/import.approved", data: { importId: key } }),
  midSleep: "5m",
  due: "10m",
  waiting: "0ms",
  done: "2h",
  timeout: "2m",
  afterTimeout: "5m",
};

/** The seeds' "cancelling scheduled functions" pattern: schedule, cancel, reschedule. */
export const blogSeed: Seed = {
  name: "blog-post",
  functionId: "schedules-and-cancels-automatically",
  key: "postID",
  functions: ({ wait, timeout }) => {
    const quell = new Quell({ id: "blog" });
    const func = quell.createFunction(
      {
        id: "schedules-and-cancels-automatically",
        cancelOn: [
          // The data.postID field in both events must match.
          {
            event: "blog/post.cancelled",
            match: "data.postID",
            ...(timeout !== undefined ? { timeout } : {}),
          },
        ],
      },
      { event: "blog/post.scheduled" },
      async ({ event, step }) => {
        if (wait === true) {
          const review = await step.waitForEvent("wait-for-review", {
            event: "blog/post.reviewed",
            match: "data.postID",
            timeout: "1d",
          });
          if (review === null) return { published: false };
        }
        // Sleep until the scheduleAt time in the event.
        await step.sleepUntil("wait-for-scheduleAt", event.data.scheduledAt);
        // Publish the post.
        return await step.run("publish-post", async () => ({ published: event.data.postID }));
      },
    );
    return [func];
  },
  trigger: (key, delay) => ({
    name: "blog/post.scheduled",
    data: { postID: key, scheduledAt: iso(START + (delay === "later" ? 3 : 2) * DAY) },
  }),
  cancel: (key) => ({ name: "blog/post.cancelled", data: { postID: key } }),
  resolve: (key) => ({ name: "blog/post.reviewed", data: { postID: key } }),
  midSleep: "1d",
  due: "2d",
  waiting: "0ms",
  done: "4d",
  timeout: "12h",
  afterTimeout: "1d",
};

export const seeds: readonly Seed[] = [reminderSeed, contactsSeed, blogSeed];
