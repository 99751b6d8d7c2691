import type { App } from "@quell/core";
import { describe, expect, it } from "vitest";
import type { Harness } from "../harness";

/** A synced app as `POST /fn/register` stores it. */
export const makeApp = (overrides: Partial<App> = {}): App => ({
  id: "newsletter-app",
  url: "http://127.0.0.1:3000/api/inngest",
  sdk: "js:v4.24.0",
  framework: "nodejs",
  functions: [
    {
      id: "import-all-contacts",
      name: "import-all-contacts",
      retries: null,
      trigger: { event: "contacts/import.requested", if: null },
      cancelOn: [
        {
          event: "contacts/import.cancelled",
          if: "async.data.importId == event.data.importId",
          timeout: "1h",
        },
      ],
      url: "http://127.0.0.1:3000/api/inngest?fnId=newsletter-app-import-all-contacts&stepId=step",
    },
  ],
  syncedAt: 1_000,
  error: null,
  ...overrides,
});

export const appTests = ({ fresh }: Harness): void => {
  describe("apps", () => {
    it("stores an app whole and lists every app by id", async () => {
      const store = await fresh();
      expect(await store.listApps()).toEqual([]);
      const newsletter = makeApp();
      const reminders = makeApp({ id: "reminders-app", functions: [], error: "refused" });
      await store.putApp(newsletter);
      await store.putApp(reminders);
      expect(await store.listApps()).toEqual([newsletter, reminders]);
    });

    it("replaces the app of the same id (a sync), keeping the others", async () => {
      const store = await fresh();
      await store.putApp(makeApp());
      await store.putApp(makeApp({ id: "other-app" }));
      const resynced = makeApp({ functions: [], syncedAt: 2_000 });
      await store.putApp(resynced);
      expect(await store.listApps()).toEqual([resynced, makeApp({ id: "other-app" })]);
    });
  });
};
