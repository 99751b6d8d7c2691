// `pnpm demo`: the seeds' examples in the simulation, printed so that a newcomer sees what
// cancellation did, when, and why. The scenarios are in ./scenarios, the printing in ./print.
import { formatScenario } from "./print";
import { anatomyScenario } from "./scenarios/anatomy";
import { contactsImportScenario } from "./scenarios/contacts-import";
import { remindersScenario } from "./scenarios/reminders";

const intro = [
  "Quell demo: what cancellation does, when, and why.",
  "Each scenario runs the seeds' example functions in createSimulation: real handler code on a",
  "virtual clock (times are UTC and simulated, so weeks pass in milliseconds).",
  "",
].join("\n");

const scenarios = [remindersScenario, contactsImportScenario, anatomyScenario];

const summary = [
  "In short",
  "  • A queued, sleeping or waiting run is cancelled at once: its timer and listeners are",
  "    removed in the same write, and no later step starts.",
  "  • A running step is never interrupted: it finishes, its output is kept (marked settled",
  "    after cancel), and only then does the run become Cancelled.",
  '  • "inngest/function.cancelled" is emitted once per cancelled run, after it settled, so',
  "    cleanup functions never race the run's last step.",
  "",
].join("\n");

process.stdout.write(`${intro}\n`);
for (const [index, scenario] of scenarios.entries()) {
  process.stdout.write(`${formatScenario(index + 1, await scenario())}\n`);
}
process.stdout.write(summary);
