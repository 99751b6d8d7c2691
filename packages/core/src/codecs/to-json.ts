import type { Json } from "./json";

/** What a step's result becomes once memoised: its JSON form (`undefined` → null). */
export const toJson = (value: unknown): Json => {
  if (value === undefined) return null;
  const text = JSON.stringify(value);
  return text === undefined ? null : (JSON.parse(text) as Json);
};
