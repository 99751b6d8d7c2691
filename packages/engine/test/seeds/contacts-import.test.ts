import { Quell } from "@quell/core";
import {
  SAMPLE_IMPORT_ID as IMPORT_ID,
  importCancelled,
  importRequested,
  newsletterApp,
} from "@quell/core/examples";
import { afterEach, describe, expect, it } from "vitest";
import { type Driver, drivers } from "../support/drivers";

// The seeds' "Cleanup after function cancellation" example (`@quell/core/examples`): `pages` and
// `pause` shape the import's body, which the seed leaves to the reader (0 pages: its empty body).
const build = (pages: number, pause = "1h") => {
  const cleanups: unknown[] = [];
  const imported: number[] = [];
  const app = newsletterApp({
    pages,
    pause,
    importer: { importPage: (_importId, page) => imported.push(page) },
    onCancelled: ({ event }) => cleanups.push(event),
  });
  return { ...app, cleanups, imported };
};

describe.each(drivers)("seed: contacts import with cleanup ($name)", ({ create }) => {
  let driver: Driver;
  afterEach(() => driver.stop());

  it("cancelling a queued import (handler as written) triggers the cleanup with the whole payload", async () => {
    const { importAllContacts, cleanupCancelledImport, cleanups } = build(0);
    driver = await create([importAllContacts, cleanupCancelledImport]);
    // Both in one batch: the run exists (queued, not started) when the cancel event is processed (R1).
    const sent = await driver.send([importRequested(IMPORT_ID), importCancelled(IMPORT_ID)]);
    const [requestId, cancelId] = sent.ids;
    const [run] = await driver.runsForEvent(requestId ?? "");
    expect(run?.status).toBe("Cancelled");
    expect(run?.started_at).toBeNull();

    const triggering = {
      data: { importId: IMPORT_ID },
      id: requestId,
      name: "contacts/import.requested",
      ts: driver.now(),
      user: {},
    };
    expect(cleanups).toHaveLength(1);
    const payload = cleanups[0] as { id: string };
    expect(payload).toEqual({
      name: "inngest/function.cancelled",
      data: {
        error: { error: "function cancelled", message: "function cancelled", name: "Error" },
        event: triggering,
        events: [triggering],
        function_id: "newsletter-app-import-all-contacts",
        run_id: run?.id,
        cancellation: {
          source: "event",
          at: new Date(driver.now()).toISOString(),
          event_id: cancelId,
        },
      },
      id: expect.any(String),
      ts: driver.now(),
      user: {},
    });
    const [cleanupRun] = await driver.runsForEvent(payload.id);
    expect(cleanupRun?.function_id).toBe("newsletter-app-cleanup-cancelled-import");
    expect(cleanupRun?.status).toBe("Completed");
    expect(driver.logs.map((l) => l.message)).toContain(`Import was cancelled: ${IMPORT_ID}`);
  });

  it("a long import cancelled between steps stops there; another import is untouched", async () => {
    const { importAllContacts, cleanupCancelledImport, cleanups, imported } = build(5);
    driver = await create([importAllContacts, cleanupCancelledImport]);
    const cancelled = await driver.send(importRequested(IMPORT_ID));
    const other = await driver.send(importRequested("other"));
    await driver.advance("90m");
    await driver.send(importCancelled(IMPORT_ID));
    await driver.advance("1d");

    const [run] = await driver.runsForEvent(cancelled.ids[0] ?? "");
    expect(run?.status).toBe("Cancelled");
    expect(run?.steps.filter((s) => s.kind === "run").map((s) => s.id)).toEqual([
      "import-page-1",
      "import-page-2",
    ]);
    // Two pages of the cancelled import, all five of the other.
    expect(imported.sort((a, b) => a - b)).toEqual([1, 1, 2, 2, 3, 4, 5]);
    const [otherRun] = await driver.runsForEvent(other.ids[0] ?? "");
    expect(otherRun?.status).toBe("Completed");
    expect(cleanups).toHaveLength(1);
    expect((cleanups[0] as { data: { run_id: string } }).data.run_id).toBe(run?.id);
  });

  it("the cleanup's if filter ignores other functions' cancellations", async () => {
    const { importAllContacts, cleanupCancelledImport, cleanups } = build(2, "1d");
    const other = new Quell({ id: "newsletter-app" }).createFunction(
      { id: "other", cancelOn: [{ event: "contacts/import.cancelled", match: "data.importId" }] },
      { event: "contacts/import.requested" },
      async ({ step }) => {
        await step.sleep("wait", "1d");
      },
    );
    driver = await create([importAllContacts, cleanupCancelledImport, other]);
    await driver.send(importRequested(IMPORT_ID));
    await driver.send(importCancelled(IMPORT_ID));
    const cancelledRuns = (await driver.runs()).filter((r) => r.status === "Cancelled");
    expect(cancelledRuns.map((r) => r.function_id).sort()).toEqual([
      "newsletter-app-import-all-contacts",
      "newsletter-app-other",
    ]);
    expect(cleanups).toHaveLength(1);
  });
});
