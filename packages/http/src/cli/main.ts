import { Command, Option } from "commander";
import { cancellationCommands } from "./commands/cancellations";
import { eventCommands } from "./commands/events";
import { functionCommands } from "./commands/functions";
import { migrateKeysCommand } from "./commands/migrate-keys";
import { runCommands } from "./commands/runs";
import { type Io, processIo } from "./io";
import { serverCommands } from "./server-commands";

/** The `quell` command: a dev server, and a client for a running server. */
export const buildProgram = (io: Io): Command => {
  const program = new Command()
    .name("quell")
    .description("Quell: durable functions with cancellation done right")
    .addOption(
      new Option("--url <url>", "server to talk to")
        .env("QUELL_URL")
        .default("http://127.0.0.1:8288"),
    )
    .addOption(
      new Option(
        "--signing-key <key>",
        "signing key for /v1 (`start`: the keys it accepts, comma-separated)",
      ).env("QUELL_SIGNING_KEY"),
    )
    .addOption(
      new Option(
        "--event-key <key>",
        "event key to send events with (`start`: the keys it accepts)",
      )
        .env("QUELL_EVENT_KEY")
        .default("dev"),
    )
    .option("--json", "print JSON instead of tables")
    .showHelpAfterError();
  serverCommands(program, io);
  functionCommands(program, io);
  runCommands(program, io);
  eventCommands(program, io);
  cancellationCommands(program, io);
  migrateKeysCommand(program, io);
  return program;
};

export const main = async (argv: readonly string[]): Promise<void> => {
  await buildProgram(processIo()).parseAsync([...argv]);
};
