import { isLeft, isRight } from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import {
  type ConfigError,
  formatConfigError,
  type ValidatedFunction,
  validateFunction,
} from "../../src/config/validate-function";

const trigger = { event: "contacts/import.requested" };
const ok = (config: unknown, t: unknown = trigger): ValidatedFunction => {
  const r = validateFunction("newsletter-app", config, t);
  if (isLeft(r)) throw new Error(formatConfigError(r.left));
  return r.right;
};
const err = (config: unknown, t: unknown = trigger): ConfigError => {
  const r = validateFunction("newsletter-app", config, t);
  if (isRight(r)) throw new Error("expected the config to be rejected");
  return r.left;
};

describe("validateFunction: accepted configs", () => {
  it("applies defaults and builds the slug (SPEC §1, §2)", () => {
    const fn = ok({ id: "import-all-contacts" });
    expect(fn).toMatchObject({
      id: "import-all-contacts",
      slug: "newsletter-app-import-all-contacts",
      name: "import-all-contacts",
      retries: 4,
      triggers: [{ _tag: "Event", event: "contacts/import.requested", if: null }],
      cancelOn: [],
      warnings: [],
    });
  });

  it("compiles cancelOn `if` and rewrites `match` to the equivalent expression (R2)", () => {
    const fn = ok({
      id: "import-all-contacts",
      name: "Import all contacts",
      retries: 0,
      cancelOn: [
        { event: "contacts/import.cancelled", if: "async.data.importId == event.data.importId" },
        { event: "contacts/import.cancelled", match: "data.importId" },
      ],
    });
    expect(fn.name).toBe("Import all contacts");
    expect(fn.retries).toBe(0);
    expect(fn.cancelOn.map((r) => [r.index, r.event, r.expression?.source])).toEqual([
      [0, "contacts/import.cancelled", "async.data.importId == event.data.importId"],
      [1, "contacts/import.cancelled", "event.data.importId == async.data.importId"],
    ]);
    const matchRule = fn.cancelOn[1];
    const run = { data: { importId: "i1" } };
    expect(matchRule?.expression?.test({ event: run, async: { data: { importId: "i1" } } })).toBe(
      true,
    );
    expect(matchRule?.expression?.test({ event: run, async: { data: { importId: "i2" } } })).toBe(
      false,
    );
  });

  it("reads timeouts: durations and ms are relative to run creation, Dates and ISO times absolute (R4)", () => {
    const fn = ok({
      id: "f",
      cancelOn: [
        { event: "a", timeout: "1h30m" },
        { event: "a", timeout: 60_000 },
        { event: "a", timeout: "2024-05-01T12:00:00Z" },
        { event: "a", timeout: new Date(Date.UTC(2024, 4, 1)) },
        { event: "a" },
      ],
    });
    expect(fn.cancelOn.map((r) => r.timeout)).toEqual([
      { kind: "relative", ms: 5_400_000 },
      { kind: "relative", ms: 60_000 },
      { kind: "absolute", at: Date.UTC(2024, 4, 1, 12) },
      { kind: "absolute", at: Date.UTC(2024, 4, 1) },
      null,
    ]);
  });

  it("warns that an entry with neither match nor if cancels every in-flight run (R5)", () => {
    const fn = ok({ id: "f", cancelOn: [{ event: "app/all.stopped" }] });
    expect(fn.cancelOn[0]?.expression).toBeNull();
    expect(fn.warnings).toHaveLength(1);
    expect(fn.warnings[0]).toContain("cancelOn[0]");
    expect(fn.warnings[0]).toContain('every in-flight run of function "newsletter-app-f"');
    expect(fn.warnings[0]).toContain('"app/all.stopped"');
  });

  it("compiles the trigger filter over event (the seeds' cleanup function)", () => {
    const fn = ok(
      { id: "cleanup" },
      {
        event: "inngest/function.cancelled",
        if: "event.data.function_id == 'newsletter-app-import-all-contacts'",
      },
    );
    const data = { function_id: "newsletter-app-import-all-contacts" };
    const [trigger] = fn.triggers;
    if (trigger?._tag !== "Event") throw new Error("expected an event trigger");
    expect(trigger.if?.test({ event: { data } })).toBe(true);
    expect(trigger.if?.test({ event: { data: { function_id: "other" } } })).toBe(false);
  });
});

