import { execFile } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import {
  anatomyScenario,
  contactsImportScenario,
  formatScenario,
  remindersScenario,
} from "../src/index";

describe("demo scenarios", () => {
  it("reminders: r1 is deleted while sleeping and never pushed; r2 is pushed", async () => {
    const { r1, r2, pushes, sim } = await remindersScenario();
    expect(r1.status).toBe("Cancelled");
    expect(r1.cancellation).toMatchObject({
      source: "event",
      at: "2024-01-04T00:00:00.000Z",
    });
    expect(r1.steps).toEqual([]);
    expect(r1.timeline.map((e) => e.type)).not.toContain("step.started");
    expect(r2.status).toBe("Completed");
    expect(r2.cancellation).toBeNull();
    expect(pushes).toEqual([
      { userId: "user_456", body: "Water the plants", at: Date.parse("2024-01-08T09:00:00Z") },
    ]);
    expect(sim.world.listeners.size).toBe(0);
    expect(sim.world.timers.size).toBe(0);
  });

  it("contacts import: imp-1 is cancelled between steps and cleanup logs its importId", async () => {
    const { cancelled, finished, cleanup, imported, sim } = await contactsImportScenario();
    expect(cancelled.status).toBe("Cancelled");
    expect(cancelled.event.data).toEqual({ importId: "imp-1" });
    expect(cancelled.cancellation?.source).toBe("event");
    expect(imported.filter((p) => p.importId === "imp-1").map((p) => p.page)).toEqual([1]);
    expect(finished.status).toBe("Completed");
    expect(finished.output).toEqual({ pages: 3 });
    expect(imported.filter((p) => p.importId === "imp-2").map((p) => p.page)).toEqual([1, 2, 3]);

    expect(cleanup.status).toBe("Completed");
    expect(cleanup.event.name).toBe("inngest/function.cancelled");
    expect(cleanup.event.data).toMatchObject({
      function_id: "newsletter-app-import-all-contacts",
      run_id: cancelled.id,
      cancellation: { source: "event" },
    });
    expect(sim.logs).toEqual([
      { runId: cleanup.id, level: "info", message: "Import was cancelled: imp-1" },
    ]);
  });

  it("anatomy: step 2 completes and is kept, the run is cancelled, cleanup runs after", async () => {
    const { run, duringStep, step2, cleanup, journal, sim } = await anatomyScenario();
    expect(duringStep.state).toBe("cancelling");
    expect(duringStep.status).toBe("Cancelled");
    expect(duringStep.ended_at).toBeNull();

    expect(run.status).toBe("Cancelled");
    expect(run.ended_at).not.toBeNull();
    expect(step2).toMatchObject({
      status: "completed",
      output: { messageId: "push-0001" },
      settled_after_cancel: true,
    });
    expect(run.timeline.map((e) => e.type)).toEqual([
      "created",
      "started",
      "sleeping",
      "woke",
      "step.started",
      "cancel.requested",
      "step.settled_after_cancel",
      "cancelled",
    ]);

    const order = (text: string): number => journal.findIndex((line) => line.includes(text));
    expect(order("push delivered (signal.aborted = true)")).toBeGreaterThan(
      order("cancel committed"),
    );
    expect(order("cleanup function runs")).toBeGreaterThan(order("push delivered"));
    expect(cleanup.status).toBe("Completed");
    expect(cleanup.event.data).toMatchObject({ run_id: run.id });
    expect(sim.logs.map((l) => l.message)).toEqual([
      "Reminder task-7 was cancelled (source: event); cleaning up",
    ]);
  });

  it("prints each scenario with its heading, timelines, status and cancellation", async () => {
    const text = formatScenario(1, await remindersScenario());
    expect(text).toContain("━━ 1. Reminder deleted while its run sleeps");
    expect(text).toContain('cancel.requested — by event "tasks/reminder.deleted"');
    expect(text).toContain("status        Cancelled (ended 2024-01-04 00:00)");
    expect(text).toContain("status        Completed (ended 2024-01-08 09:00)");
  });

  // vitest resolves modules like a bundler; `pnpm demo` runs under Node's own ESM resolver
  // (through tsx), which refuses some imports vitest accepts (e.g. `fp-ts/Either`).
  it("`pnpm demo` runs under Node's resolver and exits 0", async () => {
    const tsx = createRequire(import.meta.url).resolve("tsx/cli");
    const main = fileURLToPath(new URL("../src/main.ts", import.meta.url));
    const { stdout } = await promisify(execFile)(process.execPath, [tsx, main], {
      timeout: 15_000,
    });
    expect(stdout).toContain("━━ 3. Cancelled while step 2 runs");
    expect(stdout).toContain("In short");
  });
});
