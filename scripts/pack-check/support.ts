import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { stripVTControlCharacters } from "node:util";

const README = fileURLToPath(new URL("../../README.md", import.meta.url));

/**
 * The files a README section shows, keyed by name: its fenced blocks whose info string names a
 * file after the language (```js functions.mjs). The check runs what the README says.
 */
export const readmeFiles = (section: string): Map<string, string> => {
  const text = readFileSync(README, "utf8");
  const start = text.indexOf(`\n## ${section}\n`);
  if (start < 0) throw new Error(`README.md has no section "## ${section}"`);
  const end = text.indexOf("\n## ", start + 1);
  const body = text.slice(start, end < 0 ? undefined : end);
  const files = new Map<string, string>();
  for (const match of body.matchAll(/^```\w+ (\S+)\n([\s\S]*?)^```$/gm)) {
    files.set(match[1] as string, match[2] as string);
  }
  return files;
};

/**
 * The environment a user's shell would have: without what pnpm and vitest set for this run
 * (npm_config_* would steer npm; VITEST* would make the project's vitest think it is nested).
 */
export const userEnv = (): NodeJS.ProcessEnv =>
  Object.fromEntries(
    Object.entries(process.env).filter(
      ([key]) => !/^(npm_|VITEST|TEST$|NODE_ENV$|NODE_OPTIONS$)/i.test(key),
    ),
  );

export interface Result {
  readonly code: number | null;
  readonly output: string;
}

/** Runs a command in `cwd` to its end; stdout and stderr interleaved in `output`, uncoloured. */
export const run = (command: string, args: readonly string[], cwd: string): Promise<Result> =>
  new Promise((resolve) => {
    const child = spawn(command, args, { cwd, env: userEnv(), stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.on("close", (code) => resolve({ code, output: stripVTControlCharacters(output) }));
  });

export interface Server {
  readonly url: string;
  readonly output: () => string;
  /** SIGTERM to the process group (npx and the node process it started); resolves on exit. */
  readonly stop: () => Promise<void>;
}

/** Starts a long-running command (`npx quell dev …`) and resolves once it prints its URL. */
export const startServer = (
  command: string,
  args: readonly string[],
  cwd: string,
): Promise<Server> =>
  new Promise((resolve, reject) => {
    // Its own process group, so that stopping it reaches the node process npx started.
    const child: ChildProcess = spawn(command, args, {
      cwd,
      env: userEnv(),
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    });
    let output = "";
    const exited = new Promise<void>((done) => child.on("exit", () => done()));
    const stop = async (): Promise<void> => {
      const running = child.exitCode === null && child.signalCode === null;
      if (running && child.pid !== undefined) process.kill(-child.pid, "SIGTERM");
      await exited;
    };
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      const url = /listening on (http:\/\/\S+)/.exec(output)?.[1];
      if (url !== undefined) resolve({ url, output: () => output, stop });
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.on("exit", (code) =>
      reject(new Error(`${command} ${args.join(" ")} exited ${code}:\n${output}`)),
    );
  });

/** Polls `read` until `done` holds for its value; gives up after `tries` with the last value. */
export const eventually = async <T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  tries = 200,
): Promise<T> => {
  let value = await read();
  for (let i = 0; i < tries && !done(value); i++) {
    await new Promise((r) => setTimeout(r, 50));
    value = await read();
  }
  return value;
};

/**
 * The README's reminder flow against a running server: create a reminder, read its run's
 * status once it sleeps, delete the reminder, read it once cancelled. The statuses seen.
 */
export const reminderFlow = async (url: string): Promise<string[]> => {
  const send = (name: string, data: object) =>
    fetch(`${url}/e/dev`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name, data }),
    });
  const status = async (): Promise<string | undefined> => {
    const response = await fetch(`${url}/v1/runs?function_id=schedule-reminder`);
    const runs = ((await response.json()) as { data: { status: string }[] }).data;
    if (runs.length > 1) throw new Error(`one run expected, got ${runs.length}`);
    return runs[0]?.status;
  };
  const seen: (string | undefined)[] = [];
  await send("tasks/reminder.created", { reminderId: "r1", remindAt: "2030-01-01T09:00:00Z" });
  seen.push(await eventually(status, (s) => s === "Sleeping"));
  await send("tasks/reminder.deleted", { reminderId: "r1" });
  seen.push(await eventually(status, (s) => s === "Cancelled"));
  return seen.map(String);
};
