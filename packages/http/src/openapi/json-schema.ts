import type { JsonSchema } from "@quell/core";
import type * as t from "io-ts";

// Converts io-ts codecs into JSON Schema (draft 2020-12, as OpenAPI 3.1 uses), describing what
// the codec's wire form looks like. It knows the `t.*` combinators Quell's codecs use; a custom
// codec says its own schema with `withSchema`/`annotate` from @quell/core; anything else is an
// error naming the codec, so a codec the document cannot describe never ships undescribed.
// (No maintained library does this for io-ts 2.2 with custom types: see docs/http.md.)

/** Codecs that are described once under `#/components/schemas/<name>` and referenced elsewhere. */
export type SchemaRefs = ReadonlyMap<t.Mixed, string>;

interface Node {
  readonly _tag?: string;
  readonly name: string;
  readonly type?: t.Mixed;
  readonly types?: readonly t.Mixed[];
  readonly props?: t.Props;
  readonly value?: unknown;
  readonly keys?: Record<string, unknown>;
  readonly domain?: t.Mixed;
  readonly codomain?: t.Mixed;
  readonly schema?: JsonSchema;
  readonly base?: t.Mixed;
}

interface ObjectParts {
  readonly properties: Record<string, JsonSchema>;
  readonly required: readonly string[];
  readonly closed: boolean;
}

const unsupported = (codec: Node, why: string): Error =>
  new Error(`no JSON Schema for codec "${codec.name}" (${codec._tag ?? "custom"}): ${why}`);

const objectSchema = (parts: ObjectParts, description?: string): JsonSchema => ({
  type: "object",
  ...(description === undefined ? {} : { description }),
  properties: parts.properties,
  ...(parts.required.length > 0 ? { required: parts.required } : {}),
  ...(parts.closed ? { additionalProperties: false } : {}),
});

/** The fields of an object-like codec (`t.type`, `t.partial`, `t.exact`, their intersections). */
const objectParts = (codec: Node, refs: SchemaRefs): ObjectParts | null => {
  const fields = (props: t.Props) =>
    Object.fromEntries(Object.entries(props).map(([k, v]) => [k, convert(v, refs, false)]));
  switch (codec._tag) {
    case "InterfaceType":
      return {
        properties: fields(codec.props ?? {}),
        required: Object.keys(codec.props ?? {}),
        closed: false,
      };
    case "PartialType":
      return { properties: fields(codec.props ?? {}), required: [], closed: false };
    case "ExactType": {
      const inner = objectParts(codec.type as Node, refs);
      return inner === null ? null : { ...inner, closed: true };
    }
    case "IntersectionType": {
      const parts = (codec.types ?? []).map((member) => objectParts(member as Node, refs));
      if (parts.some((part) => part === null)) return null;
      const all = parts as ObjectParts[];
      return {
        properties: Object.assign({}, ...all.map((part) => part.properties)),
        required: [...new Set(all.flatMap((part) => part.required))],
        closed: all.some((part) => part.closed),
      };
    }
    default:
      return null;
  }
};

const convert = (codec: t.Mixed, refs: SchemaRefs, root: boolean): JsonSchema => {
  const name = refs.get(codec);
  if (name !== undefined && !root) return { $ref: `#/components/schemas/${name}` };
  const node = codec as unknown as Node;
  switch (node._tag) {
    case "AnnotatedType":
      return {
        ...(node.base === undefined ? {} : convert(node.base, refs, false)),
        ...node.schema,
      };
    case "StringType":
      return { type: "string" };
    case "NumberType":
      return { type: "number" };
    case "BooleanType":
      return { type: "boolean" };
    case "NullType":
      return { type: "null" };
    case "UnknownType":
      return {};
    case "LiteralType":
      return { const: node.value };
    case "KeyofType":
      return { type: "string", enum: Object.keys(node.keys ?? {}) };
    case "ArrayType":
    case "ReadonlyArrayType":
      return { type: "array", items: convert(node.type as t.Mixed, refs, false) };
    case "ReadonlyType":
      return convert(node.type as t.Mixed, refs, root);
    case "DictionaryType":
      if ((node.domain as Node | undefined)?._tag !== "StringType") {
        throw unsupported(node, "only records keyed by t.string");
      }
      return {
        type: "object",
        additionalProperties: convert(node.codomain as t.Mixed, refs, false),
      };
    case "UnionType":
      return { anyOf: (node.types ?? []).map((member) => convert(member, refs, false)) };
    case "RefinementType":
      if (node.name === "Int") return { type: "integer" };
      return convert(node.type as t.Mixed, refs, false);
    case "InterfaceType":
    case "PartialType":
    case "ExactType":
    case "IntersectionType": {
      const parts = objectParts(node, refs);
      if (parts === null) throw unsupported(node, "intersections must be of objects");
      return objectSchema(parts);
    }
    default:
      throw unsupported(node, "describe it with withSchema() or annotate() from @quell/core");
  }
};

/**
 * The JSON Schema of a codec's wire form. Codecs named in `refs` are referenced as
 * `#/components/schemas/<name>` wherever they appear inside (the codec itself is expanded).
 *
 * @example
 * toJsonSchema(t.type({ at: IsoDateTime })) // { type: "object", properties: { at: { type: "string", format: "date-time" } }, required: ["at"] }
 */
export const toJsonSchema = (codec: t.Mixed, refs: SchemaRefs = new Map()): JsonSchema =>
  convert(codec, refs, true);
