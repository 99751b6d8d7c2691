import type { Command } from "commander";
import { answers } from "../../server/answers";
import { eventsTable } from "../format";
import { clientOf, guarded, type Io, show } from "../io";

/** `quell events`: the event stream, newest first. */
export const eventCommands = (program: Command, io: Io): void => {
  program
    .command("events")
    .description("list stored events (system events included), newest first")
    .option("--name <name>", "only events with this name")
    .option("--received-after <time>", "received at or after (RFC 3339)")
    .option("--received-before <time>", "received at or before (RFC 3339)")
    .option("-n, --limit <n>", "page size", "50")
    .option("--cursor <cursor>", "next page, from a previous listing")
    .action(
      guarded(io, async (options: Record<string, string | undefined>, command: Command) => {
        const page = await clientOf(command).get(answers.listEvents, "/v1/events", {
          name: options.name,
          received_after: options.receivedAfter,
          received_before: options.receivedBefore,
          limit: options.limit,
          cursor: options.cursor,
        });
        show(io, command, page, ({ data, metadata }) =>
          data.length === 0
            ? "no events"
            : `${eventsTable(data)}${metadata.cursor ? `\nmore: --cursor ${metadata.cursor}` : ""}`,
        );
      }),
    );
};
