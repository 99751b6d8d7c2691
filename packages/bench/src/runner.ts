// Child process entry: run one task (argv: task id, mode, store) and send its result back.
import { activeStore, useStore } from "./harness/stores";
import { tasksFor } from "./scenarios/index";
import { settingsFor } from "./settings";
import type { Mode } from "./types";

const [id, mode, store = "memory"] = process.argv.slice(2) as [string, Mode, string?];
useStore(store);
const task = tasksFor(settingsFor(mode), activeStore().measuresHeap).find((t) => t.id === id);
if (task === undefined) throw new Error(`unknown task ${id}`);
const result = await task.run();
if (process.send === undefined) console.log(JSON.stringify(result, null, 2));
else process.send(result);
