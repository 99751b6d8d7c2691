import { type QuellProcess, startQuell } from "@quell/http/testing";
import { afterAll, beforeAll } from "vitest";
import { type AppProcess, freePort, startApp } from "../src/apps";
import { eventually, type QuellApi, quellApi } from "../src/client";

export const SDKS = ["v3", "v4"] as const;
export type Sdk = (typeof SDKS)[number];

export interface DevSetup {
  readonly quell: QuellProcess;
  readonly app: AppProcess;
  readonly api: QuellApi;
  /** Restart the app on the same port (a deploy, a crash). */
  restartApp(): Promise<void>;
  /** Stop the app (it is down until `startAgain`). */
  stopApp(): Promise<void>;
  startAgain(): Promise<void>;
}

/**
 * One `quell dev` process and one app process (`apps/<file>`), pointed at each other the way a
 * user does it: `INNGEST_DEV=<quell URL>` in the app, `quell dev -u <serve URL>` for each client.
 * Waits until every app is synced.
 */
export const useDev = (file: string, env: Record<string, string> = {}) => {
  let setup: DevSetup | undefined;
  beforeAll(async () => {
    const [quellPort, appPort] = await Promise.all([freePort(), freePort()]);
    const appEnv = { ...env, PORT: String(appPort), INNGEST_DEV: `http://127.0.0.1:${quellPort}` };
    let app = await startApp(file, appEnv);
    const urls = app.urls.flatMap((url) => ["-u", url]);
    const quell = await startQuell([
      "dev",
      "--port",
      String(quellPort),
      ...urls,
      "--sync-interval",
      "300ms",
    ]);
    const api = quellApi(quell.url);
    await eventually("every app synced", async () => {
      const apps = await api.apps();
      return apps.length === app.urls.length && apps.every((a) => a.error === null)
        ? apps
        : undefined;
    });
    setup = {
      quell,
      api,
      get app() {
        return app;
      },
      stopApp: () => app.stop(),
      startAgain: async () => {
        app = await startApp(file, appEnv);
      },
      restartApp: async () => {
        await app.stop();
        app = await startApp(file, appEnv);
      },
    };
  });
  afterAll(async () => {
    await setup?.app.stop();
    await setup?.quell.stop();
  });
  return (): DevSetup => {
    if (setup === undefined) throw new Error("not started");
    return setup;
  };
};

/** An ISO time `ms` from now. */
export const inMs = (ms: number): string => new Date(Date.now() + ms).toISOString();

export const timelineTypes = (run: { timeline: readonly { type: string }[] }): string[] =>
  run.timeline.map((entry) => entry.type);
