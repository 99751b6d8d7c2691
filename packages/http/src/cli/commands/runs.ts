import type { Command } from "commander";
import { answers } from "../../server/answers";
import { CliError } from "../client";
import { runDetails, runsTable } from "../format";
import { clientOf, guarded, type Io, show } from "../io";

/** `quell runs`, `quell run <id>`, `quell cancel <runId>`, `quell replay`, `quell reschedule`. */
export const runCommands = (program: Command, io: Io): void => {
  program
    .command("runs")
    .description("list runs, newest first")
    .option("-f, --function <slug>", "only this function (slug or id)")
    .option(
      "-s, --status <status...>",
      "only these statuses (Queued, Running, Sleeping, Waiting, Completed, Failed, Cancelled, Skipped)",
    )
    .option("--started-after <time>", "created at or after (RFC 3339)")
    .option("--started-before <time>", "created at or before (RFC 3339)")
    .option("-n, --limit <n>", "page size", "50")
    .option("--cursor <cursor>", "next page, from a previous listing")
    .action(
      guarded(
        io,
        async (options: Record<string, string | string[] | undefined>, command: Command) => {
          const page = await clientOf(command).get(answers.listRuns, "/v1/runs", {
            function_id: options.function,
            status: options.status,
            started_after: options.startedAfter,
            started_before: options.startedBefore,
            limit: options.limit,
            cursor: options.cursor,
          });
          show(io, command, page, ({ data, metadata }) =>
            data.length === 0
              ? "no runs"
              : `${runsTable(data)}${metadata.cursor ? `\nmore: --cursor ${metadata.cursor}` : ""}`,
          );
        },
      ),
    );

  program
    .command("run <id>")
    .description("a run's status, cancellation and timeline")
    .action(
      guarded(io, async (id: string, _options: unknown, command: Command) => {
        const { data } = await clientOf(command).get(
          answers.getRun,
          `/v1/runs/${encodeURIComponent(id)}`,
        );
        show(io, command, data, runDetails);
      }),
    );

  program
    .command("cancel <runId>")
    .description("cancel one run (a step in flight finishes first)")
    .option("-r, --reason <text>", "why, kept in the run's cancellation record")
    .action(
      guarded(io, async (runId: string, options: { reason?: string }, command: Command) => {
        const body = options.reason === undefined ? undefined : { reason: options.reason };
        const { data } = await clientOf(command).delete(
          answers.cancelRun,
          `/v1/runs/${encodeURIComponent(runId)}`,
          body,
        );
        show(io, command, data, (run) =>
          run.ended_at === null
            ? `${run.id} Cancelled (its step in flight is finishing)`
            : `${run.id} Cancelled`,
        );
      }),
    );

  program
    .command("reschedule <runId>")
    .description("move a sleeping run's wake-up time (a past time wakes it at once)")
    .requiredOption("--until <time>", "the new wake-up time (RFC 3339)")
    .action(
      guarded(io, async (runId: string, options: { until: string }, command: Command) => {
        const { data } = await clientOf(command).post(
          answers.rescheduleRun,
          `/v1/runs/${encodeURIComponent(runId)}/reschedule`,
          { until: options.until },
        );
        const moved = [...data.timeline].reverse().find((entry) => entry.type === "rescheduled");
        show(
          io,
          command,
          data,
          (run) => `${run.id} rescheduled ${moved?.detail ?? ""} (${run.status})`,
        );
      }),
    );

  program
    .command("replay [runId]")
    .description("replay one ended run, or (with --function) ended runs in bulk")
    .option("-f, --function <slug>", "bulk: the function whose runs to replay")
    .option("-s, --status <status...>", "bulk: statuses to replay (default Cancelled)")
    .option("--started-after <time>", "bulk: created at or after (RFC 3339)")
    .option("--started-before <time>", "bulk: created at or before (RFC 3339)")
    .action(
      guarded(
        io,
        async (
          runId: string | undefined,
          options: Record<string, string | string[] | boolean | undefined>,
          command: Command,
        ) => {
          const client = clientOf(command);
          if (runId !== undefined) {
            const { data } = await client.post(
              answers.replayRun,
              `/v1/runs/${encodeURIComponent(runId)}/replay`,
            );
            show(io, command, data, (run) => `replayed ${runId} as ${run.id} (${run.status})`);
            return;
          }
          if (typeof options.function !== "string") {
            throw new CliError("give a run id, or --function <slug> to replay in bulk");
          }
          const { data } = await client.post(answers.replayRuns, "/v1/replays", {
            function_id: options.function,
            ...(options.status !== undefined ? { status: options.status } : {}),
            ...(typeof options.startedAfter === "string"
              ? { started_after: options.startedAfter }
              : {}),
            ...(typeof options.startedBefore === "string"
              ? { started_before: options.startedBefore }
              : {}),
          });
          show(
            io,
            command,
            data,
            (r) => `replayed ${r.count} run(s)${r.count > 0 ? `: ${r.run_ids.join(" ")}` : ""}`,
          );
        },
      ),
    );
};
