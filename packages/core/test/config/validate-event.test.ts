import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  DEFAULT_MAX_EVENT_BYTES,
  type EventError,
  utf8Length,
  validateEvent,
} from "../../src/config/validate-event";

const opts = { maxBytes: DEFAULT_MAX_EVENT_BYTES, allowSystem: false };
const err = (input: unknown, o = opts, path = "events[2]"): EventError => {
  const r = validateEvent(input, path, o);
  if (r._tag === "Right") throw new Error("expected the event to be rejected");
  return r.left;
};

describe("validateEvent (SPEC §5)", () => {
  it("accepts a full event and returns exactly its JSON fields", () => {
    const input = {
      name: "app/user.created",
      data: { id: 1, tags: ["a"] },
      id: "evt-1",
      ts: 1700000000000,
      user: { u: 1 },
      v: "2024-01-01.1",
      extra: 1,
    };
    expect(validateEvent(input, "event", opts)).toEqual({
      _tag: "Right",
      right: {
        name: "app/user.created",
        data: { id: 1, tags: ["a"] },
        id: "evt-1",
        ts: 1700000000000,
        user: { u: 1 },
        v: "2024-01-01.1",
      },
    });
  });

  it("accepts a bare name (data defaults later) and drops undefined properties like JSON does", () => {
    expect(validateEvent({ name: "a" }, "event", opts)).toEqual({
      _tag: "Right",
      right: { name: "a" },
    });
    expect(
      validateEvent({ name: "a", data: { x: undefined, y: 1 }, id: undefined }, "event", opts),
    ).toEqual({
      _tag: "Right",
      right: { name: "a", data: { y: 1 } },
    });
  });

  it("returns a copy, so later mutation of the input cannot change the event", () => {
    const data = { n: 1 };
    const r = validateEvent({ name: "a", data }, "event", opts);
    data.n = 2;
    expect(r).toEqual({ _tag: "Right", right: { name: "a", data: { n: 1 } } });
  });

  it.each([
    [null, "events[2]", "must be an object"],
    [[{ name: "a" }], "events[2]", "must be an object"],
    [{}, "events[2].name", "name is required"],
    [{ name: "" }, "events[2].name", "name is required"],
    [{ name: "  " }, "events[2].name", "name is required"],
    [{ name: 5 }, "events[2].name", "name is required"],
    [{ name: "a", data: [1] }, "events[2].data", "data must be an object"],
    [{ name: "a", data: "x" }, "events[2].data", "data must be an object"],
    [{ name: "a", data: null }, "events[2].data", "data must be an object"],
    [{ name: "a", user: 1 }, "events[2].user", "user must be an object"],
    [{ name: "a", ts: "1700000000000" }, "events[2].ts", "finite number"],
    [{ name: "a", ts: Number.NaN }, "events[2].ts", "finite number"],
    [{ name: "a", id: 7 }, "events[2].id", "non-empty string"],
    [{ name: "a", id: "" }, "events[2].id", "non-empty string"],
    [{ name: "a", data: { when: new Date(0) } }, "events[2].data.when", "a Date is not JSON"],
    [{ name: "a", data: { n: Number.POSITIVE_INFINITY } }, "events[2].data.n", "not a JSON number"],
    [
      { name: "a", data: { list: [1, undefined] } },
      "events[2].data.list[1]",
      "undefined is not JSON",
    ],
    [{ name: "a", data: { big: 1n } }, "events[2].data.big", "a bigint is not JSON"],
  ])("rejects %o at %s", (input, path, message) => {
    const e = err(input);
    expect(e).toMatchObject({ _tag: "EventError", path });
    expect(e.message).toContain(message);
  });

  it("rejects circular data instead of overflowing", () => {
    const data: Record<string, unknown> = {};
    data.self = data;
    expect(err({ name: "a", data })).toMatchObject({
      path: "events[2].data.self",
      message: "circular reference",
    });
  });

  it("rejects data nested too deeply instead of overflowing the stack", () => {
    let data: Record<string, unknown> = { leaf: 1 };
    for (let i = 0; i < 10_000; i++) data = { d: data };
    const e = err({ name: "a", data });
    expect(e.message).toBe("nested deeper than 256 levels");
    expect(e.path.startsWith("events[2].data.d.d.")).toBe(true);
  });

  it("rejects inngest/ names unless system events are allowed (§4.4)", () => {
    const e = err({ name: "inngest/function.cancelled" });
    expect(e.path).toBe("events[2].name");
    expect(e.message).toContain('"inngest/" are reserved');
    const system = validateEvent({ name: "inngest/function.cancelled" }, "event", {
      ...opts,
      allowSystem: true,
    });
    expect(system._tag).toBe("Right");
  });

  it("rejects an event over the size limit, saying its size and the limit", () => {
    const event = { name: "a", data: { s: "é".repeat(100) } };
    const size = utf8Length(JSON.stringify(event));
    expect(size).toBe(JSON.stringify(event).length + 100);
    expect(validateEvent(event, "event", { maxBytes: size, allowSystem: false })._tag).toBe(
      "Right",
    );
    const e = err(event, { maxBytes: size - 1, allowSystem: false });
    expect(e).toEqual({
      _tag: "EventError",
      path: "events[2]",
      message: `event is ${size} bytes of JSON, over the limit of ${size - 1} bytes`,
    });
  });

  it("defaults the limit to 512 KiB", () => {
    expect(DEFAULT_MAX_EVENT_BYTES).toBe(524_288);
    const big = { name: "a", data: { s: "x".repeat(DEFAULT_MAX_EVENT_BYTES) } };
    expect(err(big).message).toContain(`over the limit of ${DEFAULT_MAX_EVENT_BYTES} bytes`);
  });
});

describe("utf8Length", () => {
  it("counts 1-4 bytes per code point", () => {
    expect(utf8Length("a")).toBe(1);
    expect(utf8Length("é")).toBe(2);
    expect(utf8Length("€")).toBe(3);
    expect(utf8Length("😀")).toBe(4);
    expect(utf8Length("\ud800")).toBe(3);
  });

  it("agrees with Node's encoder on arbitrary strings", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme" }), (s) => {
        expect(utf8Length(s)).toBe(Buffer.byteLength(s, "utf8"));
      }),
    );
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (s) => {
        expect(utf8Length(s)).toBe(Buffer.byteLength(s, "utf8"));
      }),
    );
  });
});
