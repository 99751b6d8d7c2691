import { createHash, timingSafeEqual } from "node:crypto";
import { type HttpError, unauthorized } from "./http-error";

export type Mode = "dev" | "production";

export interface AuthOptions {
  readonly mode: Mode;
  readonly eventKeys: readonly string[];
  readonly signingKeys: readonly string[];
}

// Hashing first gives equal lengths, so the comparison takes the same time whatever the key.
const digest = (key: string): Buffer => createHash("sha256").update(key).digest();

const oneOf = (keys: readonly Buffer[], candidate: string): boolean => {
  const probe = digest(candidate);
  let found = false;
  for (const key of keys) found = timingSafeEqual(key, probe) || found;
  return found;
};

/**
 * Who may call what (SPEC §6): an event key in the path for `/e/:key`, a signing key as
 * `Authorization: Bearer <key>` for `/v1`. Dev mode accepts anything. Unknown paths under
 * `/v1` need a key too, so a caller without one learns nothing about which routes exist.
 */
export const authorizer = (options: AuthOptions) => {
  const eventKeys = options.eventKeys.map(digest);
  const signingKeys = options.signingKeys.map(digest);
  return (path: string, authorization: string | undefined): HttpError | null => {
    if (options.mode === "dev") return null;
    if (path === "/e" || path.startsWith("/e/")) {
      const raw = path.slice(3).split("/")[0] ?? "";
      let key: string;
      try {
        key = decodeURIComponent(raw);
      } catch {
        key = raw;
      }
      return key !== "" && oneOf(eventKeys, key)
        ? null
        : unauthorized("event key not recognised: send events to /e/<event key>");
    }
    if (path === "/v1" || path.startsWith("/v1/")) {
      const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "");
      const key = match?.[1];
      if (key === undefined) {
        return unauthorized("missing signing key: send `Authorization: Bearer <signing key>`");
      }
      return oneOf(signingKeys, key) ? null : unauthorized("signing key not recognised");
    }
    return null;
  };
};
