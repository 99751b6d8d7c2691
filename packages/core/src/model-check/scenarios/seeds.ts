import type { EventInput } from "../../codecs/event";
import { blogApp, postCancelled, postScheduled } from "../../examples/blog-post";
import { importCancelled, importRequested, newsletterApp } from "../../examples/contacts-import";
import { reminderCreated, reminderDeleted, remindersApp } from "../../examples/reminders";
import type { HandlerContext, QuellFunction } from "../../sdk/types";

/** How a seed's function is built for one scenario. */
export interface SeedVariant {
  /** Add a `step.waitForEvent` after the seed's steps (for races between a cancel and its resolution). */
  readonly wait?: boolean;
  /** A `timeout` on the cancelOn entry (for "an event after the timeout must not cancel"). */
  readonly timeout?: string;
}

/** One of the seeds' examples (`src/examples/`), with what the built-in scenarios need to drive it. */
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

/** The wait variant's extra step: wait up to an hour for `event` with the same `key`. */
const waitFor =
  (id: string, event: string, key: string) =>
  async ({ step }: HandlerContext): Promise<void> => {
    await step.waitForEvent(id, { event, match: `data.${key}`, timeout: "1h" });
  };

/** A variant's options: the cancelOn `timeout`, and a wait for `event` after the seed's steps. */
const variantOptions = (
  { wait, timeout }: SeedVariant,
  waitId: string,
  event: string,
  key: string,
) => ({
  ...(timeout === undefined ? {} : { cancelTimeout: timeout }),
  ...(wait === true ? { extraSteps: waitFor(waitId, event, key) } : {}),
});

/** The seeds' reminder (cancel with `match`); the wait variant waits for an ack after the push. */
export const reminderSeed: Seed = {
  name: "reminder",
  functionId: "schedule-reminder",
  key: "reminderId",
  functions: (variant) => [
    remindersApp(variantOptions(variant, "wait-for-ack", "tasks/reminder.acked", "reminderId"))
      .scheduleReminder,
  ],
  trigger: (key) => reminderCreated({ reminderId: key, remindAt: iso(START + 7 * DAY) }),
  cancel: (key) => reminderDeleted(key),
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
  functions: (variant) => {
    const { importAllContacts, cleanupCancelledImport } = newsletterApp({
      pages: 2,
      pause: "10m",
      ...variantOptions(variant, "wait-for-approval", "contacts/import.approved", "importId"),
    });
    return [importAllContacts, cleanupCancelledImport];
  },
  trigger: (key) => importRequested(key),
  cancel: (key) => importCancelled(key),
  resolve: (key) => ({ name: "contacts/import.approved", data: { importId: key } }),
  midSleep: "5m",
  due: "10m",
  waiting: "10m",
  done: "2h",
  timeout: "2m",
  afterTimeout: "5m",
};

/** The seeds' "cancelling scheduled functions" pattern: schedule, cancel, reschedule. */
export const blogSeed: Seed = {
  name: "blog-post",
  functionId: "schedules-and-cancels-automatically",
  key: "postID",
  functions: (variant) => [
    blogApp(variantOptions(variant, "wait-for-review", "blog/post.reviewed", "postID"))
      .publishScheduledPost,
  ],
  trigger: (key, delay) => postScheduled(key, iso(START + (delay === "later" ? 3 : 2) * DAY)),
  cancel: (key) => postCancelled(key),
  resolve: (key) => ({ name: "blog/post.reviewed", data: { postID: key } }),
  midSleep: "1d",
  due: "2d",
  waiting: "2d",
  done: "4d",
  timeout: "12h",
  afterTimeout: "1d",
};

export const seeds: readonly Seed[] = [reminderSeed, contactsSeed, blogSeed];
