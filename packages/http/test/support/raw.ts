import { connect } from "node:net";

export interface RawAnswer {
  readonly status: number;
  readonly head: string;
  readonly body: string;
}

/** Write `bytes` on a fresh connection to `url`'s host and port; read the answer to the end. */
export const rawBytes = (url: string, bytes: string | Uint8Array): Promise<RawAnswer> => {
  const { hostname, port } = new URL(url);
  return new Promise<RawAnswer>((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    const chunks: Buffer[] = [];
    socket.on("data", (chunk) => chunks.push(chunk));
    socket.on("error", reject);
    socket.on("end", () => {
      const text = Buffer.concat(chunks).toString("utf8");
      const [head = "", ...rest] = text.split("\r\n\r\n");
      resolve({ status: Number(head.split(" ")[1]), head, body: rest.join("\r\n\r\n") });
    });
    socket.write(bytes);
  });
};

export interface RawOptions {
  /** The Host header; default the server's `host:port`; `null` sends none. */
  readonly host?: string | null;
  readonly body?: Uint8Array;
  readonly contentType?: string;
}

/**
 * One request written byte for byte on a socket: `fetch` would normalise the very spellings
 * under test (dot segments, absolute form). Methods that carry a body send a small event unless
 * `options.body` says otherwise.
 */
export const raw = (
  url: string,
  requestLine: string,
  headers: Record<string, string> = {},
  options: RawOptions = {},
): Promise<RawAnswer> => {
  const { hostname, port } = new URL(url);
  const host = options.host === undefined ? `${hostname}:${port}` : options.host;
  const hasBody = options.body !== undefined || /^(POST|PUT|PATCH|DELETE) /.test(requestLine);
  const body = options.body ?? Buffer.from(hasBody ? '{"name":"test/quick"}' : "");
  const lines = [
    requestLine,
    ...(host === null ? [] : [`Host: ${host}`]),
    "Connection: close",
    ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
    ...(hasBody
      ? [
          `Content-Type: ${options.contentType ?? "application/json"}`,
          `Content-Length: ${body.byteLength}`,
        ]
      : []),
  ];
  return rawBytes(url, Buffer.concat([Buffer.from(`${lines.join("\r\n")}\r\n\r\n`), body]));
};
