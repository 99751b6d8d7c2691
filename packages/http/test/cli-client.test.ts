import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { CliError, createClient } from "../src/cli/client";
import { answers } from "../src/server/answers";

// The CLI reads answers through the codecs the server encodes them with: a shape it does not
// know is a clear error, not a crash or a silently wrong table.

let server: Server | null = null;
afterEach(
  () => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())),
);

const serve = async (body: unknown): Promise<string> => {
  server = createServer((_request, response) => {
    response.setHeader("content-type", "application/json");
    response.end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server?.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
};

const metadata = { fetched_at: "2024-01-01T00:00:00.000Z", cached_until: null };
const functionView = {
  function_id: "app-f",
  id: "f",
  app_id: "app",
  name: "f",
  triggers: [{ event: "a/b", if: null }],
  cancel_on: [],
  retries: 4,
  paused: false,
  singleton: null,
  timeouts: { start_ms: null, finish_ms: 3_600_000 },
};

describe("the CLI's client", () => {
  it("decodes an answer with the codec of its operation", async () => {
    const client = createClient({
      url: await serve({ data: [functionView], metadata }),
      eventKey: "k",
    });
    const { data } = await client.get(answers.listFunctions, "/v1/functions");
    expect(data).toEqual([functionView]);
  });

  it("names where an answer breaks the shape it expects", async () => {
    const old = {
      ...functionView,
      cancel_on: [{ event: "x", match: null, if: null, timeout: { at: 1 } }],
    };
    const client = createClient({ url: await serve({ data: [old], metadata }), eventKey: "k" });
    const attempt = client.get(answers.listFunctions, "/v1/functions");
    await expect(attempt).rejects.toBeInstanceOf(CliError);
    await expect(attempt).rejects.toThrow(
      /GET \/v1\/functions: the server answered a shape this quell does not know/,
    );
    await expect(attempt).rejects.toThrow(/data\[0\]\.cancel_on\[0\]\.timeout/);
  });
});
