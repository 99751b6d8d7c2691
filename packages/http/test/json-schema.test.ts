import { annotate, closed, described, IsoDateTime, Json, RunView, withSchema } from "@quell/core";
import { Ajv2020 } from "ajv/dist/2020.js";
import formatsModule from "ajv-formats";
import * as t from "io-ts";
import { describe, expect, it } from "vitest";
import { toJsonSchema } from "../src/openapi/json-schema";
import { schemas } from "../src/openapi/schemas";

const addFormats =
  (formatsModule as unknown as { default?: typeof formatsModule }).default ?? formatsModule;

describe("io-ts → JSON Schema", () => {
  it("describes the primitive codecs", () => {
    expect(toJsonSchema(t.string)).toEqual({ type: "string" });
    expect(toJsonSchema(t.number)).toEqual({ type: "number" });
    expect(toJsonSchema(t.boolean)).toEqual({ type: "boolean" });
    expect(toJsonSchema(t.null)).toEqual({ type: "null" });
    expect(toJsonSchema(t.unknown)).toEqual({});
    expect(toJsonSchema(t.Int)).toEqual({ type: "integer" });
    expect(toJsonSchema(t.literal(200))).toEqual({ const: 200 });
    expect(toJsonSchema(t.keyof({ a: null, b: null }))).toEqual({
      type: "string",
      enum: ["a", "b"],
    });
  });

  it("describes arrays, records and unions", () => {
    expect(toJsonSchema(t.array(t.string))).toEqual({ type: "array", items: { type: "string" } });
    expect(toJsonSchema(t.readonlyArray(t.number))).toEqual({
      type: "array",
      items: { type: "number" },
    });
    expect(toJsonSchema(t.record(t.string, t.boolean))).toEqual({
      type: "object",
      additionalProperties: { type: "boolean" },
    });
    expect(toJsonSchema(t.union([t.string, t.null]))).toEqual({
      anyOf: [{ type: "string" }, { type: "null" }],
    });
    expect(toJsonSchema(t.readonly(t.type({ a: t.string })))).toEqual(
      toJsonSchema(t.type({ a: t.string })),
    );
  });

  it("describes objects: t.type fields required, t.partial optional, open unless exact", () => {
    expect(toJsonSchema(t.type({ a: t.string }))).toEqual({
      type: "object",
      properties: { a: { type: "string" } },
      required: ["a"],
    });
    expect(toJsonSchema(t.partial({ b: t.number }))).toEqual({
      type: "object",
      properties: { b: { type: "number" } },
    });
    const both = t.intersection([t.type({ a: t.string }), t.partial({ b: t.number })]);
    const open = {
      type: "object",
      properties: { a: { type: "string" }, b: { type: "number" } },
      required: ["a"],
    };
    expect(toJsonSchema(both)).toEqual(open);
    expect(toJsonSchema(t.exact(both))).toEqual({ ...open, additionalProperties: false });
    expect(toJsonSchema(t.strict({ a: t.string }))).toMatchObject({ additionalProperties: false });
    expect(toJsonSchema(closed({ a: t.string }, { b: t.number }))).toEqual(
      toJsonSchema(t.exact(both)),
    );
  });

  it("uses what annotated codecs say: a whole schema, or one merged over the structure", () => {
    expect(toJsonSchema(IsoDateTime)).toEqual({ type: "string", format: "date-time" });
    expect(toJsonSchema(described(t.string, "why"))).toEqual({
      type: "string",
      description: "why",
    });
    expect(toJsonSchema(annotate(t.array(t.string), { minItems: 1 }))).toEqual({
      type: "array",
      items: { type: "string" },
      minItems: 1,
    });
    const custom = new t.Type<string>("Custom", t.string.is, t.string.validate, t.identity);
    expect(toJsonSchema(withSchema(custom, { type: "string", pattern: "^x" }))).toEqual({
      type: "string",
      pattern: "^x",
    });
    expect(toJsonSchema(Json)).toEqual({ description: "any JSON value" });
  });

  it("references named codecs inside, and expands the named codec itself", () => {
    const Inner = t.type({ x: t.number });
    const Outer = t.type({ inner: Inner, many: t.array(Inner), maybe: t.union([Inner, t.null]) });
    const refs = new Map<t.Mixed, string>([
      [Inner, "Inner"],
      [Outer, "Outer"],
    ]);
    const ref = { $ref: "#/components/schemas/Inner" };
    expect(toJsonSchema(Outer, refs)).toEqual({
      type: "object",
      properties: {
        inner: ref,
        many: { type: "array", items: ref },
        maybe: { anyOf: [ref, { type: "null" }] },
      },
      required: ["inner", "many", "maybe"],
    });
    expect(toJsonSchema(described(Inner, "the inner one"), refs)).toEqual({
      ...ref,
      description: "the inner one",
    });
  });

  it("refuses a codec it cannot describe, naming it, instead of guessing", () => {
    const custom = new t.Type<string>("Mystery", t.string.is, t.string.validate, t.identity);
    expect(() => toJsonSchema(t.type({ a: custom }))).toThrow(/"Mystery".*withSchema/);
    expect(() => toJsonSchema(t.union([t.string, t.undefined]))).toThrow(/"undefined"/);
    expect(() => toJsonSchema(t.record(t.keyof({ a: null }), t.string))).toThrow(/t\.string/);
    expect(() => toJsonSchema(t.intersection([t.type({ a: t.string }), t.string]))).toThrow(
      /intersections must be of objects/,
    );
  });

  it("agrees with the codec on what the API's run shape accepts", () => {
    const ajv = new Ajv2020({ strict: false });
    addFormats(ajv);
    for (const [name, schema] of Object.entries(schemas))
      ajv.addSchema(schema as object, `#/components/schemas/${name}`);
    const document = { components: { schemas } };
    ajv.addSchema(document, "doc");
    const validate = ajv.getSchema("doc#/components/schemas/Run");
    if (validate === undefined) throw new Error("no Run schema");
    const run = {
      id: "R1",
      function_id: "app-fn",
      app_id: "app",
      status: "Cancelled",
      state: "cancelled",
      output: null,
      error: null,
      created_at: "2024-01-01T00:00:00.000Z",
      started_at: null,
      ended_at: "2024-01-01T00:00:01.000Z",
      cancellation: { source: "api", at: "2024-01-01T00:00:01.000Z", reason: "asked" },
      original_run_id: null,
      event: { name: "a/b", data: {}, id: "E1", ts: 1_704_067_200_000, user: {} },
      events: [],
      steps: [
        {
          id: "s",
          hash: "ab",
          kind: "run",
          status: "completed",
          output: 1,
          settled_after_cancel: true,
        },
      ],
      timeline: [{ at: "2024-01-01T00:00:00.000Z", type: "created" }],
      parent: { run_id: "P1", step_hash: "cd", cascade: "cancel" },
      run_id: "R1",
      run_started_at: "2024-01-01T00:00:00.000Z",
      event_id: "E1",
    };
    expect(validate(run)).toBe(true);
    expect(RunView.is(run)).toBe(true);
    const wrong: [string, unknown][] = [
      ["an epoch-ms time", { ...run, created_at: 1_704_067_200_000 }],
      ["an epoch-ms cancellation", { ...run, cancellation: { source: "api", at: 1 } }],
      ["an open timeline type", { ...run, timeline: [{ at: run.created_at, type: "step" }] }],
      ["an unknown status", { ...run, status: "Sleepy" }],
      [
        "a camelCase field only",
        {
          ...run,
          steps: [{ ...run.steps[0], settled_after_cancel: undefined, settledAfterCancel: true }],
        },
      ],
      ["a missing field", { ...run, timeline: undefined }],
      ["an unknown cascade", { ...run, parent: { ...run.parent, cascade: "abandon" } }],
    ];
    for (const [what, value] of wrong) {
      const plain = JSON.parse(JSON.stringify(value)) as unknown;
      expect(validate(plain), what).toBe(false);
      expect(RunView.is(plain), what).toBe(false);
    }
    // A field the shape does not declare: the document rejects it, the codec drops it on decode.
    const extra = { ...run, extra: 1, steps: [{ ...run.steps[0], settledAfterCancel: true }] };
    expect(validate(extra)).toBe(false);
    expect(RunView.decode(extra)).toEqual({ _tag: "Right", right: run });
  });
});
