import { createHash } from "node:crypto";
import { type Either, left, right } from "fp-ts/lib/Either.js";

/** `signkey-<env>-<hex>`, as the seeds' system issues them (INNGEST-PROTOCOL.md §7). */
const SIGNING_KEY = /^signkey-(\w+)-([0-9a-f]+)$/i;
/** 128 bits: shorter keys can be guessed. */
export const MIN_SIGNING_KEY_HEX = 32;
/** Event keys travel in the path (`/e/<key>`): URL-safe characters, long enough not to guess. */
const EVENT_KEY = /^[A-Za-z0-9_-]+$/;
export const MIN_EVENT_KEY_LENGTH = 16;

export interface Keys {
  readonly eventKeys: readonly string[];
  readonly signingKeys: readonly string[];
}

const shown = (key: string): string => (key.length <= 12 ? `"${key}"` : `"${key.slice(0, 12)}…"`);

const signingKeyProblem = (key: string): string | null => {
  const match = SIGNING_KEY.exec(key);
  if (match === null) return `${shown(key)} is not of the form signkey-<env>-<hex>`;
  const hex = match[2] ?? "";
  if (hex.length < MIN_SIGNING_KEY_HEX) {
    return `${shown(key)} has ${hex.length} hex digits; at least ${MIN_SIGNING_KEY_HEX} are needed`;
  }
  return hex.length % 2 === 0 ? null : `${shown(key)} has an odd number of hex digits`;
};

const eventKeyProblem = (key: string): string | null => {
  if (!EVENT_KEY.test(key)) return `${shown(key)} may hold only letters, digits, "_" and "-"`;
  return key.length < MIN_EVENT_KEY_LENGTH
    ? `${shown(key)} is ${key.length} characters; at least ${MIN_EVENT_KEY_LENGTH} are needed`
    : null;
};

/**
 * Check the keys a production server is given: at least one of each, signing keys of the form
 * `signkey-<env>-<hex>` with at least 128 bits, event keys of at least 16 URL-safe characters.
 * The error names the flag-neutral field (`event keys`, `signing keys`) and what to fix.
 */
export const validateKeys = (keys: Keys): Either<string, Keys> => {
  const problems = [
    ...(keys.eventKeys.length === 0 ? ["event keys: none given"] : []),
    ...keys.eventKeys.flatMap((k) => eventKeyProblem(k) ?? []).map((p) => `event key ${p}`),
    ...(keys.signingKeys.length === 0 ? ["signing keys: none given"] : []),
    ...keys.signingKeys.flatMap((k) => signingKeyProblem(k) ?? []).map((p) => `signing key ${p}`),
  ];
  return problems.length === 0 ? right(keys) : left(problems.join("; "));
};

/**
 * What the official SDK sends as `Authorization: Bearer …` for a signing key:
 * `signkey-<env>-` + hex(sha256(the key's hex digits decoded to bytes)) (INNGEST-PROTOCOL.md §7.3).
 */
export const hashedSigningKey = (key: string): string | null => {
  const match = SIGNING_KEY.exec(key);
  if (match === null) return null;
  const [, env, hex = ""] = match;
  if (hex.length % 2 !== 0) return null;
  return `signkey-${env}-${createHash("sha256").update(Buffer.from(hex, "hex")).digest("hex")}`;
};
