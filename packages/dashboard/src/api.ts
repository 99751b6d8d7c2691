// The HTTP API of docs/http.md, from the page: same origin, `{ data, metadata }` answers,
// errors `{ error, status }`. In `quell start` the signing key typed in the page is kept in
// sessionStorage (gone when the tab closes) and sent as `Authorization: Bearer`.
const KEY = "quell.signingKey";

export const signingKey = (): string | null => sessionStorage.getItem(KEY);
export const setSigningKey = (key: string | null): void => {
  if (key === null) sessionStorage.removeItem(KEY);
  else sessionStorage.setItem(KEY, key);
};

/** An error answer of the API: its message, its status and, for CEL, where it went wrong. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly path: string | undefined,
    readonly position: number | undefined,
  ) {
    super(message);
  }
}

interface ErrorBody {
  readonly error?: unknown;
  readonly path?: unknown;
  readonly position?: unknown;
}

export const request = async <T>(method: string, url: string, body?: unknown): Promise<T> => {
  const headers: Record<string, string> = {};
  const key = signingKey();
  if (key !== null) headers.authorization = `Bearer ${key}`;
  if (body !== undefined) headers["content-type"] = "application/json";
  const response = await fetch(url, {
    method,
    headers,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const json: unknown = await response.json().catch(() => ({}));
  if (!response.ok) {
    const e = (json ?? {}) as ErrorBody;
    throw new ApiError(
      typeof e.error === "string" ? e.error : `${method} ${url}: ${response.status}`,
      response.status,
      typeof e.path === "string" ? e.path : undefined,
      typeof e.position === "number" ? e.position : undefined,
    );
  }
  return json as T;
};

/** `{ data }` of a `/v1` answer. */
export const data = async <T>(method: string, url: string, body?: unknown): Promise<T> =>
  (await request<{ data: T }>(method, url, body)).data;
