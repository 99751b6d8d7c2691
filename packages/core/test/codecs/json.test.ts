import { Json } from "@quell/core";
import { describe, expect, it } from "vitest";

describe("Json", () => {
  it("keeps an own __proto__ key through decode and encode (JSON.parse makes one)", () => {
    const value = JSON.parse('{"__proto__":{"polluted":true},"a":[1,{"__proto__":0}]}') as Json;
    const decoded = Json.decode(value);
    expect(decoded._tag).toBe("Right");
    const encoded = Json.encode(value);
    expect(JSON.stringify(encoded)).toBe('{"__proto__":{"polluted":true},"a":[1,{"__proto__":0}]}');
    expect(Object.getPrototypeOf(encoded)).toBe(Object.prototype);
  });

  it("still rejects what is not JSON, naming where", () => {
    const decoded = Json.decode({ a: [1, undefined] });
    expect(decoded._tag).toBe("Left");
  });
});
