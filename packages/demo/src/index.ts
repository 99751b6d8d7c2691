// The demo's scenarios, for tests and for anyone who wants to run one by itself.

export { formatScenario } from "./print";
export type { ScenarioResult, ShownRun } from "./scenario";
export type { AnatomyResult } from "./scenarios/anatomy";
export { anatomyScenario } from "./scenarios/anatomy";
export type { ContactsImportResult, ImportedPage } from "./scenarios/contacts-import";
export { contactsImportScenario } from "./scenarios/contacts-import";
export type { Push, RemindersResult } from "./scenarios/reminders";
export { remindersScenario } from "./scenarios/reminders";
