// `@quell/core/examples`: the seeds' examples, written once. The dev server runs them (`quell
// dev` with no file), the demo and the model checker's built-in scenarios are made of them, and
// the tests drive them. Each takes the outside world its code calls (a push service, an
// importer, a publisher) and a few knobs; config, triggers and step ids are the seeds'.

import type { QuellFunction } from "../sdk/types";
import { blogApp } from "./blog-post";
import { newsletterApp } from "./contacts-import";
import { remindersApp } from "./reminders";

export type { AnatomyAppOptions } from "./anatomy";
export { anatomyApp, taskDeleted, taskReminderCreated } from "./anatomy";
export type { BlogAppOptions, PostPublisher } from "./blog-post";
export { blogApp, loggingPublisher, postCancelled, postScheduled } from "./blog-post";
export type { ContactsImporter, NewsletterAppOptions } from "./contacts-import";
export {
  importCancelled,
  importRequested,
  newsletterApp,
  SAMPLE_IMPORT_ID,
  sampleImporter,
} from "./contacts-import";
export type { ServiceContext } from "./context";
export type { PushNotificationService, RemindersAppOptions } from "./reminders";
export { loggingPushService, reminderCreated, reminderDeleted, remindersApp } from "./reminders";

/** The seeds' three apps with their default services: what `quell dev` runs without a file. */
export const exampleFunctions = (): readonly QuellFunction[] => {
  const { scheduleReminder } = remindersApp();
  const { importAllContacts, cleanupCancelledImport } = newsletterApp();
  const { publishScheduledPost } = blogApp();
  return [scheduleReminder, importAllContacts, cleanupCancelledImport, publishScheduledPost];
};
