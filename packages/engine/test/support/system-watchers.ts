import type { HandlerEvent, Quell } from "@quell/core";
import { recorder } from "./fixtures";

/** Functions that record every system event they see, to assert what a run emitted. */
export const watchers = (quell: Quell) => {
  const cancelled = recorder();
  const finished = recorder();
  const failed = recorder();
  const functions = [
    quell.createFunction(
      { id: "on-cancelled" },
      { event: "inngest/function.cancelled" },
      async ({ event }) => {
        cancelled.record(event);
      },
    ),
    quell.createFunction(
      { id: "on-finished" },
      { event: "inngest/function.finished" },
      async ({ event }) => {
        finished.record(event);
      },
    ),
    quell.createFunction(
      { id: "on-failed" },
      { event: "inngest/function.failed" },
      async ({ event }) => {
        failed.record(event);
      },
    ),
  ];
  return {
    cancelled: cancelled.events,
    finished: finished.events,
    failed: failed.events,
    functions,
  };
};

/** The system events about one run. */
export const forRun = (events: readonly HandlerEvent[], runId: string) =>
  events.filter((e) => e.data.run_id === runId);
