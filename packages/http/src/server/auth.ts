import { createHash, timingSafeEqual } from "node:crypto";
import { type HttpError, unauthorized } from "./http-error";
import { hashedSigningKey, type Keys } from "./keys";

export type Mode = "dev" | "production";

/**
 * What a route needs before its handler may run. Every route declares one in its Fastify
 * `config`; the check reads the declaration of the route that matched (after the router decoded
 * the path), so no spelling of a path reaches a handler without its route's check.
 */
export type Access =
  /** Anyone (the OpenAPI document, health). */
  | "public"
  /** An event key in the route's `:eventKey` parameter. */
  | "eventKey"
  /** `Authorization: Bearer <signing key>`, raw or in the SDK's hashed form. */
  | "signingKey";

declare module "fastify" {
  interface FastifyContextConfig {
    /** Required on every route: see `Access`. */
    readonly access?: Access;
  }
}

/** Route options that declare `access`: `app.get(url, needs("signingKey"), handler)`. */
export const needs = (access: Access) => ({ config: { access } }) as const;

// Hashing first gives equal lengths, so the comparison takes the same time whatever the key.
const digest = (key: string): Buffer => createHash("sha256").update(key).digest();

const oneOf = (keys: readonly Buffer[], candidate: string): boolean => {
  const probe = digest(candidate);
  let found = false;
  for (const key of keys) found = timingSafeEqual(key, probe) || found;
  return found;
};

export interface Credentials {
  /** The route's decoded `:eventKey` parameter, if it has one. */
  readonly eventKey: string | undefined;
  readonly authorization: string | undefined;
}

/**
 * Who may call what (SPEC §6). Dev mode accepts any key or none (the SDK sends
 * `Bearer undefined` there); production checks what the route declares. A route that declares
 * nothing is denied in every mode; a path no route matched needs a signing key, so a caller
 * without one learns nothing about which routes exist.
 */
export const authorizer = (mode: Mode, keys: Keys) => {
  const eventKeys = keys.eventKeys.map(digest);
  const signingKeys = keys.signingKeys
    .flatMap((key) => [key, hashedSigningKey(key) ?? []].flat())
    .map(digest);
  return (access: Access | undefined, credentials: Credentials): HttpError | null => {
    if (access === undefined) return unauthorized("this route declares no access rule");
    if (mode === "dev" || access === "public") return null;
    if (access === "eventKey") {
      const key = credentials.eventKey ?? "";
      return key !== "" && oneOf(eventKeys, key)
        ? null
        : unauthorized("event key not recognised: send events to /e/<event key>");
    }
    const key = /^Bearer\s+(\S+)\s*$/i.exec(credentials.authorization ?? "")?.[1];
    if (key === undefined) {
      return unauthorized("missing signing key: send `Authorization: Bearer <signing key>`");
    }
    return oneOf(signingKeys, key) ? null : unauthorized("signing key not recognised");
  };
};
