import { STATUS_CODES } from "node:http";
import type { Socket } from "node:net";

/** Node's parser error codes worth their own status; every other one is a 400. */
const STATUS: Readonly<Record<string, readonly [number, string]>> = {
  HPE_HEADER_OVERFLOW: [431, "request headers are larger than the server accepts"],
  ERR_HTTP_REQUEST_TIMEOUT: [408, "the request took too long to arrive"],
};

/**
 * Answer what Node's HTTP parser rejects before any route sees it (a malformed request line,
 * headers too large) in the API's `{ error, status }` shape, then close the connection.
 */
export const answerClientError = (error: Error & { code?: string }, socket: Socket): void => {
  if (error.code === "ECONNRESET" || !socket.writable) {
    socket.destroy();
    return;
  }
  const [status, message] = STATUS[error.code ?? ""] ?? [
    400,
    `the request is not valid HTTP${error.code === undefined ? "" : ` (${error.code})`}`,
  ];
  const body = JSON.stringify({ error: message, status });
  socket.end(
    [
      `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? "Bad Request"}`,
      "Content-Type: application/json; charset=utf-8",
      `Content-Length: ${Buffer.byteLength(body)}`,
      "Connection: close",
      "",
      body,
    ].join("\r\n"),
  );
};
