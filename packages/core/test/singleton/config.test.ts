import { isLeft, isRight } from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import {
  type ConfigError,
  formatConfigError,
  type ValidatedFunction,
  validateFunction,
} from "../../src/config/validate-function";
import { Quell, QuellConfigError } from "../../src/index";
import { singletonSlot } from "../../src/singleton/slot";

const trigger = { event: "user/sync" };
const ok = (singleton: unknown): ValidatedFunction => {
  const r = validateFunction("app", { id: "sync", singleton }, trigger);
  if (isLeft(r)) throw new Error(formatConfigError(r.left));
  return r.right;
};
const err = (singleton: unknown): ConfigError => {
  const r = validateFunction("app", { id: "sync", singleton }, trigger);
  if (isRight(r)) throw new Error("expected the config to be rejected");
  return r.left;
};
const payload = (data: Record<string, unknown>) => ({
  name: "user/sync",
  data: data as never,
  id: "e1",
  ts: 0,
  user: {},
});

describe("singleton config (SPEC §2)", () => {
  it("is absent by default, and keeps the mode and the compiled key", () => {
    expect(ok(undefined).singleton).toBeNull();
    expect(ok({ mode: "skip" }).singleton).toEqual({ mode: "skip", key: null });
    const keyed = ok({ mode: "cancel", key: "event.data.user_id" }).singleton;
    expect(keyed?.mode).toBe("cancel");
    expect(keyed?.key?.source).toBe("event.data.user_id");
  });

  it("accepts any scalar-valued expression over event, not only bools", () => {
    for (const key of [
      "event.data.a + ':' + event.data.b",
      "event.data.n * 2",
      "string(event.data.id)",
      "event.data.flag == true",
    ]) {
      expect(ok({ mode: "skip", key }).singleton?.key?.source).toBe(key);
    }
  });

  it("refuses bad options, naming the field", () => {
    expect(err("skip")).toMatchObject({ path: "singleton" });
    expect(err({})).toMatchObject({ path: "singleton.mode" });
    expect(formatConfigError(err({ mode: "queue" }))).toBe(
      'function "sync": singleton.mode: mode must be "skip" or "cancel", got "queue"',
    );
    expect(err({ mode: "skip", keys: "event.data.x" })).toMatchObject({ path: "singleton.keys" });
    expect(err({ mode: "skip", key: 3 })).toMatchObject({ path: "singleton.key" });
  });

  it("compiles the key at createFunction: bad CEL names singleton.key and the position", () => {
    const bad = err({ mode: "cancel", key: "event.data.user_id ==" });
    expect(bad).toMatchObject({ functionId: "sync", path: "singleton.key", position: 21 });
    const unknown = err({ mode: "cancel", key: "async.data.id" });
    expect(formatConfigError(unknown)).toContain("singleton.key: Unknown variable at position 0");
    expect(formatConfigError(unknown)).toContain("only `event` is available here");
    const list = err({ mode: "cancel", key: "[event.data.a]" });
    expect(list.message).toBe("A key must be a string, number or bool, got list");
    const thrown = (() => {
      try {
        new Quell({ id: "app" }).createFunction(
          { id: "sync", singleton: { mode: "skip", key: "event.data.(" } },
          trigger,
          async () => null,
        );
      } catch (error) {
        return error;
      }
      return null;
    })();
    expect(thrown).toBeInstanceOf(QuellConfigError);
    expect(String((thrown as Error).message)).toMatch(
      /^function "sync": singleton\.key: .* at position \d+/,
    );
  });
});

describe("singletonSlot (SPEC §7.8)", () => {
  it("is one slot per function without a key", () => {
    const fn = ok({ mode: "skip" });
    expect(singletonSlot(fn, payload({ user: "u1" }))).toEqual({
      _tag: "Slot",
      slot: "app-sync",
      mode: "skip",
    });
    expect(singletonSlot(ok(undefined), payload({}))).toEqual({ _tag: "None" });
  });

  it("names the key's value as CEL compares it: 1 and 1.0 share a slot, 1 and '1' do not", () => {
    const fn = ok({ mode: "cancel", key: "event.data.user" });
    const slot = (user: unknown) => {
      const d = singletonSlot(fn, payload({ user }));
      return d._tag === "Slot" ? d.slot : d._tag;
    };
    expect(slot("u1")).toBe('app-sync|"u1"');
    expect(slot(1)).toBe("app-sync|1");
    expect(slot(1.0)).toBe(slot(1));
    expect(slot("1")).not.toBe(slot(1));
    expect(slot(true)).toBe("app-sync|true");
    expect(slot("x".repeat(500))).toMatch(/^app-sync\|sha1:[0-9a-f]{40}$/);
  });

  it("gives no slot when the key fails or is not a scalar, saying why", () => {
    const fn = ok({ mode: "cancel", key: "event.data.user" });
    const detail = (data: Record<string, unknown>) => {
      const d = singletonSlot(fn, payload(data));
      return d._tag === "NoKey" ? d.detail : d._tag;
    };
    expect(detail({})).toBe("singleton key `event.data.user` has no value: No such key: user");
    expect(detail({ user: null })).toBe(
      "singleton key `event.data.user` has no value: its value is null, not a string, number or bool",
    );
    expect(detail({ user: { id: 1 } })).toContain("its value is a map");
    expect(detail({ user: [1] })).toContain("its value is a list");
  });
});
