import type { Logger } from "../sdk/types";

export interface LogLine {
  readonly runId: string;
  readonly level: "info" | "warn" | "error" | "debug";
  readonly message: string;
}

const format = (args: readonly unknown[]): string =>
  args.map((arg) => (typeof arg === "string" ? arg : JSON.stringify(arg))).join(" ");

/** Handler logs kept as data: a simulation prints nothing and loses nothing. */
export const createLogCollector = () => {
  const lines: LogLine[] = [];
  const loggerFor = (runId: string): Logger => ({
    info: (...args) => lines.push({ runId, level: "info", message: format(args) }),
    warn: (...args) => lines.push({ runId, level: "warn", message: format(args) }),
    error: (...args) => lines.push({ runId, level: "error", message: format(args) }),
    debug: (...args) => lines.push({ runId, level: "debug", message: format(args) }),
  });
  return { lines: lines as readonly LogLine[], loggerFor };
};
