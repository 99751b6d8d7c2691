import { writeHeapSnapshot } from "node:v8";
import { created, sleeper } from "./fixtures";
import { startEngine } from "./harness/engine";
import { collectGarbage } from "./harness/timing";

const N = 20000;
const { engine } = await startEngine([sleeper]);
for (let i = 0; i < N; i += 500) {
  const events = [];
  for (let j = i; j < i + 500; j++) events.push(created(j));
  await engine.send(events);
  await engine.idle();
}
collectGarbage();
writeHeapSnapshot("/tmp/heap.heapsnapshot");
