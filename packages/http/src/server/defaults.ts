/** The seeds' dev server port, kept so their users' scripts and habits work. */
export const DEFAULT_PORT = 8288;
/** Largest request body by default; each event is also limited on its own (SPEC §5). */
export const DEFAULT_BODY_LIMIT = 4 * 1024 * 1024;
