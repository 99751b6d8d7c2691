import { formatTriggers } from "@quell/core";
import type { Command } from "commander";
import { answers } from "../../server/answers";
import { CliError } from "../client";
import { table } from "../format";
import { clientOf, guarded, type Io, parseJsonOption, show } from "../io";

/** `quell send`, `quell functions`, `quell apps`, `quell pause`, `quell resume`. */
export const functionCommands = (program: Command, io: Io): void => {
  program
    .command("send <name>")
    .description("send an event")
    .option("-d, --data <json>", "the event's data, a JSON object", "{}")
    .option("--id <id>", "an event id, deduplicated within 24 h")
    .action(
      guarded(
        io,
        async (name: string, options: { data: string; id?: string }, command: Command) => {
          const data = parseJsonOption("--data", options.data);
          if (typeof data !== "object" || data === null || Array.isArray(data)) {
            throw new CliError('--data must be a JSON object, e.g. \'{"reminderId":"r1"}\'');
          }
          const sent = await clientOf(command).send({
            name,
            data,
            ...(options.id === undefined ? {} : { id: options.id }),
          });
          show(io, command, sent, ({ ids }) => `sent ${name}: ${ids.join(" ")}`);
        },
      ),
    );

  program
    .command("functions")
    .description("registered functions")
    .action(
      guarded(io, async (_options: unknown, command: Command) => {
        const { data } = await clientOf(command).get(answers.listFunctions, "/v1/functions");
        show(io, command, data, (fns) =>
          table([
            ["FUNCTION", "TRIGGER", "CANCEL ON", "PAUSED"],
            ...fns.map((fn) => [
              fn.function_id,
              formatTriggers(fn.triggers),
              fn.cancel_on.map((c) => c.event).join(", ") || "-",
              fn.paused ? "yes" : "no",
            ]),
          ]),
        );
      }),
    );

  program
    .command("apps")
    .description("synced apps of the official inngest SDK, and their sync state")
    .action(
      guarded(io, async (_options: unknown, command: Command) => {
        const { data } = await clientOf(command).get(answers.listApps, "/v1/apps");
        show(io, command, data, (apps) =>
          table([
            ["APP", "URL", "SDK", "FUNCTIONS", "SYNCED AT", "SYNC"],
            ...apps.map((app) => [
              app.id,
              app.url,
              app.sdk,
              String(app.functions.length),
              app.synced_at,
              app.error === null ? "ok" : `refused: ${app.error}`,
            ]),
          ]),
        );
      }),
    );

  program
    .command("pause <slug>")
    .description(
      "pause a function: its events create Skipped runs, its runs wait at their next step",
    )
    .option("--cancel-running", "cancel its in-flight runs instead of holding them")
    .action(
      guarded(io, async (slug: string, options: { cancelRunning?: boolean }, command: Command) => {
        const { data } = await clientOf(command).post(
          answers.pauseFunction,
          `/v1/functions/${encodeURIComponent(slug)}/pause`,
          options.cancelRunning === true ? { cancel_running: true } : undefined,
        );
        show(
          io,
          command,
          data,
          (r) =>
            `paused ${r.function_id}${options.cancelRunning ? `; cancelled ${r.cancelled} run(s)` : ""}`,
        );
      }),
    );

  program
    .command("resume <slug>")
    .description("resume a paused function; its waiting runs continue")
    .action(
      guarded(io, async (slug: string, _options: unknown, command: Command) => {
        const { data } = await clientOf(command).post(
          answers.resumeFunction,
          `/v1/functions/${encodeURIComponent(slug)}/resume`,
        );
        show(io, command, data, (r) => `resumed ${r.function_id}; ${r.resumed} run(s) continue`);
      }),
    );
};
