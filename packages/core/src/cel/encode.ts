/**
 * Canonical encoding of a value for index keys (SPEC R7). The one property that matters:
 * values cel-js's `==` calls equal encode to the same string, so the index never loses a match.
 * Hence numbers are encoded by mathematical value (3, 3n and 3.0 are all "3"; an integer-valued
 * double is written out exactly via BigInt, never as "1e+21"), strings are JSON-quoted (so "3"
 * differs from 3), and object keys are sorted (CEL map equality ignores order). Distinct values
 * may share an encoding (NaN, exotic objects): that only costs one extra evaluation.
 */
export function encodeValue(value: unknown): string {
  switch (typeof value) {
    case "string":
      return JSON.stringify(value);
    case "boolean":
      return value ? "true" : "false";
    case "bigint":
      return value.toString();
    case "number":
      return Number.isInteger(value) ? BigInt(value).toString() : String(value);
    case "undefined":
      return "undefined";
    case "object":
      return value === null ? "null" : encodeObject(value);
    default:
      return "?";
  }
}

function encodeObject(value: object): string {
  if (Array.isArray(value)) return `[${value.map(encodeValue).join(",")}]`;
  // cel-js compares Timestamps by getTime(); keep that equality (not reachable from JSON events).
  if (value instanceof Date) return `t${value.getTime()}`;
  // cel-js equates a Map with an object holding the same entries, looking keys up with `in`,
  // which stringifies them: so encode Map keys as strings too.
  let entries: [string, unknown][];
  if (value instanceof Map) {
    entries = [...value].map(([k, v]): [string, unknown] => [String(k), v]);
  } else {
    const proto: unknown = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) return "?";
    entries = Object.entries(value);
  }
  entries.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${encodeValue(v)}`).join(",")}}`;
}

/** Encodes a tuple of values; each element encoding is self-delimiting, so "," is unambiguous. */
export function encodeTuple(values: readonly unknown[]): string {
  return values.map(encodeValue).join(",");
}
