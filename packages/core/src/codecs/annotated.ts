import * as t from "io-ts";

/** A JSON Schema fragment (draft 2020-12, as OpenAPI 3.1 uses), as plain data. */
export type JsonSchema = { readonly [keyword: string]: unknown };

/**
 * A codec that says how it looks on the wire, where io-ts cannot say it by structure: a custom
 * type (an ISO time, an integer) or a field that wants a description. `base`, when present, is
 * described by its structure first and `schema` is merged over it; without `base`, `schema` is
 * the whole description. `base` is only read for the description: a custom codec whose wire
 * form a plain codec describes (an object that rejects unknown fields) names that codec. `@quell/http` derives its OpenAPI document from codecs this way.
 *
 * Recognised by its `_tag`, not by `instanceof`, so a codec from another copy of this package
 * is described the same.
 */
export class AnnotatedType<A, O = A, I = unknown> extends t.Type<A, O, I> {
  readonly _tag = "AnnotatedType" as const;
  constructor(
    codec: t.Type<A, O, I>,
    readonly schema: JsonSchema,
    readonly base: t.Any | undefined,
  ) {
    super(codec.name, codec.is, codec.validate, codec.encode);
  }
}

/** `codec`, described by its structure with `schema` (e.g. a description) merged over it. */
export const annotate = <A, O, I>(
  codec: t.Type<A, O, I>,
  schema: JsonSchema,
): AnnotatedType<A, O, I> => new AnnotatedType(codec, schema, codec);

/** `codec` with a description for readers of the API's document. */
export const described = <A, O, I>(
  codec: t.Type<A, O, I>,
  description: string,
): AnnotatedType<A, O, I> => annotate(codec, { description });

/** A custom codec whose wire form `schema` describes entirely. */
export const withSchema = <A, O, I>(
  codec: t.Type<A, O, I>,
  schema: JsonSchema,
): AnnotatedType<A, O, I> => new AnnotatedType(codec, schema, undefined);
