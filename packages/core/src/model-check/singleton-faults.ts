import type { Run } from "../codecs/run";
import type { World } from "../world/world";
import type { Fault, WorldSemantics } from "./semantics";

/** Every function of `base`, followed by `hook` with the runs as they were before the call. */
const afterEveryCall = (
  base: WorldSemantics,
  hook: (world: World, before: ReadonlyMap<string, Run>) => void,
): WorldSemantics =>
  Object.fromEntries(
    Object.entries(base).map(([name, f]: [string, (world: World, ...args: never[]) => unknown]) => [
      name,
      (world: World, ...args: never[]) => {
        const before = new Map(world.runs);
        const result = f(world, ...args);
        hook(world, before);
        return result;
      },
    ]),
  ) as unknown as WorldSemantics;

// Realistic bugs in the singleton slot's store side (SPEC §7.8), as wrappers of the reference
// model, for the explorer's own tests and `pnpm check:model --inject=…`.

/**
 * The claim is a blind write (a Redis SET where SET-if-absent was meant): a new run takes the
 * slot whatever holds it. Modelled by hiding the held slots while an event is processed; a slot
 * the processing did not take goes back to a holder that still holds it.
 */
export const singletonBlindClaim: Fault = {
  name: "singleton-blind-claim",
  description:
    "the store's singleton claim is a blind write: a new run takes a slot another run holds",
  apply: (base) => ({
    ...base,
    processEvent: (world, event, newId) => {
      const held = new Map(world.singletons);
      world.singletons.clear();
      const actions = base.processEvent(world, event, newId);
      for (const [slot, holder] of held) {
        if (!world.singletons.has(slot) && world.runs.get(holder)?.singleton?.slot === slot)
          world.singletons.set(slot, holder);
      }
      return actions;
    },
  }),
};

/**
 * The write that cancels a run forgets to release its slot (only completing and failing do): a
 * cancelled run goes on holding it.
 */
export const singletonSlotKept: Fault = {
  name: "singleton-slot-kept",
  description:
    "a cancelled run keeps its singleton slot (the cancelling write does not release it)",
  apply: (base) =>
    afterEveryCall(base, (world, before) => {
      for (const run of world.runs.values()) {
        const slot = before.get(run.id)?.singleton?.slot;
        if (slot !== undefined && run.cancellation !== null && !world.singletons.has(slot))
          world.singletons.set(slot, run.id);
      }
    }),
};
