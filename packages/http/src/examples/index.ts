import type { QuellFunction } from "@quell/core";
import { publishScheduledPost } from "./blog-post";
import { cleanupCancelledImport, importAllContacts } from "./contacts-import";
import { scheduleReminder } from "./reminders";

export { publishScheduledPost } from "./blog-post";
export { cleanupCancelledImport, importAllContacts } from "./contacts-import";
export { scheduleReminder } from "./reminders";

/** The seeds' examples, what `quell dev` runs when given no functions file. */
export const exampleFunctions: readonly QuellFunction[] = [
  scheduleReminder,
  importAllContacts,
  cleanupCancelledImport,
  publishScheduledPost,
];
