import type { RunView } from "@quell/core";
import {
  importCancelled,
  importRequested,
  postCancelled,
  postScheduled,
  reminderCreated,
  reminderDeleted,
  SAMPLE_IMPORT_ID,
} from "@quell/core/examples";
import { describe, expect, it } from "vitest";
import { stores, type TestServerOptions, useServers } from "./support/server";

// The seeds' examples (`@quell/core/examples`, the dev server's default functions) driven only
// over HTTP; virtual time passes where a sleep must end.
const open = useServers();

describe.each(stores)("%s store", (store) => {
  const server = (options?: TestServerOptions) => open({ store, ...options });

  const reminder = (reminderId: string, remindAt = "2024-01-08T09:00:00Z") =>
    reminderCreated({ reminderId, remindAt });

  describe("seed: reminders (Cancel running functions)", () => {
    it("a reminder deleted while its run sleeps is Cancelled by the event; another one is sent", async () => {
      const s = await server();
      const [created1, created2] = await s.send([
        reminder("reminder_0987654321"),
        reminder("reminder_other"),
      ]);
      const run1 = await s.runOf(created1);
      expect(run1.status).toBe("Sleeping");

      await s.advance("3d");
      const [deleted] = await s.send(reminderDeleted("reminder_0987654321"));
      const cancelled = await s.data<RunView>("GET", `/v1/runs/${run1.id}`);
      expect(cancelled.status).toBe("Cancelled");
      expect(cancelled.cancellation).toMatchObject({ source: "event", event_id: deleted });
      // The sleep never ended, so no step was recorded, and the push never ran.
      expect(cancelled.steps).toEqual([]);

      await s.advance("1w");
      const sent = await s.runOf(created2);
      expect(sent.status).toBe("Completed");
      expect(sent.steps.map((step) => step.id)).toEqual([
        "sleep-until-remind-at-time",
        "send-reminder-push",
      ]);
      // The cancelled run stayed cancelled: it never woke, so it never pushed.
      expect(await s.data<RunView>("GET", `/v1/runs/${run1.id}`)).toMatchObject({
        status: "Cancelled",
        steps: [],
      });
    });
  });

  describe("seed: cleanup after function cancellation", () => {
    it("a cancelled import triggers the cleanup function with the original event", async () => {
      const s = await server();
      const [requested] = await s.send(
        importRequested(SAMPLE_IMPORT_ID, { pages: 3, pause: "10m" }),
      );
      const importRun = await s.runOf(requested);
      expect(importRun.status).toBe("Sleeping");
      await s.send(importCancelled(SAMPLE_IMPORT_ID));
      expect((await s.data<RunView>("GET", `/v1/runs/${importRun.id}`)).status).toBe("Cancelled");

      const cleanups = await s.data<RunView[]>(
        "GET",
        "/v1/runs?function_id=newsletter-app-cleanup-cancelled-import",
      );
      expect(cleanups).toHaveLength(1);
      const cleanup = cleanups[0] as RunView;
      expect(cleanup.status).toBe("Completed");
      expect(cleanup.event.name).toBe("inngest/function.cancelled");
      expect(cleanup.event.data).toMatchObject({
        function_id: "newsletter-app-import-all-contacts",
        run_id: importRun.id,
        event: { data: { importId: SAMPLE_IMPORT_ID } },
        error: { error: "function cancelled", message: "function cancelled", name: "Error" },
      });
    });

    it("an import with another importId is not cancelled and finishes", async () => {
      const s = await server();
      const [requested] = await s.send(importRequested("a", { pages: 2, pause: "10m" }));
      await s.send(importCancelled("b"));
      await s.advance("10m");
      expect(await s.runOf(requested)).toMatchObject({ status: "Completed", output: { pages: 2 } });
    });
  });

  describe("seed: cancelling scheduled functions (blog post)", () => {
    it("cancel, then reschedule: the post is published once, at the new time", async () => {
      const s = await server();
      const [first] = await s.send(postScheduled("post-1", "2024-01-05T12:00:00.000Z"));
      await s.advance("1d");
      await s.send(postCancelled("post-1"));
      const [second] = await s.send(postScheduled("post-1", "2024-01-10T08:00:00.000Z"));
      await s.advance("2w");
      expect((await s.runOf(first)).status).toBe("Cancelled");
      const published = await s.runOf(second);
      expect(published.status).toBe("Completed");
      expect(published.ended_at).toBe("2024-01-10T08:00:00.000Z");
    });
  });

  describe("seed: bulk cancel via the REST API", () => {
    it("the seeds' curl body cancels the matching user's reminders", async () => {
      const s = await server();
      const [mine] = await s.send({
        name: "tasks/reminder.created",
        data: { userId: "user_o9235hf84hf", reminderId: "1", remindAt: "2024-02-01T00:00:00Z" },
      });
      const [theirs] = await s.send({
        name: "tasks/reminder.created",
        data: { userId: "someone", reminderId: "2", remindAt: "2024-02-01T00:00:00Z" },
      });
      await s.advance("1h");
      const record = await s.data<{ id: string }>("POST", "/v1/cancellations", {
        json: {
          app_id: "reminders-app",
          function_id: "schedule-reminder",
          started_after: "2023-12-31T00:00:00.000Z",
          started_before: "2024-01-01T00:30:00.000Z",
          if: "event.data.userId == 'user_o9235hf84hf'",
        },
      });
      await s.settle();
      expect(
        (await s.data<{ status: string }>("GET", `/v1/cancellations/${record.id}`)).status,
      ).toBe("completed");
      expect((await s.runOf(mine)).status).toBe("Cancelled");
      expect((await s.runOf(theirs)).status).toBe("Sleeping");
    });
  });
});
