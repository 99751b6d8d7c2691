// Child process entry of the `http` task: one HTTP server on 127.0.0.1 and a free port, so the
// load generator (in the task's process) and the server each have a core. argv: `quell` (the
// real `@quell/http` server, dev mode, engine on the memory store, real clock) or `bare` (a
// Fastify instance with one POST route echoing its JSON body). Protocol over IPC, see http.ts.
import type { Logger } from "@quell/core";
import { createEngine } from "@quell/engine";
import { createServer } from "@quell/http";
import { memoryStore } from "@quell/memory";
import Fastify from "fastify";
import { sleeper } from "../fixtures";
import type { ServerKind, ServerMessage } from "./http";

const kind = process.argv[2] as ServerKind;
let faults = 0;

const quiet: Logger = {
  info: () => {},
  debug: () => {},
  warn: () => {},
  error: (...args: unknown[]) => console.error(...args),
};

const start = async (): Promise<{ url: string; close(): Promise<void> }> => {
  if (kind === "bare") {
    const app = Fastify({ logger: false });
    app.post("/echo", async (request) => request.body);
    await app.listen({ port: 0, host: "127.0.0.1" });
    const address = app.server.address();
    if (address === null || typeof address === "string") throw new Error("bare: no port");
    return { url: `http://127.0.0.1:${address.port}`, close: () => app.close() };
  }
  if (kind !== "quell") throw new Error(`unknown server kind ${kind}`);
  const functions = [sleeper];
  const engine = createEngine({ functions, store: memoryStore(), logger: quiet });
  const server = createServer({
    engine,
    functions,
    mode: "dev",
    onFault: (error) => {
      faults += 1;
      console.error("bench http server: request failed", error);
    },
  });
  await engine.start();
  const url = await server.listen({ port: 0, host: "127.0.0.1" });
  return {
    url,
    close: async () => {
      await server.close();
      await engine.stop();
    },
  };
};

const send = (message: ServerMessage): void => {
  process.send?.(message);
};

const server = await start();
// The parent going away (a failed task) ends this process too: no server outlives the bench.
process.on("disconnect", () => process.exit(0));
process.on("message", (message: unknown) => {
  if (message === "usage") {
    const { user, system } = process.cpuUsage();
    send({ type: "usage", cpuNs: (user + system) * 1_000, faults });
  } else if (message === "stop") {
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error("bench http server: close failed", error);
        process.exit(1);
      },
    );
  }
});
send({ type: "ready", url: server.url });
