import type { StoreUnavailableError } from "@quell/core";

/** A transition of the store between available and not: reported once each, never per request. */
export type AvailabilityChange =
  | { readonly _tag: "Lost"; readonly error: StoreUnavailableError }
  | { readonly _tag: "Restored"; readonly store: string; readonly downMs: number };

/** The change as one log line. */
export const describeAvailabilityChange = (change: AvailabilityChange): string => {
  if (change._tag === "Lost") return `${change.error.store}: ${change.error.detail}; retrying`;
  return `${change.store}: available again after ${(change.downMs / 1000).toFixed(1)} s`;
};

/** What a successful command proves. */
export type Proof =
  /** The server answered: it is reachable. */
  | "answered"
  /** It also stored something new: it has room for writes again. */
  | "stored";

export interface Availability {
  /**
   * A command failed this way, or the connection reported it. `sentAt`: the `recoveries` count
   * when the command was sent; a command sent before the last recovery that fails after it
   * (sent on the old connection, or answered by a node that had not yet seen the recovery)
   * tells nothing new and reports no second outage.
   */
  failed(error: StoreUnavailableError, sentAt?: number): void;
  /** A command succeeded; what that proves. */
  succeeded(proof: Proof): void;
  /** The connection is established again (ioredis `ready`). */
  connected(): void;
  /** Why the store is unavailable now, or null when it is not known to be. */
  readonly down: StoreUnavailableError | null;
  /** How many times the store came back so far: what a command notes when it is sent. */
  readonly recoveries: number;
}

/**
 * Whether the store is up, as the commands and the connection tell it, reporting each
 * transition once. A full store still answers reads, so only a write that stored something
 * ends a `full` (or `refusing`) spell; otherwise every read in between would log a recovery.
 */
export const createAvailability = (
  report: (change: AvailabilityChange) => void,
  now: () => number = () => performance.now(),
): Availability => {
  let down: StoreUnavailableError | null = null;
  let since = 0;
  let recoveries = 0;
  const restore = (): void => {
    if (down === null) return;
    const store = down.store;
    down = null;
    recoveries += 1;
    report({ _tag: "Restored", store, downMs: now() - since });
  };
  return {
    failed: (error, sentAt) => {
      if (down === null && sentAt !== undefined && sentAt < recoveries) return;
      if (down !== null) {
        down = error; // the latest reason, for /health; no new line
        return;
      }
      down = error;
      since = now();
      report({ _tag: "Lost", error });
    },
    succeeded: (proof) => {
      if (down === null) return;
      const needsRoom = down.reason === "full" || down.reason === "refusing";
      if (!needsRoom || proof === "stored") restore();
    },
    connected: () => {
      if (down?.reason === "unreachable") restore();
    },
    get down() {
      return down;
    },
    get recoveries() {
      return recoveries;
    },
  };
};
