import type { AppView, RunView } from "@quell/core";

/** What the tests ask a Quell server over its REST API, as the seeds' users' scripts do. */
export interface QuellApi {
  send(events: unknown, headers?: Record<string, string>): Promise<string[]>;
  get<T>(path: string): Promise<T>;
  runsForEvent(eventId: string): Promise<RunView[]>;
  run(id: string): Promise<RunView>;
  runsOf(functionId: string): Promise<RunView[]>;
  apps(): Promise<AppView[]>;
  request(method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }>;
}

export const quellApi = (
  url: string,
  keys: { event?: string; signing?: string } = {},
): QuellApi => {
  const request = async (method: string, path: string, body?: unknown) => {
    const headers: Record<string, string> = {};
    if (body !== undefined) headers["content-type"] = "application/json";
    if (keys.signing !== undefined) headers.authorization = `Bearer ${keys.signing}`;
    const response = await fetch(`${url}${path}`, {
      method,
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, body: (await response.json()) as unknown };
  };
  const get = async <T>(path: string): Promise<T> => {
    const answer = await request("GET", path);
    if (answer.status !== 200) throw new Error(`GET ${path}: ${JSON.stringify(answer.body)}`);
    return (answer.body as { data: T }).data;
  };
  return {
    request,
    get,
    send: async (events, headers = {}) => {
      const response = await fetch(`${url}/e/${keys.event ?? "dev"}`, {
        method: "POST",
        headers: { "content-type": "application/json", ...headers },
        body: JSON.stringify(events),
      });
      const body = (await response.json()) as { ids: string[] };
      if (response.status !== 200) throw new Error(`send: ${JSON.stringify(body)}`);
      return body.ids;
    },
    runsForEvent: (eventId) => get(`/v1/events/${eventId}/runs`),
    run: (id) => get(`/v1/runs/${id}`),
    runsOf: (functionId) => get(`/v1/runs?function_id=${encodeURIComponent(functionId)}`),
    apps: () => get("/v1/apps"),
  };
};

/**
 * Poll `probe` until it returns something other than undefined (real processes, real time: the
 * tests wait for what happens, they never assert how long it took).
 */
export const eventually = async <T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs = 30_000,
): Promise<T> => {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${String(last)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
};
