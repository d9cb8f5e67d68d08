export type { EnrichConfig, SymbolState, SeriesState, StepResult } from './enrich.js';
export {
  DEFAULT_ENRICH_CONFIG,
  createSymbolState,
  applyBar,
  serializeState,
  restoreState,
} from './enrich.js';
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
