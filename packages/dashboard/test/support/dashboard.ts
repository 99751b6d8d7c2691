import { type QuellProcess, startQuell } from "@quell/http/testing";
import { afterAll, beforeAll } from "vitest";
import { type Browser, launch } from "./browser";

export interface Dashboard {
  /** The server's URL, e.g. `http://127.0.0.1:40123`. */
  readonly url: string;
  readonly browser: Browser;
}

/**
 * A `quell <args>` process (default `quell dev` on a free port; `env` added to its environment)
 * and a browser for the test file, started before its tests and stopped after them.
 */
export const dashboardPerTest = (
  args: () => readonly string[] = () => ["dev", "--port", "0"],
  env: () => Record<string, string> = () => ({}),
) => {
  let quell: QuellProcess | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    quell = await startQuell(args(), env());
    browser = await launch();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await quell?.stop();
  });
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error("the dashboard is used before beforeAll ran");
    return value;
  };
  return {
    get url() {
      return started(quell).url;
    },
    get browser() {
      return started(browser);
    },
  } satisfies Dashboard;
};

/** A run's status, read from the API. */
export const statusOf = async (url: string, runId: string): Promise<string> => {
  const answer = await fetch(`${url}/v1/runs/${runId}`);
  return ((await answer.json()) as { data: { status: string } }).data.status;
};
