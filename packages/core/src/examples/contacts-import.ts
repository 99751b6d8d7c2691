import type { EventInput } from "../codecs/event";
import { Quell } from "../sdk/quell";
import type { HandlerContext, QuellFunction } from "../sdk/types";
import { FUNCTION_CANCELLED } from "../system-events";
import { type ServiceContext, withTimeout } from "./context";

/** The importId of the seed's sample payload. */
export const SAMPLE_IMPORT_ID = "bdce1b1b-6e3a-43e6-84c2-2deb559cdde6";

/** Where the import function reads contacts from, one page at a time. */
export interface ContactsImporter {
  importPage(importId: string, page: number, context: ServiceContext): unknown;
}

export const sampleImporter: ContactsImporter = {
  importPage: (_importId, page) => ({ page, contacts: 100 }),
};

export interface NewsletterAppOptions {
  readonly importer?: ContactsImporter;
  /** Pages per import unless the event says `data.pages`: default 5; 0 is the seed's empty body. */
  readonly pages?: number;
  /** The sleep between pages, unless the event says `data.pause` (default "10s"). */
  readonly pause?: string;
  /** A `timeout` on the cancelOn entry. */
  readonly cancelTimeout?: string;
  /** Steps after the last page, before the import returns `{ pages }`. */
  readonly extraSteps?: (ctx: HandlerContext) => Promise<unknown>;
  /** What the cleanup function does besides logging (the seed's "This code will execute…"). */
  readonly onCancelled?: (ctx: HandlerContext) => unknown;
}

/**
 * The seeds' example "Cleanup after function cancellation": a long import that a
 * `contacts/import.cancelled` event with the same `importId` cancels (cancelOn `if`), and a
 * cleanup function triggered by the `inngest/function.cancelled` system event. The import's
 * body, which the seed leaves to the reader, imports one page per step with a sleep between.
 */
export const newsletterApp = (options: NewsletterAppOptions = {}) => {
  const quell = new Quell({ id: "newsletter-app" });
  const importer = options.importer ?? sampleImporter;

  // This is our "import" function that will get cancelled
  const importAllContacts: QuellFunction = quell.createFunction(
    {
      id: "import-all-contacts",
      cancelOn: [
        {
          event: "contacts/import.cancelled",
          if: "async.data.importId == event.data.importId",
          ...withTimeout(options.cancelTimeout),
        },
      ],
    },
    { event: "contacts/import.requested" },
    async (ctx) => {
      const { event, step, logger } = ctx;
      // This is a long running function
      const pages = Number(event.data.pages ?? options.pages ?? 5);
      const pause: string = event.data.pause ?? options.pause ?? "10s";
      for (let page = 1; page <= pages; page++) {
        await step.run(`import-page-${page}`, async ({ signal }) => {
          const context = { signal, logger };
          return await importer.importPage(event.data.importId, page, context);
        });
        if (page < pages) await step.sleep(`pause-after-page-${page}`, pause);
      }
      await options.extraSteps?.(ctx);
      return { pages };
    },
  );

  // This function will be run only when the matching function_id has a run that is cancelled
  const cleanupCancelledImport: QuellFunction = quell.createFunction(
    {
      name: "Cleanup cancelled import",
      id: "cleanup-cancelled-import",
    },
    {
      event: FUNCTION_CANCELLED,
      // The function ID is a hyphenated slug of the App ID w/ the functions" id
      if: "event.data.function_id == 'newsletter-app-import-all-contacts'",
    },
    async (ctx) => {
      const { event, logger } = ctx;
      // This code will execute after your function is cancelled
      await options.onCancelled?.(ctx);

      // The event that triggered our original function run is passed nested in our event payload
      const originalTriggeringEvent = event.data.event;
      logger.info(`Import was cancelled: ${originalTriggeringEvent.data.importId}`);
    },
  );
  return { importAllContacts, cleanupCancelledImport };
};

/** The seed's `contacts/import.requested` event (its sample importId unless given another). */
export const importRequested = (
  importId = SAMPLE_IMPORT_ID,
  extra: { readonly pages?: number; readonly pause?: string } = {},
): EventInput => ({ name: "contacts/import.requested", data: { importId, ...extra } });

/** The `contacts/import.cancelled` event that cancels the import with this id. */
export const importCancelled = (importId = SAMPLE_IMPORT_ID): EventInput => ({
  name: "contacts/import.cancelled",
  data: { importId },
});
