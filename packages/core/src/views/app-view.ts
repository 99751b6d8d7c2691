import * as t from "io-ts";
import { described } from "../codecs/annotated";
import type { App } from "../codecs/app";
import { closed, IsoDateTime, isoTime } from "../codecs/wire";

/** A synced SDK app as `GET /v1/apps` shows it, with its sync state. */
export const AppView = closed({
  id: t.string,
  url: described(t.string, "the serve URL the app reported (without deployId)"),
  sdk: described(t.string, "the SDK and its version, e.g. js:v4.24.0"),
  framework: t.union([t.string, t.null]),
  synced_at: described(IsoDateTime, "when the configuration now in use was synced"),
  error: described(
    t.union([t.string, t.null]),
    "why the last sync was refused (the functions stay those of the last accepted one); null if it was accepted",
  ),
  functions: t.readonlyArray(
    closed({ function_id: described(t.string, "the function's slug"), name: t.string }),
  ),
});
export type AppView = t.TypeOf<typeof AppView>;

export const toAppView = (app: App): AppView => ({
  id: app.id,
  url: app.url,
  sdk: app.sdk,
  framework: app.framework,
  synced_at: isoTime(app.syncedAt),
  error: app.error,
  functions: app.functions.map((fn) => ({ function_id: `${app.id}-${fn.id}`, name: fn.name })),
});
