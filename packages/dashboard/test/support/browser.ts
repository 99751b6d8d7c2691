// Debian's Chromium driven by playwright-core (docs/dashboard.md): never a test tool's own browser
// download. Each browser gets a fresh profile, removed when it closes.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type BrowserContext, chromium, type Page } from "playwright-core";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--no-first-run",
  "--disable-sync",
  "--disable-quic",
];

const DOCS = fileURLToPath(new URL("../../../../docs/dashboard/", import.meta.url));
/**
 * Where the tests save screenshots: a temp folder, so that a test run leaves the worktree clean;
 * `DASHBOARD_SCREENSHOTS=1` writes docs/dashboard/*.png (docs/dashboard.md).
 */
export const SCREENSHOTS =
  process.env.DASHBOARD_SCREENSHOTS === "1" ? DOCS : join(tmpdir(), "quell-dashboard-shots/");

export interface Browser {
  /** Requests the pages made off their own origin (a CDN, say): aborted, and listed here. */
  readonly offOrigin: readonly string[];
  /** A new tab at `width` × `height` (1280 × 800 unless told), opened at `url`. */
  open(url: string, size?: { readonly width: number; readonly height: number }): Promise<Page>;
  close(): Promise<void>;
}

export const launch = async (): Promise<Browser> => {
  const profile = await mkdtemp(join(tmpdir(), "quell-chromium-"));
  const context: BrowserContext = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
    viewport: { width: 1280, height: 800 },
  });
  const offOrigin: string[] = [];
  return {
    offOrigin,
    open: async (url, size = { width: 1280, height: 800 }) => {
      const page = await context.newPage();
      // Below the test's own timeout, so a wait that never ends names what it waited for.
      page.setDefaultTimeout(12_000);
      await page.setViewportSize(size);
      // Nothing may come from elsewhere (no CDN).
      const origin = new URL(url).origin;
      await page.route(
        (u) => u.origin !== origin,
        (route) => {
          offOrigin.push(route.request().url());
          return route.abort();
        },
      );
      await page.goto(url);
      return page;
    },
    close: async () => {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
};

/** Send an event as a user would, to `quell dev`'s `/e/dev`; answers the event ids. */
export const send = async (url: string, name: string, data: unknown): Promise<string[]> => {
  const answer = await fetch(`${url}/e/dev`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ name, data }),
  });
  if (!answer.ok) throw new Error(`POST /e/dev: ${answer.status} ${await answer.text()}`);
  return ((await answer.json()) as { ids: string[] }).ids;
};

export const reminder = (reminderId: string) => ({
  userId: "user_123",
  reminderId,
  reminderBody: `Reminder ${reminderId}`,
  remindAt: "2030-01-01T09:00:00Z",
});

interface RunSummary {
  readonly id: string;
  readonly status: string;
  readonly created_at: string;
}

/** The runs an event started (`GET /v1/events/:id/runs`); ingestion creates them before answering. */
export const runsOf = async (url: string, eventId: string): Promise<RunSummary[]> => {
  const answer = await fetch(`${url}/v1/events/${eventId}/runs`);
  return ((await answer.json()) as { data: RunSummary[] }).data;
};

/** Start a reminder (the seeds' "Cancel running functions"); answers its run's id. */
export const startReminder = async (url: string, reminderId: string): Promise<string> => {
  const [eventId = ""] = await send(url, "tasks/reminder.created", reminder(reminderId));
  const [run] = await runsOf(url, eventId);
  if (run === undefined) throw new Error(`no run for reminder ${reminderId}`);
  return run.id;
};
