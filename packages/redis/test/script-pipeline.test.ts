import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { SCRIPT_PIPELINE_SIZE } from "../src/script-pipeline";
import { evalScript, evalScriptBuffer, luaScript } from "../src/scripts";
import { type RedisServer, startRedisServer } from "../src/testing";

// The scripts one turn sends go in pipelines of at most SCRIPT_PIPELINE_SIZE, each call
// answered its own reply (src/script-pipeline.ts).

const echo = luaScript("echo", "n", "return ARGV[1]");
const failing = luaScript("failing", "n", "return redis.error_reply('refused ' .. ARGV[1])");

let server: RedisServer;
let pipelined: Redis;
let direct: Redis;

beforeAll(async () => {
  server = await startRedisServer();
  pipelined = new Redis(server.url, { enableAutoPipelining: true });
  direct = new Redis(server.url);
  await evalScript(direct, echo, ["{a}k"], ["load"]);
  await evalScript(direct, failing, ["{a}k"], ["load"]).catch(() => {});
});

afterAll(async () => {
  await pipelined.quit();
  await direct.quit();
  await server.stop();
});

const pipelinesDuring = async <A>(client: Redis, work: () => Promise<A>) => {
  const spy = vi.spyOn(client, "pipeline");
  try {
    const result = await work();
    return { result, pipelines: spy.mock.calls.length };
  } finally {
    spy.mockRestore();
  }
};

describe("scripts of one turn", () => {
  it("go in pipelines of at most SCRIPT_PIPELINE_SIZE, each call answered its own reply", async () => {
    const count = 2 * SCRIPT_PIPELINE_SIZE + 3;
    const values = Array.from({ length: count }, (_, i) => `v${i}`);
    const { result, pipelines } = await pipelinesDuring(pipelined, () =>
      Promise.all(values.map((value) => evalScript(pipelined, echo, ["{a}k"], [value]))),
    );
    expect(result).toEqual(values);
    expect(pipelines).toBe(3);
  });

  it("fail only the call whose script failed", async () => {
    const { result } = await pipelinesDuring(pipelined, () =>
      Promise.allSettled([
        evalScript(pipelined, echo, ["{a}k"], ["before"]),
        evalScript(pipelined, failing, ["{a}k"], ["this one"]),
        evalScriptBuffer(pipelined, echo, ["{a}k"], ["after"]),
      ]),
    );
    expect(result[0]).toEqual({ status: "fulfilled", value: "before" });
    expect(result[1]).toMatchObject({
      status: "rejected",
      reason: { message: "refused this one" },
    });
    expect(result[2]).toEqual({ status: "fulfilled", value: Buffer.from("after") });
  });

  it("keep the scripts of two namespaces (hash tags) in pipelines of their own", async () => {
    const { result, pipelines } = await pipelinesDuring(pipelined, () =>
      Promise.all([
        evalScript(pipelined, echo, ["{a}k"], ["a"]),
        evalScript(pipelined, echo, ["{b}k"], ["b"]),
        evalScript(pipelined, echo, ["{a}j"], ["a2"]),
      ]),
    );
    expect(result).toEqual(["a", "b", "a2"]);
    expect(pipelines).toBe(2);
  });

  it("load a script the server does not know, in a pipeline as alone", async () => {
    await direct.script("FLUSH");
    const values = ["x", "y", "z"];
    const replies = await Promise.all(
      values.map((value) => evalScript(pipelined, echo, ["{a}k"], [value])),
    );
    expect(replies).toEqual(values);
  });

  it("go at once, one by one, on a client that does not auto-pipeline", async () => {
    const { result, pipelines } = await pipelinesDuring(direct, () =>
      Promise.all(["p", "q"].map((value) => evalScript(direct, echo, ["{a}k"], [value]))),
    );
    expect(result).toEqual(["p", "q"]);
    expect(pipelines).toBe(0);
  });
});
