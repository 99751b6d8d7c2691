// What every answer of the API must look like beyond its schema: every time an ISO string (an
// event's own `ts` is the one epoch-ms time), every key snake_case. Users' own JSON (their
// events' `data` and `user`, step and run outputs) is theirs and is not checked; the data of
// system events (`inngest/...`) is Quell's and is, except an invoke's: the `data` step.invoke
// was given, where only `_inngest` is Quell's.

const SNAKE = /^_?[a-z][a-z0-9]*(_[a-z0-9]+)*$/;
const TIME_KEY = /(^|_)at$/;

const isEvent = (value: Record<string, unknown>): boolean =>
  typeof value.name === "string" && typeof value.ts === "number" && "data" in value;

/** Where an answer breaks the rules, as `path: problem` lines (empty when it keeps them). */
export const wireShapeProblems = (value: unknown, path = "$"): string[] => {
  if (Array.isArray(value))
    return value.flatMap((item, i) => wireShapeProblems(item, `${path}[${i}]`));
  if (typeof value !== "object" || value === null) return [];
  const record = value as Record<string, unknown>;
  const system = isEvent(record) && String(record.name).startsWith("inngest/");
  const invoked = system && record.name === "inngest/function.invoked";
  const userOwned = new Set(["output", ...(isEvent(record) && !system ? ["data", "user"] : [])]);
  if (system) userOwned.add("user");
  const problems: string[] = [];
  if (invoked) {
    userOwned.add("data");
    const data = record.data as Record<string, unknown> | null;
    problems.push(...wireShapeProblems(data?._inngest, `${path}.data._inngest`));
  }
  for (const [key, child] of Object.entries(record)) {
    const at = `${path}.${key}`;
    if (!SNAKE.test(key)) problems.push(`${at}: key is not snake_case`);
    if (TIME_KEY.test(key) && typeof child === "number") problems.push(`${at}: a time as a number`);
    if (!userOwned.has(key)) problems.push(...wireShapeProblems(child, at));
  }
  return problems;
};

/**
 * Fails when an answer of the API breaks the wire rules, naming every place it does. The
 * OpenAPI document (`/openapi.json`) is OpenAPI's vocabulary, not the API's, and is left out.
 */
export const assertWireShape = (method: string, path: string, body: unknown): void => {
  if (path.startsWith("/openapi.json")) return;
  const problems = wireShapeProblems(body);
  if (problems.length > 0) {
    throw new Error(`${method} ${path}: the answer breaks the wire rules:\n${problems.join("\n")}`);
  }
};