describe("validateFunction: rejected configs (R6)", () => {
  it("names the function, the entry and the position of a CEL error", () => {
    const e = err({
      id: "import-all-contacts",
      cancelOn: [
        { event: "a", match: "data.id" },
        { event: "contacts/import.cancelled", if: "async.data.importId == " },
      ],
    });
    expect(e).toMatchObject({
      functionId: "import-all-contacts",
      path: "cancelOn[1].if",
      position: 23,
    });
    expect(formatConfigError(e)).toBe(
      'function "import-all-contacts": cancelOn[1].if: Unexpected token at position 23: EOF',
    );
  });

  it("rejects unknown variables in cancelOn and async in a trigger filter", () => {
    const e = err({ id: "f", cancelOn: [{ event: "a", if: "async.data.id == evnt.data.id" }] });
    expect(e).toMatchObject({ path: "cancelOn[0].if", position: 17 });
    expect(formatConfigError(e)).toContain("Unknown variable at position 17: evnt");
    const t = err({ id: "f" }, { event: "a", if: "event.data.id == async.data.id" });
    expect(t).toMatchObject({ path: "trigger.if", position: 17 });
    expect(t.message).toContain("Unknown variable: async");
  });

  it("points at the bad character of a match field", () => {
    const e = err({ id: "f", cancelOn: [{ event: "a", match: "data.import-id" }] });
    expect(e).toMatchObject({ path: "cancelOn[0].match", position: 11 });
  });

  it.each([
    [
      { id: "f", cancelOn: [{ event: "a", match: "data.id", if: "true" }] },
      "cancelOn[0]",
      "mutually exclusive",
    ],
    [
      { id: "f", cancelOn: Array.from({ length: 6 }, () => ({ event: "a" })) },
      "cancelOn",
      "at most 5",
    ],
    [{ id: "f", cancelOn: { event: "a" } }, "cancelOn", "must be an array"],
    [{ id: "f", cancelOn: [{ event: "" }] }, "cancelOn[0].event", "non-empty string"],
    [{ id: "f", cancelOn: [{ match: "data.id" }] }, "cancelOn[0].event", "required"],
    [
      { id: "f", cancelOn: [{ event: "a", iff: "true" }] },
      "cancelOn[0].iff",
      'unknown option "iff"',
    ],
    [
      { id: "f", cancelOn: [{ event: "a", timeout: "soon" }] },
      "cancelOn[0].timeout",
      'invalid timeout "soon"',
    ],
    [{ id: "f", cancelOn: [{ event: "a", timeout: -5 }] }, "cancelOn[0].timeout", "non-negative"],
    [{ id: "f", cancelOn: [{ event: "a", if: 3 }] }, "cancelOn[0].if", "CEL expression string"],
    [{ id: "f", cancelOn: ["a"] }, "cancelOn[0]", "must be an object"],
    [{ id: "f", retries: 21 }, "retries", "0 to 20"],
    [{ id: "f", retries: 1.5 }, "retries", "integer"],
    [{ id: "f", retries: "3" }, "retries", "integer"],
    [{ id: "f", name: 5 }, "name", "must be a string"],
    [{ id: "Import" }, "id", 'id "Import" is invalid'],
    [{ id: "-x" }, "id", "is invalid"],
    [{ name: "no id" }, "id", "required"],
    [null, "config", "must be an object"],
  ])("rejects %j at %s", (config, path, message) => {
    const e = err(config);
    expect(e._tag).toBe("ConfigError");
    expect(e.path).toBe(path);
    expect(e.message).toContain(message);
    expect(e.position).toBeUndefined();
  });

  it.each([
    [null, "trigger", "must be an object"],
    ["app/x", "trigger", "must be an object"],
    [{}, "trigger.event", "required"],
    [{ event: "" }, "trigger.event", "required"],
    [{ event: "a", cron: "* * * * *" }, "trigger.event", 'takes only cron, not "event"'],
    [{ event: "a", if: "event.data.x ==" }, "trigger.if", "Unexpected token"],
  ])("rejects the trigger %j at %s", (t, path, message) => {
    const e = err({ id: "f" }, t);
    expect(e.path).toBe(path);
    expect(e.message).toContain(message);
  });

  it("accepts ids with digits, dashes and underscores", () => {
    expect(ok({ id: "0-import_contacts-2" }).slug).toBe("newsletter-app-0-import_contacts-2");
  });
});

describe("formatConfigError", () => {
  it("omits the position when there is none", () => {
    const e: ConfigError = {
      _tag: "ConfigError",
      functionId: "f",
      path: "retries",
      message: "bad",
    };
    expect(formatConfigError(e)).toBe('function "f": retries: bad');
  });

  it("appends the position to a message without a detail part", () => {
    const e: ConfigError = {
      _tag: "ConfigError",
      functionId: "f",
      path: "cancelOn[0].if",
      position: 3,
      message: "Unterminated string",
    };
    expect(formatConfigError(e)).toBe(
      'function "f": cancelOn[0].if: Unterminated string at position 3',
    );
  });
});
