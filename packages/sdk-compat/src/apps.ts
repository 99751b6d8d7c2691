import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";

const APPS = fileURLToPath(new URL("../apps/", import.meta.url));

/** A port nothing listens on now (the app and Quell each need the other's URL at start). */
export const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });

/** An SDK app in its own process (as users run theirs), served by the SDK's node adapter. */
export interface AppProcess {
  /** Its serve URLs, one per SDK client. */
  readonly urls: readonly string[];
  output(): string;
  stop(): Promise<void>;
}

/**
 * Start `apps/<file>` with `env` (the SDK's own variables: INNGEST_DEV, INNGEST_SIGNING_KEY, …)
 * and resolve once it listens.
 */
export const startApp = (file: string, env: Record<string, string>): Promise<AppProcess> =>
  new Promise((resolve, reject) => {
    const child: ChildProcess = spawn(process.execPath, [`${APPS}${file}`], {
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, ...env },
    });
    let output = "";
    const exited = new Promise<void>((done) => child.once("exit", () => done()));
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`app ${file} did not start:\n${output}`));
    }, 30_000);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      if (!output.includes("app ready")) return;
      clearTimeout(timer);
      const urls = [...output.matchAll(/app listening on (\S+)/g)].map((m) => m[1] ?? "");
      resolve({
        urls,
        output: () => output,
        stop: async () => {
          if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
          await exited;
        },
      });
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`app ${file} exited with ${code}:\n${output}`));
    });
  });
