import { Quell } from "@quell/core";

// The seeds' "Cleanup after function cancellation": a long import that a
// `contacts/import.cancelled` event with the same importId cancels, and a cleanup function
// triggered by the `inngest/function.cancelled` system event.
const quell = new Quell({ id: "newsletter-app" });

// This is our "import" function that will get cancelled
export const importAllContacts = quell.createFunction(
  {
    id: "import-all-contacts",
    cancelOn: [
      { event: "contacts/import.cancelled", if: "async.data.importId == event.data.importId" },
    ],
  },
  { event: "contacts/import.requested" },
  async ({ event, step }) => {
    // This is a long running function: one step per page, a pause between pages (so that
    // there is time to cancel it from a terminal).
    const pages = await step.run("count-pages", () => Number(event.data.pages ?? 5));
    for (let page = 1; page <= pages; page++) {
      await step.run(`import-page-${page}`, () => ({ page, contacts: 100 }));
      if (page < pages) await step.sleep(`pause-after-page-${page}`, event.data.pause ?? "10s");
    }
    return { pages };
  },
);

// This function will be run only when the matching function_id has a run that is cancelled
export const cleanupCancelledImport = quell.createFunction(
  {
    name: "Cleanup cancelled import",
    id: "cleanup-cancelled-import",
  },
  {
    event: "inngest/function.cancelled",
    // The function ID is a hyphenated slug of the App ID w/ the functions" id
    if: "event.data.function_id == 'newsletter-app-import-all-contacts'",
  },
  async ({ event, logger }) => {
    // This code will execute after your function is cancelled

    // The event that triggered our original function run is passed nested in our event payload
    const originalTriggeringEvent = event.data.event;
    logger.info(`Import was cancelled: ${originalTriggeringEvent.data.importId}`);
  },
);
