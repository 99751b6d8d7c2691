import { type Either, left, right } from "fp-ts/lib/Either.js";
import type { EventInput } from "../codecs/event";
import type { JsonObject } from "../codecs/json";
import { isRecord } from "./config-error";

/** A rejected event: `path` names the event and field, e.g. `events[2].data`. */
export type EventError = {
  readonly _tag: "EventError";
  readonly path: string;
  readonly message: string;
};

export type EventValidationOptions = {
  /** Largest accepted event, in UTF-8 bytes of its JSON (SPEC §5). */
  readonly maxBytes: number;
  /** Whether `inngest/*` names are allowed: only for events the system emits itself (§4.4). */
  readonly allowSystem: boolean;
};

/** 512 KiB, the default per-event size limit (SPEC §5). */
export const DEFAULT_MAX_EVENT_BYTES = 512 * 1024;
const SYSTEM_PREFIX = "inngest/";

/**
 * Checks an event as sent (SPEC §5): a non-empty `name` (not `inngest/…` unless `allowSystem`),
 * `data`/`user` JSON objects, `ts` a finite number, `id`/`v` non-empty strings, and at most
 * `maxBytes` of JSON. Returns a fresh `EventInput` holding only those fields, as JSON would
 * store them (properties whose value is `undefined` dropped).
 */
export function validateEvent(
  input: unknown,
  path: string,
  opts: EventValidationOptions,
): Either<EventError, EventInput> {
  const fail = (at: string, message: string) =>
    left<EventError>({ _tag: "EventError", path: at, message });
  if (!isRecord(input)) return fail(path, "an event must be an object like { name, data }");
  const { name, ts } = input;
  if (typeof name !== "string" || name.trim().length === 0) {
    return fail(`${path}.name`, "name is required (a non-empty string)");
  }
  if (!opts.allowSystem && name.startsWith(SYSTEM_PREFIX)) {
    const message = `names starting with "${SYSTEM_PREFIX}" are reserved for system events`;
    return fail(`${path}.name`, message);
  }
  const event: { -readonly [K in keyof EventInput]: EventInput[K] } = { name };
  for (const key of ["data", "user"] as const) {
    const value = input[key];
    if (value === undefined) continue;
    if (!isRecord(value)) return fail(`${path}.${key}`, `${key} must be an object`);
    const problem = findNonJson(value, `${path}.${key}`, new Set());
    if (problem !== null) return fail(problem.path, problem.message);
    event[key] = value as JsonObject;
  }
  if (ts !== undefined) {
    if (typeof ts !== "number" || !Number.isFinite(ts)) {
      return fail(`${path}.ts`, "ts must be a finite number (epoch ms)");
    }
    event.ts = ts;
  }
  for (const key of ["id", "v"] as const) {
    const value = input[key];
    if (value === undefined) continue;
    if (typeof value !== "string" || value.length === 0) {
      return fail(`${path}.${key}`, `${key} must be a non-empty string`);
    }
    event[key] = value;
  }
  const json = JSON.stringify(event);
  const bytes = utf8Length(json);
  if (bytes > opts.maxBytes) {
    return fail(path, `event is ${bytes} bytes of JSON, over the limit of ${opts.maxBytes} bytes`);
  }
  // Round-trip so that the event stored is exactly what its JSON says (no undefined, no aliasing).
  return right(JSON.parse(json) as EventInput);
}

type Problem = { readonly path: string; readonly message: string };
const MAX_DEPTH = 256;

/**
 * The first value under `value` that JSON cannot carry faithfully (NaN, Infinity, functions,
 * BigInt, Dates, class instances, cycles), so the user learns where instead of losing data.
 */
function findNonJson(value: unknown, path: string, ancestors: Set<object>): Problem | null {
  switch (typeof value) {
    case "undefined":
      return { path, message: "undefined is not JSON (use null)" };
    case "string":
    case "boolean":
      return null;
    case "number":
      return Number.isFinite(value) ? null : { path, message: `${value} is not a JSON number` };
    case "object": {
      if (value === null) return null;
      if (ancestors.has(value)) return { path, message: "circular reference" };
      // Bounded so that hostile nesting is an error, not a stack overflow.
      if (ancestors.size >= MAX_DEPTH) {
        return { path, message: `nested deeper than ${MAX_DEPTH} levels` };
      }
      const proto: unknown = Object.getPrototypeOf(value);
      const isArray = Array.isArray(value);
      if (!isArray && proto !== Object.prototype && proto !== null) {
        const kind = value.constructor?.name ?? "object";
        return {
          path,
          message: `a ${kind} is not JSON; convert it first (e.g. a Date to an ISO string)`,
        };
      }
      ancestors.add(value);
      const entries = isArray
        ? value.map((item, i) => [`[${i}]`, item] as const)
        : Object.entries(value).map(([k, item]) => [`.${k}`, item] as const);
      for (const [suffix, item] of entries) {
        // JSON.stringify drops undefined properties; in arrays it would turn them into null.
        if (item === undefined && !isArray) continue;
        const problem = findNonJson(item, `${path}${suffix}`, ancestors);
        if (problem !== null) return problem;
      }
      ancestors.delete(value);
      return null;
    }
    default:
      return { path, message: `a ${typeof value} is not JSON` };
  }
}

/** UTF-8 byte length of a string (counted by hand: core has neither TextEncoder nor Buffer). */
export function utf8Length(s: string): number {
  let bytes = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (isHighSurrogate(c) && i + 1 < s.length && isLowSurrogate(s.charCodeAt(i + 1))) {
      bytes += 4; // a surrogate pair is one code point above U+FFFF
      i++;
    } else bytes += 3; // the rest of the BMP; a lone surrogate is encoded as U+FFFD (3 bytes)
  }
  return bytes;
}

const isHighSurrogate = (c: number): boolean => c >= 0xd800 && c <= 0xdbff;
const isLowSurrogate = (c: number): boolean => c >= 0xdc00 && c <= 0xdfff;
