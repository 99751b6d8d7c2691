// The seeds' three examples as apps of the official SDK — written verbatim for inngest@3, in
// inngest@4's `triggers` form — run unmodified on `quell dev -u`: reminders, the newsletter import
// with its cleanup, the blog post; each completes, and each is cancelled by its event.
import type { RunView } from "@quell/core";
import { runQuell } from "@quell/http/testing";
import { describe, expect, it } from "vitest";
import { eventually } from "../src/client";
import { inMs, SDKS, timelineTypes, useDev } from "./support";

describe.each(SDKS)("inngest %s: the seeds' examples on quell dev", (sdk) => {
  const dev = useDev(`${sdk}-seeds.mjs`);

  const settled = (eventId: string, status: RunView["status"]) =>
    eventually(`run of ${eventId} ${status}`, async () => {
      const [run] = await dev().api.runsForEvent(eventId);
      return run?.status === status && run.ended_at !== null ? run : undefined;
    });

  it("syncs the three apps with their functions", async () => {
    const apps = await dev().api.apps();
    expect(apps.map((app) => [app.id, app.sdk, app.functions.map((fn) => fn.function_id)])).toEqual(
      [
        [
          "blog",
          expect.stringMatching(/^js:v[34]\./),
          ["blog-schedules-and-cancels-automatically"],
        ],
        [
          "newsletter-app",
          expect.any(String),
          ["newsletter-app-import-all-contacts", "newsletter-app-cleanup-cancelled-import"],
        ],
        ["reminders-app", expect.any(String), ["reminders-app-schedule-reminder"]],
      ],
    );
    expect(apps[0]?.sdk).toBe(sdk === "v3" ? "js:v3.54.2" : "js:v4.24.0");
    const shown = await runQuell(["apps", "--url", dev().quell.url]);
    expect(shown.code).toBe(0);
    for (const app of apps) {
      expect(shown.stdout).toMatch(
        new RegExp(`^${app.id} +${app.url} +${app.sdk} +${app.functions.length} .* ok$`, "m"),
      );
    }
  });

  it("a reminder sleeps until it is due, then is pushed", async () => {
    const [id = ""] = await dev().api.send({
      name: "tasks/reminder.created",
      data: {
        userId: "user_123",
        reminderId: `r-${sdk}`,
        reminderBody: "Pick up Jane",
        remindAt: inMs(800),
      },
    });
    const run = await settled(id, "Completed");
    expect(run.steps.map((step) => [step.id, step.status])).toEqual([
      ["sleep-until-remind-at-time", "completed"],
      ["send-reminder-push", "completed"],
    ]);
    expect(run.steps[1]).toMatchObject({ output: { pushed: "user_123", body: "Pick up Jane" } });
  });

  it("a reminder deleted while it sleeps is cancelled and never pushed (match: data.reminderId)", async () => {
    const api = dev().api;
    const reminderId = `deleted-${sdk}`;
    const [id = ""] = await api.send({
      name: "tasks/reminder.created",
      data: { userId: "user_123", reminderId, reminderBody: "x", remindAt: inMs(60_000) },
    });
    await eventually("sleeping", async () =>
      (await api.runsForEvent(id))[0]?.status === "Sleeping" ? true : undefined,
    );
    await api.send({
      name: "tasks/reminder.deleted",
      data: { userId: "user_123", reminderId: "other" },
    });
    const [cancel = ""] = await api.send({
      name: "tasks/reminder.deleted",
      data: { userId: "user_123", reminderId },
    });
    const run = await settled(id, "Cancelled");
    expect(run.cancellation).toMatchObject({ source: "event", event_id: cancel });
    expect(run.steps.map((step) => step.id)).toEqual([]);
  });

  it("a cancelled import runs the cleanup function, with the original event", async () => {
    const api = dev().api;
    const importId = `import-${sdk}`;
    const [id = ""] = await api.send({
      name: "contacts/import.requested",
      data: { importId, pages: 3, pause: "1m" },
    });
    await eventually("first page imported", async () =>
      (await api.runsForEvent(id))[0]?.status === "Sleeping" ? true : undefined,
    );
    await api.send({ name: "contacts/import.cancelled", data: { importId } });
    const run = await settled(id, "Cancelled");
    expect(run.steps.filter((step) => step.kind === "run").map((step) => step.id)).toEqual([
      "import-page-1",
    ]);
    const cleanup = await eventually("the cleanup run", async () => {
      const runs = await api.runsOf("newsletter-app-cleanup-cancelled-import");
      return runs.find(
        (r) => r.status === "Completed" && (r.output as { cleaned?: string })?.cleaned === importId,
      );
    });
    expect(cleanup.event).toMatchObject({
      name: "inngest/function.cancelled",
      data: { function_id: "newsletter-app-import-all-contacts", run_id: run.id },
    });
  });

  it("a scheduled post is published when due, and a cancelled one never is", async () => {
    const api = dev().api;
    const [due = ""] = await api.send({
      name: "blog/post.scheduled",
      data: { postID: `p1-${sdk}`, scheduleAt: inMs(500) },
    });
    const [later = ""] = await api.send({
      name: "blog/post.scheduled",
      data: { postID: `p2-${sdk}`, scheduleAt: inMs(60_000) },
    });
    expect((await settled(due, "Completed")).output).toEqual({ published: `p1-${sdk}` });
    await eventually("sleeping", async () =>
      (await api.runsForEvent(later))[0]?.status === "Sleeping" ? true : undefined,
    );
    await api.send({ name: "blog/post.cancelled", data: { postID: `p2-${sdk}` } });
    const cancelled = await settled(later, "Cancelled");
    expect(timelineTypes(cancelled)).not.toContain("step.started");
  });
});
