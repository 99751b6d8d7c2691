import * as t from "io-ts";
import { withSchema } from "./annotated";

/** Any JSON value. Step outputs and event data are JSON: they survive a store round trip unchanged. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const JsonShape: t.Type<Json> = t.recursion("Json", () =>
  t.union([t.null, t.boolean, t.number, t.string, t.array(Json), t.record(t.string, Json)]),
);

/**
 * A JSON value decodes and encodes as itself. `t.record` would rebuild objects key by key, and
 * assigning an own `__proto__` key (which `JSON.parse` makes) sets a prototype instead: a user's
 * `{"__proto__": …}` would vanish from a step's output on the way out.
 */
export const Json: t.Type<Json> = withSchema(
  new t.Type<Json>(
    "Json",
    JsonShape.is,
    (input, context) =>
      JsonShape.is(input) ? t.success(input) : JsonShape.validate(input, context),
    t.identity,
  ),
  { description: "any JSON value" },
);

export const JsonObject = t.record(t.string, Json);
export type JsonObject = t.TypeOf<typeof JsonObject>;
