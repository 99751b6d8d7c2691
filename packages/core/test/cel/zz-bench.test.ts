import { it } from "vitest";
import { Environment } from "@marcbachmann/cel-js";
import { compileExpression } from "../../src/cel/compile-expression";
const rate = (f: () => boolean, n: number): number => {
  for (let i = 0; i < 100_000; i++) f();
  const start = performance.now();
  for (let i = 0; i < n; i++) f();
  return n / ((performance.now() - start) / 1000);
};
it("bench", () => {
  const r = compileExpression("async.data.importId == event.data.importId");
  if (r._tag === "Left") throw new Error();
  const expr = r.right;
  const vars = { event: { data: { importId: "abc" } }, async: { data: { importId: "abc" } } };
  const env = new Environment().registerVariable("event", "dyn").registerVariable("async", "dyn");
  const p = env.parse("async.data.importId == event.data.importId"); p.check();
  console.log("raw", (rate(() => p(vars) === true, 2_000_000) / 1e6).toFixed(2));
  console.log("test", (rate(() => expr.test(vars), 2_000_000) / 1e6).toFixed(2));
  console.log("raw", (rate(() => p(vars) === true, 2_000_000) / 1e6).toFixed(2));
  console.log("test", (rate(() => expr.test(vars), 2_000_000) / 1e6).toFixed(2));
});
