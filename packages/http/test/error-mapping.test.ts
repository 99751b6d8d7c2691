// Thrown errors become HTTP answers by their `_tag`, in one table (`fromThrown`), never by
// `instanceof` or by reading their message. An engine built on another copy of @quell/core (two
// versions installed, a functions file's own install) throws that copy's classes: they must be
// answered exactly as this copy's are.
import * as core from "@quell/core";
import { describe, expect, it } from "vitest";
import { fromThrown, type HttpError, statusOf, toErrorBody } from "../src/server/http-error";

type Errors = Pick<
  typeof core,
  | "QuellValidationError"
  | "QuellEventError"
  | "RunNotFoundError"
  | "FunctionNotFoundError"
  | "CancellationNotFoundError"
  | "RunConflictError"
  | "NonRetriableError"
  | "StepFailedError"
  | "QuellConfigError"
>;

// A second instance of core's errors module: same source, other classes.
const copy = "../../core/src/sdk/errors.ts?another-copy";
const other = (await import(/* @vite-ignore */ copy)) as Errors;
if (other.RunNotFoundError === core.RunNotFoundError) throw new Error("expected a second copy");

/** Each error, built from a given copy, with the answer it must get (fields read from `body`). */
const cases: readonly [string, (errors: Errors) => Error, number, Record<string, unknown>][] = [
  [
    "validation error with a CEL position",
    (e) => new e.QuellValidationError("if", "unknown identifier `evnt`", 3),
    400,
    { path: "body.if", position: 3, error: "body.if: unknown identifier `evnt` (at position 3)" },
  ],
  [
    "validation error without a position",
    (e) => new e.QuellValidationError("started_before", "not an RFC 3339 time"),
    400,
    { path: "body.started_before", error: "body.started_before: not an RFC 3339 time" },
  ],
  [
    "event error",
    (e) => new e.QuellEventError("name", "must not start with inngest/"),
    400,
    { path: "name", error: "name: must not start with inngest/" },
  ],
  ["run not found", (e) => new e.RunNotFoundError("01RUN"), 404, { error: "run 01RUN not found" }],
  [
    "function not found",
    (e) => new e.FunctionNotFoundError("app-fn"),
    404,
    { error: "function app-fn not found" },
  ],
  [
    "cancellation not found",
    (e) => new e.CancellationNotFoundError("01CAN"),
    404,
    { error: "cancellation 01CAN not found" },
  ],
  [
    "run conflict",
    (e) => new e.RunConflictError("01RUN", "run already completed"),
    409,
    { error: "run 01RUN: run already completed" },
  ],
  // Never thrown by an engine operation: if one reaches the edge, it is a server fault.
  ["non-retriable error", (e) => new e.NonRetriableError("no"), 500, {}],
  ["step failed", (e) => new e.StepFailedError("a", { name: "Error", message: "boom" }), 500, {}],
  ["config error", (e) => new e.QuellConfigError("bad"), 500, {}],
];

const answer = (error: unknown) => {
  const mapped: HttpError = fromThrown(error, { bodyLimit: 1024, fieldsIn: "body" });
  return { status: statusOf(mapped), body: toErrorBody(mapped) };
};

/** The same error as a plain object: its own fields, and a message nobody should read. */
const lookalike = (error: Error): object => ({ ...error, message: "not read for the answer" });

describe("fromThrown maps errors by `_tag`", () => {
  it.each(cases)(
    "%s: the same answer from another copy of @quell/core",
    (_, build, status, body) => {
      const expected = answer(build(core));
      expect(expected.status).toBe(status);
      expect(expected.body).toMatchObject({ status, ...body });
      expect(answer(build(other)), "another copy of @quell/core").toEqual(expected);
    },
  );

  it.each(cases.filter(([, , status]) => status === 400))(
    "%s: a structurally identical object is answered the same, whatever its message",
    (_, build) => {
      expect(answer(lookalike(build(other)))).toEqual(answer(build(core)));
    },
  );

  it("is a server fault for anything without a known tag (no guessing from messages)", () => {
    for (const error of [
      new Error("run 01RUN not found"),
      { _tag: "SomethingElse", message: "body.if: bad" },
      "a string",
      null,
    ]) {
      expect(answer(error).status, JSON.stringify(error)).toBe(500);
    }
  });
});

describe("isQuellError and isNonRetriable read the tag", () => {
  it("recognise another copy's errors, and narrow by tag", () => {
    const notFound: unknown = new other.RunNotFoundError("01RUN");
    expect(notFound).not.toBeInstanceOf(core.RunNotFoundError);
    expect(core.isQuellError(notFound)).toBe(true);
    expect(core.isQuellError(notFound, "RunNotFoundError")).toBe(true);
    expect(core.isQuellError(notFound, "RunConflictError")).toBe(false);
    if (core.isQuellError(notFound, "RunNotFoundError")) expect(notFound.runId).toBe("01RUN");
    expect(core.isNonRetriable(new other.NonRetriableError("stop"))).toBe(true);
    expect(core.isNonRetriable({ _tag: "NonRetriableError", message: "stop" })).toBe(true);
    expect(core.isNonRetriable(new Error("NonRetriableError"))).toBe(false);
    expect(core.isQuellError({ _tag: "toString" })).toBe(false);
  });
});
