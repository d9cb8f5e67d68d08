export type { EnrichConfig } from './config.js';
export { DEFAULT_ENRICH_CONFIG } from './config.js';
export type { StepResult } from './enrich.js';
export { createSymbolState, applyBar, checkEnrichConfig } from './enrich.js';
export type { SymbolState, SeriesState, SymbolStateJson, SeriesJson } from './state.js';
export { STATE_VERSION, StateIncompatibleError, serializeState, restoreState } from './state.js';
export type {
  Indicator,
  AnyIndicator,
  BarContext,
  FieldKind,
  OutputField,
  Outputs,
} from './indicator.js';
export { INDICATORS as INDICATOR_REGISTRY } from './indicators/registry.js';
export { direction } from './rules/direction.js';
export { PUBLISHED_DECIMALS, published } from './precision.js';
export {
  isTradingDay,
  isEarlyClose,
  sessionOf,
  regularSessionBounds,
  previousTradingDay,
  nextTradingDay,
  holidaysOf,
  earlyClosesOf,
  newYorkOffsetMs,
  parseTimestampMs,
  ONE_OFF_CLOSURES,
} from './calendar.js';
