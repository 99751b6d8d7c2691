// step.invoke and the cascade on the simulation and the engine with the memory store; the same
// cases run on Redis in packages/redis/test/invoke.test.ts.
import { describe } from "vitest";
import { drivers } from "../support/drivers";
import { invokeCases } from "./invoke-cases";

describe.each(drivers)("$name", ({ create }) => {
  invokeCases(create);
});
