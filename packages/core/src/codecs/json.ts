import * as t from "io-ts";
import { withSchema } from "./annotated";

/** Any JSON value. Step outputs and event data are JSON: they survive a store round trip unchanged. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export const Json: t.Type<Json> = withSchema(
  t.recursion("Json", () =>
    t.union([t.null, t.boolean, t.number, t.string, t.array(Json), t.record(t.string, Json)]),
  ),
  { description: "any JSON value" },
);

export const JsonObject = t.record(t.string, Json);
export type JsonObject = t.TypeOf<typeof JsonObject>;
