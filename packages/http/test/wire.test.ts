import { describe, expect, it } from "vitest";
import { raw, rawBytes } from "./support/raw";
import { useServers } from "./support/server";

const open = useServers();

const errorBody = (body: string) => JSON.parse(body) as { error: string; status: number };

describe("quell dev refuses hosts that are not loopback names (DNS rebinding)", () => {
  it("answers loopback names", async () => {
    const s = await open();
    const { port } = new URL(s.url);
    for (const host of [
      `127.0.0.1:${port}`,
      `localhost:${port}`,
      "localhost",
      `[::1]:${port}`,
      `app.localhost:${port}`,
      `127.1.2.3:${port}`,
    ]) {
      expect((await raw(s.url, "GET /v1/runs HTTP/1.1", {}, { host })).status, host).toBe(200);
    }
  });

  it("refuses any other Host with a 403 that says why, and changes nothing", async () => {
    const s = await open();
    const { port } = new URL(s.url);
    for (const host of [
      `evil.example:${port}`,
      "evil.example",
      `localhost.evil.example:${port}`,
      `127.0.0.1.nip.io:${port}`,
      `192.168.1.10:${port}`,
      `[::2]:${port}`,
    ]) {
      const answer = await raw(s.url, "POST /e/dev HTTP/1.1", {}, { host });
      expect(answer.status, host).toBe(403);
      expect(errorBody(answer.body)).toMatchObject({ status: 403 });
      expect(errorBody(answer.body).error).toContain("DNS rebinding");
    }
    expect((await s.snapshot()).runs).toEqual([]);
  });

  it("checks the host of an absolute-form request line too", async () => {
    const s = await open();
    const answer = await raw(s.url, "GET http://evil.example/v1/runs HTTP/1.1");
    expect(answer.status).toBe(403);
    expect((await raw(s.url, `GET ${s.url}/v1/runs HTTP/1.1`)).status).toBe(200);
  });
});

describe("errors before any route answer in the { error, status } shape", () => {
  it("a request Node's parser rejects is a 400", async () => {
    const s = await open();
    for (const bytes of [
      "NOT HTTP AT ALL\r\n\r\n",
      "GET /v1/runs HTTP/1.1\r\nBad Header\r\n\r\n",
    ]) {
      const answer = await rawBytes(s.url, bytes);
      expect(answer.status, bytes).toBe(400);
      expect(errorBody(answer.body)).toMatchObject({ status: 400 });
      expect(errorBody(answer.body).error).toContain("not valid HTTP");
    }
  });

  it("headers larger than the limit are a 431", async () => {
    const s = await open();
    const answer = await raw(s.url, "GET /v1/runs HTTP/1.1", { "X-Big": "a".repeat(64 * 1024) });
    expect(answer.status).toBe(431);
    expect(errorBody(answer.body)).toEqual({
      error: "request headers are larger than the server accepts",
      status: 431,
    });
  });

  it("a JSON body in a charset other than UTF-8 is a 415, not misread", async () => {
    const s = await open();
    const event = '{"name":"test/quick"}';
    for (const charset of ["utf-16", "UTF-16LE", '"iso-8859-1"']) {
      const answer = await raw(
        s.url,
        "POST /e/dev HTTP/1.1",
        {},
        {
          body: Buffer.from(event, charset === "UTF-16LE" ? "utf16le" : "latin1"),
          contentType: `application/json; charset=${charset}`,
        },
      );
      expect(answer.status, charset).toBe(415);
      expect(errorBody(answer.body).error).toContain("UTF-8");
    }
    const utf8 = await raw(
      s.url,
      "POST /e/dev HTTP/1.1",
      {},
      { body: Buffer.from(event), contentType: "application/json; charset=UTF-8" },
    );
    expect(utf8.status).toBe(200);
    expect((await s.snapshot()).runs).toHaveLength(1);
  });
});
