export type { AppProcess } from "./apps";
export { freePort, startApp } from "./apps";
export type { QuellApi } from "./client";
export { eventually, quellApi } from "./client";
