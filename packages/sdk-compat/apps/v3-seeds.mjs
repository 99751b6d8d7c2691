// The seeds' three examples written for inngest@3, as the seeds write them: the three-argument
// createFunction(config, trigger, handler). One change, which the official SDK needs: step.run
// calls its callback with no argument, so the reminder's `async ({}) =>` is `async () =>`
// (INNGEST-PROTOCOL.md §11.3).
import { Inngest } from "inngest-v3";
import { serve } from "inngest-v3/node";
import { listen } from "./serve.mjs";

const pushNotificationService = { push: async (userId, body) => ({ pushed: userId, body }) };
const contacts = { importPage: async (importId, page) => ({ importId, page, imported: 100 }) };
const posts = { publish: async (postID) => ({ published: postID }) };

// "Cancel running functions"
const reminders = new Inngest({ id: "reminders-app" });
const scheduleReminder = reminders.createFunction(
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
  async ({ event, step }) => {
    await step.sleepUntil("sleep-until-remind-at-time", event.data.remindAt);
    await step.run("send-reminder-push", async () => {
      return await pushNotificationService.push(event.data.userId, event.data.reminderBody);
    });
  },
);

// "Cleanup after function cancellation"
const newsletter = new Inngest({ id: "newsletter-app" });
const importAllContacts = newsletter.createFunction(
  {
    id: "import-all-contacts",
    cancelOn: [
      { event: "contacts/import.cancelled", if: "async.data.importId == event.data.importId" },
    ],
  },
  { event: "contacts/import.requested" },
  async ({ event, step }) => {
    // This is a long running function
    const pages = event.data.pages ?? 3;
    for (let page = 1; page <= pages; page++) {
      await step.run(`import-page-${page}`, () => contacts.importPage(event.data.importId, page));
      await step.sleep(`pause-${page}`, event.data.pause ?? "1s");
    }
    return { pages };
  },
);
const cleanupCancelledImport = newsletter.createFunction(
  {
    name: "Cleanup cancelled import",
    id: "cleanup-cancelled-import",
  },
  {
    event: "inngest/function.cancelled",
    // The function ID is a hyphenated slug of the App ID w/ the functions" id
    if: "event.data.function_id == 'newsletter-app-import-all-contacts'",
  },
  async ({ event, step, logger }) => {
    // This code will execute after your function is cancelled

    // The event that triggered our original function run is passed nested in our event payload
    const originalTriggeringEvent = event.data.event;
    logger.info(`Import was cancelled: ${originalTriggeringEvent.data.importId}`);
    return { cleaned: originalTriggeringEvent.data.importId };
  },
);

// "Cancelling scheduled functions"
const blog = new Inngest({ id: "blog" });
const schedulesAndCancels = blog.createFunction(
  {
    id: "schedules-and-cancels-automatically",
    cancelOn: [
      // The data.postID field in both events must match.
      { event: "blog/post.cancelled", match: "data.postID" },
    ],
  },
  { event: "blog/post.scheduled" },
  async ({ event, step }) => {
    // Sleep until the scheduleAt time in the event.
    await step.sleepUntil("wait-for-scheduleAt", event.data.scheduleAt);
    return await step.run("publish-post", () => {
      // Publish the post.
      return posts.publish(event.data.postID);
    });
  },
);

listen([
  { path: "/api/reminders", handler: serve({ client: reminders, functions: [scheduleReminder] }) },
  {
    path: "/api/newsletter",
    handler: serve({ client: newsletter, functions: [importAllContacts, cleanupCancelledImport] }),
  },
  { path: "/api/blog", handler: serve({ client: blog, functions: [schedulesAndCancels] }) },
]);
