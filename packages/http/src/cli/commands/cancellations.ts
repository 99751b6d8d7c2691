import type { BulkCancellationView } from "@quell/core";
import type { Command } from "commander";
import { answers } from "../../server/answers";
import type { Client } from "../client";
import { cancellationLine, cancellationsTable } from "../format";
import { clientOf, guarded, type Io, show } from "../io";

/** Poll a bulk cancellation until its sweep is over, printing its counts as they move. */
const follow = async (client: Client, io: Io, id: string): Promise<BulkCancellationView> => {
  let last = "";
  for (;;) {
    const { data } = await client.get(
      answers.getCancellation,
      `/v1/cancellations/${encodeURIComponent(id)}`,
    );
    const line = `${data.status}: matched ${data.matched}, cancelled ${data.cancelled}`;
    if (line !== last) io.progress(line);
    last = line;
    if (data.status !== "running") return data;
    await io.sleep(500);
  }
};

/** `quell cancellations create|list|get|stop`: bulk cancellation (SPEC §4.5). */
export const cancellationCommands = (program: Command, io: Io): void => {
  const group = program.command("cancellations").description("bulk cancellations");

  group
    .command("create")
    .description("cancel a function's runs created in a time window (and matching --if)")
    .requiredOption("-a, --app <id>", "app id")
    .requiredOption("-f, --function <id>", "function id or slug")
    .requiredOption(
      "--started-before <time>",
      "created at or before (RFC 3339; default: now)",
      new Date().toISOString(),
    )
    .option("--started-after <time>", "created at or after (RFC 3339)")
    .option("--if <cel>", "CEL over `event`, the run's triggering event")
    .option("--dry-run", "count the runs, cancel none")
    .option("--no-wait", "return at once instead of following the sweep")
    .action(
      guarded(
        io,
        async (options: Record<string, string | boolean | undefined>, command: Command) => {
          const client = clientOf(command);
          const { data } = await client.post(answers.createCancellation, "/v1/cancellations", {
            app_id: options.app,
            function_id: options.function,
            started_before: options.startedBefore,
            ...(typeof options.startedAfter === "string"
              ? { started_after: options.startedAfter }
              : {}),
            ...(typeof options.if === "string" ? { if: options.if } : {}),
            ...(options.dryRun === true ? { dry_run: true } : {}),
          });
          if (options.wait === false || data.status !== "running") {
            show(io, command, data, cancellationLine);
            return;
          }
          io.err(
            `cancellation ${data.id} started; following it (Ctrl-C stops following, not the sweep)`,
          );
          show(io, command, await follow(client, io, data.id), cancellationLine);
        },
      ),
    );

  group
    .command("list")
    .description("bulk cancellations, newest first")
    .action(
      guarded(io, async (_options: unknown, command: Command) => {
        const { data } = await clientOf(command).get(
          answers.listCancellations,
          "/v1/cancellations",
        );
        show(io, command, data, (list) =>
          list.length === 0 ? "no cancellations" : cancellationsTable(list),
        );
      }),
    );

  group
    .command("get <id>")
    .description("one bulk cancellation")
    .option("-w, --wait", "follow it until its sweep is over")
    .action(
      guarded(io, async (id: string, options: { wait?: boolean }, command: Command) => {
        const client = clientOf(command);
        const data =
          options.wait === true
            ? await follow(client, io, id)
            : (
                await client.get(
                  answers.getCancellation,
                  `/v1/cancellations/${encodeURIComponent(id)}`,
                )
              ).data;
        show(io, command, data, cancellationLine);
      }),
    );

  group
    .command("stop <id>")
    .description("stop a bulk cancellation (runs already cancelled stay cancelled)")
    .action(
      guarded(io, async (id: string, _options: unknown, command: Command) => {
        const { data } = await clientOf(command).delete(
          answers.stopCancellation,
          `/v1/cancellations/${encodeURIComponent(id)}`,
        );
        show(io, command, data, cancellationLine);
      }),
    );
};
