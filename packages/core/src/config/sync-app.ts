import type { App } from "../codecs/app";
import type { RemoteFunction } from "../sdk/types";
import { remoteFunctions } from "./remote-function";
import { formatConfigError } from "./validate-function";

/** An app as a sync describes it (its stored record less what the store adds). */
export type SyncedApp = Omit<App, "syncedAt" | "error">;

export interface SyncInput {
  readonly app: SyncedApp;
  /** Why the sync's own decoding refused it (an option Quell does not implement), or null. */
  readonly problem: string | null;
  /** The app of that id as stored, if any. */
  readonly stored: App | undefined;
  /** Slugs the app's functions may not take, and whose they are (in-process functions, other apps). */
  readonly taken: ReadonlyMap<string, string>;
  readonly now: number;
}

/**
 * What a sync does. `Synced`: the app's functions replace its old ones (`modified` when they
 * differ); `Refused`: the error the SDK relays, recorded on the app while its functions stay
 * those of the last accepted sync. `write`: whether the store's record changes.
 */
export type SyncDecision =
  | {
      readonly _tag: "Synced";
      readonly record: App;
      readonly functions: readonly RemoteFunction[];
      readonly modified: boolean;
      readonly write: boolean;
    }
  | {
      readonly _tag: "Refused";
      readonly record: App;
      readonly error: string;
      readonly write: boolean;
    };

const configOf = (app: SyncedApp): string =>
  JSON.stringify([app.url, app.sdk, app.framework, app.functions]);

const refuse = (input: SyncInput, error: string): SyncDecision => {
  const { stored, app, now } = input;
  const record: App =
    stored === undefined ? { ...app, functions: [], syncedAt: now, error } : { ...stored, error };
  return { _tag: "Refused", record, error, write: stored?.error !== error };
};

/**
 * Decide one sync of an SDK app (`POST /fn/register`): validate its functions as `createFunction`
 * validates in-process ones, refuse slugs that other functions have, and say whether anything
 * changed. Runs already created keep the retries and cancelOn they were created with
 * (`Run.fnConfig`); their next calls go to the URL of the latest sync.
 */
export const decideSync = (input: SyncInput): SyncDecision => {
  const { app, stored, now } = input;
  if (input.problem !== null) return refuse(input, input.problem);
  const validated = remoteFunctions({ ...app, syncedAt: now, error: null });
  if (validated._tag === "Left") {
    const error = validated.left;
    return refuse(
      input,
      formatConfigError({ ...error, functionId: `${app.id}-${error.functionId}` }),
    );
  }
  for (const fn of validated.right) {
    const owner = input.taken.get(fn.slug);
    if (owner !== undefined) {
      return refuse(input, `function "${fn.slug}": this slug is already taken by ${owner}`);
    }
  }
  const modified = stored === undefined || configOf(stored) !== configOf(app);
  const record: App =
    modified || stored === undefined
      ? { ...app, syncedAt: now, error: null }
      : { ...stored, error: null };
  return {
    _tag: "Synced",
    record,
    functions: validated.right,
    modified,
    write: modified || stored?.error !== null,
  };
};
