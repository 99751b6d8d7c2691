/**
 * Bounds on what an expression may cost, so that text from an untrusted request (a bulk
 * cancellation's `if`) can neither hold memory nor stall the server. Decisions and figures:
 * docs/matching.md, "Untrusted expressions".
 */

/**
 * The longest expression accepted, in characters (UTF-16 code units, JavaScript's `length`).
 * Checked before anything is parsed or cached. Fifty times the longest expression in the seeds,
 * and room for a generated `event.data.id in [...]` of about a hundred ids.
 */
export const MAX_EXPRESSION_LENGTH = 4096;

/**
 * The largest RE2 program a `matches` pattern may compile to. RE2 matches in time linear in
 * the input, times the program's size: this caps that factor. Real patterns are far below it
 * (an e-mail or UUID pattern is 13–40 instructions); RE2's own cap on a repeat count is 1000.
 */
export const MAX_REGEX_INSTRUCTIONS = 1000;

/**
 * How deep comprehension macros (`all`, `exists`, `exists_one`, `filter`) may nest: each level
 * multiplies the work by the length of its list.
 */
export const MAX_COMPREHENSION_NESTING = 2;

/**
 * The compile cache holds at most this many expressions and this many characters of source in
 * all. A compiled expression takes about 30–70 times its source in heap (measured with cel-js 8:
 * 127–283 KiB for a 4 KiB expression), so the character budget bounds the cache near 70 MiB.
 */
export const CACHE_MAX_ENTRIES = 10_000;
export const CACHE_MAX_CHARACTERS = 1024 * 1024;
