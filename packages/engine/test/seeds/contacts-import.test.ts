import { Quell } from "@quell/core";
import { afterEach, describe, expect, it } from "vitest";
import { type Driver, drivers } from "../support/drivers";

// The seeds' "Cleanup after function cancellation" example, as written, with Inngest renamed Quell.
const build = (
  body: (step: Parameters<Parameters<Quell["createFunction"]>[2]>[0]["step"]) => Promise<void>,
) => {
  const quell = new Quell({ id: "newsletter-app" });
  const cleanups: unknown[] = [];

  // This is our "import" function that will get cancelled
  const importAllContacts = quell.createFunction(
    {
      id: "import-all-contacts",
      cancelOn: [
        { event: "contacts/import.cancelled", if: "async.data.importId == event.data.importId" },
      ],
    },
    { event: "contacts/import.requested" },
    async ({ event, step }) => {
      // This is a long running function
      void event;
      await body(step);
    },
  );

  // This function will be run only when the matching function_id has a run that is cancelled
  const cleanupCancelledImport = quell.createFunction(
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
      void step;
      // This code will execute after your function is cancelled
      cleanups.push(event);
      // The event that triggered our original function run is passed nested in our event payload
      const originalTriggeringEvent = event.data.event;
      logger.info(`Import was cancelled: ${originalTriggeringEvent.data.importId}`);
    },
  );
  return { importAllContacts, cleanupCancelledImport, cleanups };
};

const IMPORT_ID = "bdce1b1b-6e3a-43e6-84c2-2deb559cdde6";

describe.each(drivers)("seed: contacts import with cleanup ($name)", ({ create }) => {
  let driver: Driver;
  afterEach(() => driver.stop());

  it("cancelling a queued import (handler as written) triggers the cleanup with the whole payload", async () => {
    const { importAllContacts, cleanupCancelledImport, cleanups } = build(async () => {});
    driver = await create([importAllContacts, cleanupCancelledImport]);
    // Both in one batch: the run exists (queued, not started) when the cancel event is processed (R1).
    const sent = await driver.send([
      { name: "contacts/import.requested", data: { importId: IMPORT_ID } },
      { name: "contacts/import.cancelled", data: { importId: IMPORT_ID } },
    ]);
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
    const imported: number[] = [];
    const { importAllContacts, cleanupCancelledImport, cleanups } = build(async (step) => {
      for (let page = 0; page < 5; page += 1) {
        await step.run(`import-page-${page}`, () => imported.push(page));
        await step.sleep(`pause-${page}`, "1h");
      }
    });
    driver = await create([importAllContacts, cleanupCancelledImport]);
    const cancelled = await driver.send({
      name: "contacts/import.requested",
      data: { importId: IMPORT_ID },
    });
    const other = await driver.send({
      name: "contacts/import.requested",
      data: { importId: "other" },
    });
    await driver.advance("90m");
    await driver.send({ name: "contacts/import.cancelled", data: { importId: IMPORT_ID } });
    await driver.advance("1d");

    const [run] = await driver.runsForEvent(cancelled.ids[0] ?? "");
    expect(run?.status).toBe("Cancelled");
    expect(run?.steps.filter((s) => s.kind === "run").map((s) => s.id)).toEqual([
      "import-page-0",
      "import-page-1",
    ]);
    const [otherRun] = await driver.runsForEvent(other.ids[0] ?? "");
    expect(otherRun?.status).toBe("Completed");
    expect(cleanups).toHaveLength(1);
    expect((cleanups[0] as { data: { run_id: string } }).data.run_id).toBe(run?.id);
  });

  it("the cleanup's if filter ignores other functions' cancellations", async () => {
    const { importAllContacts, cleanupCancelledImport, cleanups } = build(async (step) => {
      await step.sleep("wait", "1d");
    });
    const other = new Quell({ id: "newsletter-app" }).createFunction(
      { id: "other", cancelOn: [{ event: "contacts/import.cancelled", match: "data.importId" }] },
      { event: "contacts/import.requested" },
      async ({ step }) => {
        await step.sleep("wait", "1d");
      },
    );
    driver = await create([importAllContacts, cleanupCancelledImport, other]);
    await driver.send({ name: "contacts/import.requested", data: { importId: IMPORT_ID } });
    await driver.send({ name: "contacts/import.cancelled", data: { importId: IMPORT_ID } });
    const cancelledRuns = (await driver.runs()).filter((r) => r.status === "Cancelled");
    expect(cancelledRuns.map((r) => r.function_id).sort()).toEqual([
      "newsletter-app-import-all-contacts",
      "newsletter-app-other",
    ]);
    expect(cleanups).toHaveLength(1);
  });
});
