export {
  compileExpression,
  type ExpressionScope,
  expressionCacheStats,
} from "./compile-expression";
export { encodeValue } from "./encode";
export { eventIndexKey, type ListenerIndex, listenerIndex, NEVER_KEY } from "./index-key";
export { matchToIf } from "./match-to-if";
export type {
  CompiledExpression,
  Equality,
  ExpressionError,
  ExpressionVars,
  LiteralValue,
} from "./types";
