import { createSimulation, type RunView } from "@quell/core";
import { importCancelled, importRequested, newsletterApp } from "@quell/core/examples";
import { onlyRunOf, runOf, type ScenarioResult, shortTime } from "../scenario";

export interface ImportedPage {
  readonly importId: string;
  readonly page: number;
  readonly at: number;
}

export interface ContactsImportResult extends ScenarioResult {
  /** The import that is cancelled (importId "imp-1"). */
  readonly cancelled: RunView;
  /** The import that runs to the end (importId "imp-2"). */
  readonly finished: RunView;
  /** The `cleanupCancelledImport` run started by `inngest/function.cancelled`. */
  readonly cleanup: RunView;
  readonly imported: readonly ImportedPage[];
}

const PAGES = 3;

/**
 * The seeds' "Cleanup after function cancellation": a long import cancelled by an event whose
 * `importId` matches (cancelOn `if`), and a cleanup function triggered by the system event.
 */
export const contactsImportScenario = async (): Promise<ContactsImportResult> => {
  const imported: ImportedPage[] = [];
  const crm = {
    importPage: (importId: string, page: number) => {
      imported.push({ importId, page, at: sim.now() });
      return { page, contacts: 100 };
    },
  };

  // The seeds' import and cleanup; each page is one step, with a 10-minute pause between pages.
  const { importAllContacts, cleanupCancelledImport } = newsletterApp({
    importer: crm,
    pages: PAGES,
    pause: "10m",
  });

  const sim = createSimulation({
    functions: [importAllContacts, cleanupCancelledImport],
    start: "2024-03-04T09:00:00Z",
  });
  const requested = await sim.send([importRequested("imp-1"), importRequested("imp-2")]);
  await sim.advance("5m");
  await sim.send(importCancelled("imp-1"));
  await sim.advance("1h");
  await sim.settle();

  const cancelled = runOf(sim, requested.ids[0]);
  const finished = runOf(sim, requested.ids[1]);
  const cleanup = onlyRunOf(sim, cleanupCancelledImport.slug);
  const pagesOf = (importId: string): string =>
    imported
      .filter((p) => p.importId === importId)
      .map((p) => `page ${p.page} at ${shortTime(p.at).slice(11)}`)
      .join(", ");
  return {
    title: "Import cancelled between steps, then cleaned up (cancelOn if + system event)",
    story: [
      `Two imports of ${PAGES} pages start at 09:00; each imports a page, then sleeps 10 minutes.`,
      'At 09:05 "contacts/import.cancelled" arrives for imp-1. The cancelOn `if` compares',
      "async.data.importId (the incoming event) with event.data.importId (the run's trigger):",
      "only imp-1 matches, so imp-1 ends during its sleep and imports no more pages. Once it has",
      'settled, Quell emits "inngest/function.cancelled"; its function_id triggers the cleanup.',
    ],
    sim,
    shown: [
      { label: "import imp-1", runId: cancelled.id },
      { label: "import imp-2", runId: finished.id },
      { label: "cleanupCancelledImport", runId: cleanup.id },
    ],
    observed: [
      `imp-1 imported: ${pagesOf("imp-1") || "nothing"}`,
      `imp-2 imported: ${pagesOf("imp-2") || "nothing"}`,
    ],
    cancelled,
    finished,
    cleanup,
    imported,
  };
};
