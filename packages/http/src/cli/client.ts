import type * as t from "io-ts";
import { Metadata } from "../server/answers";
import { describeErrors } from "../server/decode";

/** Where the client commands send their requests. */
export interface ClientOptions {
  readonly url: string;
  readonly signingKey?: string;
  readonly eventKey: string;
}

/** A request that failed, in words fit for a terminal. */
export class CliError extends Error {
  readonly _tag = "CliError";
  override readonly name = "CliError";
}

export interface Envelope<T> {
  readonly data: T;
  readonly metadata: Metadata;
}

type Query = Readonly<Record<string, string | readonly string[] | undefined>>;

const withQuery = (path: string, query: Query): string => {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined) continue;
    for (const item of typeof value === "string" ? [value] : value) params.append(key, item);
  }
  const text = params.toString();
  return text === "" ? path : `${path}?${text}`;
};

/**
 * A small client for a running Quell server: JSON in and out, `{ error, status }` turned into a
 * `CliError`, an unreachable server into a hint to start one.
 */
export const createClient = (options: ClientOptions) => {
  const base = options.url.replace(/\/+$/, "");
  const request = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const headers: Record<string, string> = { accept: "application/json" };
    if (body !== undefined) headers["content-type"] = "application/json";
    if (options.signingKey !== undefined) headers.authorization = `Bearer ${options.signingKey}`;
    let response: Response;
    try {
      response = await fetch(`${base}${path}`, {
        method,
        headers,
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause?.code ?? String(error);
      throw new CliError(`cannot reach Quell at ${base} (${cause}): is \`quell dev\` running?`);
    }
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = text === "" ? null : JSON.parse(text);
    } catch {
      throw new CliError(
        `${method} ${path}: HTTP ${response.status}, not JSON: ${text.slice(0, 200)}`,
      );
    }
    if (!response.ok) {
      const message = (parsed as { error?: unknown } | null)?.error;
      throw new CliError(
        `${typeof message === "string" ? message : text} (HTTP ${response.status})`,
      );
    }
    return parsed as T;
  };
  /** An answer's `{ data, metadata }`, decoded with the codecs the server encodes them with. */
  const answer = async <C extends t.Mixed>(
    codec: C,
    method: string,
    path: string,
    body?: unknown,
  ): Promise<Envelope<t.TypeOf<C>>> => {
    const parsed = await request<{ data?: unknown; metadata?: unknown } | null>(method, path, body);
    const data = codec.decode(parsed?.data);
    const metadata = Metadata.decode(parsed?.metadata);
    const wrong = (root: string, errors: t.Errors): CliError => {
      const problem = describeErrors(root, errors);
      const where = problem._tag === "InvalidInput" ? ` at ${problem.path}` : "";
      return new CliError(
        `${method} ${path}: the server answered a shape this quell does not know (${problem.message}${where})`,
      );
    };
    if (data._tag === "Left") throw wrong("data", data.left);
    if (metadata._tag === "Left") throw wrong("metadata", metadata.left);
    return { data: data.right, metadata: metadata.right };
  };
  return {
    base,
    get: <C extends t.Mixed>(codec: C, path: string, query: Query = {}) =>
      answer(codec, "GET", withQuery(path, query)),
    post: <C extends t.Mixed>(codec: C, path: string, body?: unknown) =>
      answer(codec, "POST", path, body),
    delete: <C extends t.Mixed>(codec: C, path: string, body?: unknown) =>
      answer(codec, "DELETE", path, body),
    send: (events: unknown) =>
      request<{ ids: string[] }>("POST", `/e/${encodeURIComponent(options.eventKey)}`, events),
  };
};

export type Client = ReturnType<typeof createClient>;
