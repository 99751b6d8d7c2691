import * as t from "io-ts";
import { withSchema } from "./annotated";

// Building blocks of the wire shapes (the API's views): ISO times, integers, closed objects.

const RFC_3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

const isIsoTime = (u: unknown): u is string =>
  typeof u === "string" && RFC_3339.test(u) && !Number.isNaN(Date.parse(u));

/** An RFC 3339 (ISO 8601) time such as `2024-01-21T18:23:12.000Z`: every time on the wire. */
export const IsoDateTime = withSchema(
  new t.Type<string, string, unknown>(
    "IsoDateTime",
    isIsoTime,
    (u, c) =>
      isIsoTime(u)
        ? t.success(u)
        : t.failure(u, c, "expected an ISO time like 2024-01-21T18:23:12.000Z"),
    t.identity,
  ),
  { type: "string", format: "date-time" },
);
export type IsoDateTime = t.TypeOf<typeof IsoDateTime>;

/** Epoch ms as the API shows it: an ISO time in UTC with milliseconds. */
export const isoTime = (ms: number): string => new Date(ms).toISOString();

/** A count or a status code. */
export const Integer = withSchema(
  new t.Type<number, number, unknown>(
    "Integer",
    (u): u is number => Number.isInteger(u),
    (u, c) =>
      Number.isInteger(u) ? t.success(u as number) : t.failure(u, c, "expected an integer"),
    t.identity,
  ),
  { type: "integer" },
);

/**
 * An object with exactly these fields (`optional` ones may be left out): decoding and encoding
 * drop anything else, and its schema says `additionalProperties: false`.
 */
export function closed<R extends t.Props>(required: R): t.ExactC<t.TypeC<R>>;
export function closed<R extends t.Props, O extends t.Props>(
  required: R,
  optional: O,
): t.ExactC<t.IntersectionC<[t.TypeC<R>, t.PartialC<O>]>>;
export function closed(required: t.Props, optional?: t.Props) {
  return optional === undefined
    ? t.exact(t.type(required))
    : t.exact(t.intersection([t.type(required), t.partial(optional)]));
}
