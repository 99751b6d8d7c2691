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

const fail = (at: string, message: string): Either<EventError, never> =>
  left<EventError>({ _tag: "EventError", path: at, message });

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
  // Plain JSON (the usual case) is copied in one walk; anything else takes the checked walk,
  // which names the offending path, and then the JSON round trip below.
  let copied = true;
  for (const key of ["data", "user"] as const) {
    const value = input[key];
    if (value === undefined) continue;
    if (!isRecord(value)) return fail(`${path}.${key}`, `${key} must be an object`);
    const copy = copyPlainJson(value, 0);
    if (copy !== NOT_PLAIN) {
      event[key] = copy as JsonObject;
      continue;
    }
    const problem = findNonJson(value, `${path}.${key}`, new Set());
    if (problem !== null) return fail(problem.path, problem.message);
    event[key] = value as JsonObject;
    copied = false;
  }
  if (ts !== undefined) {
    if (typeof ts !== "number" || !Number.isFinite(ts)) {
      return fail(`${path}.ts`, "ts must be a finite number (epoch ms)");
    }
    event.ts = ts === 0 ? 0 : ts; // JSON has no -0
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
  // The event stored is exactly what its JSON says (no undefined, no aliasing): already a
  // fresh copy, or round-tripped.
  return right(copied ? event : (JSON.parse(json) as EventInput));
}

const NOT_PLAIN: unique symbol = Symbol("not plain JSON");

/**
 * A fresh copy of `value` as `JSON.parse(JSON.stringify(value))` would give it, or `NOT_PLAIN`
 * when it holds anything that needs the checked walk (`findNonJson`): a non-JSON value, a
 * class instance, nesting as deep as `MAX_DEPTH` (or a cycle, which reaches it).
 */
function copyPlainJson(value: unknown, depth: number): unknown {
  switch (typeof value) {
    case "string":
    case "boolean":
      return value;
    case "number":
      if (!Number.isFinite(value)) return NOT_PLAIN;
      return value === 0 ? 0 : value; // -0 is 0 in JSON
    case "object": {
      if (value === null) return null;
      if (depth >= MAX_DEPTH) return NOT_PLAIN;
      if (Array.isArray(value)) {
        const out: unknown[] = new Array(value.length);
        for (let i = 0; i < value.length; i++) {
          // A hole is null in JSON; an undefined element is an error (the checked walk's).
          if (!(i in value)) {
            out[i] = null;
            continue;
          }
          const item = copyPlainJson(value[i], depth + 1);
          if (item === NOT_PLAIN) return NOT_PLAIN;
          out[i] = item;
        }
        return out;
      }
      const proto: unknown = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) return NOT_PLAIN;
      const out: Record<string, unknown> = {};
      for (const key of Object.keys(value)) {
        const item = (value as Record<string, unknown>)[key];
        if (item === undefined) continue; // JSON drops undefined properties
        const copy = copyPlainJson(item, depth + 1);
        if (copy === NOT_PLAIN) return NOT_PLAIN;
        if (key === "__proto__") {
          Object.defineProperty(out, key, {
            value: copy,
            enumerable: true,
            writable: true,
            configurable: true,
          });
        } else out[key] = copy;
      }
      return out;
    }
    default:
      return NOT_PLAIN;
  }
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
