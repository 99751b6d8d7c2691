export { memoryStore } from "./memory-store";
export type { MemoryStoreOptions } from "./memory-store";
