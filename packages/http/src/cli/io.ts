import type { Command } from "commander";
import { CliError, type Client, createClient } from "./client";

/** Where commands print, so tests can capture it. */
export interface Io {
  out(text: string): void;
  err(text: string): void;
  /** A line that replaces the previous progress line on a terminal. */
  progress(text: string): void;
  sleep(ms: number): Promise<void>;
}

export const processIo = (): Io => {
  const tty = process.stdout.isTTY === true;
  let open = false;
  const endProgress = (): void => {
    if (open) process.stdout.write("\n");
    open = false;
  };
  return {
    out: (text) => {
      endProgress();
      process.stdout.write(`${text}\n`);
    },
    err: (text) => {
      endProgress();
      process.stderr.write(`${text}\n`);
    },
    progress: (text) => {
      if (tty) {
        process.stdout.write(`\r\u001b[2K${text}`);
        open = true;
      } else process.stdout.write(`${text}\n`);
    },
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  };
};

export interface GlobalOptions {
  readonly url: string;
  readonly signingKey?: string;
  readonly eventKey: string;
  readonly json?: boolean;
}

export const globalsOf = (command: Command): GlobalOptions =>
  command.optsWithGlobals<GlobalOptions>();

export const clientOf = (command: Command): Client => {
  const { url, signingKey, eventKey } = globalsOf(command);
  return createClient({ url, eventKey, ...(signingKey === undefined ? {} : { signingKey }) });
};

/** Print `value` as JSON when `--json` was given, else as `human(value)`. */
export const show = <T>(io: Io, command: Command, value: T, human: (value: T) => string): void =>
  io.out(globalsOf(command).json === true ? JSON.stringify(value, null, 2) : human(value));

/** Run a command's body; a `CliError` is printed and exits 1 instead of a stack trace. */
export const guarded =
  <A extends unknown[]>(io: Io, body: (...args: A) => Promise<void>) =>
  async (...args: A): Promise<void> => {
    try {
      await body(...args);
    } catch (error) {
      // `instanceof` is safe here: CliError never leaves this package's own module graph.
      if (!(error instanceof CliError)) throw error;
      io.err(`error: ${error.message}`);
      process.exitCode = 1;
    }
  };

export const parseJsonOption = (name: string, text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new CliError(`${name} is not valid JSON: ${(error as Error).message}`);
  }
};
