export type { Issue, Result } from './result.js';
export { ok, fail } from './result.js';
export {
  TIMESTAMP_PATTERN,
  DATE_PATTERN,
  SYMBOL_PATTERN,
  isTimestamp,
  isDate,
  isSymbol,
} from './primitives.js';
export type { RawBar, RawStatus, RawTrade, RawQuote, RawEvent, RawEventType } from './raw.js';
export {
  RAW_EVENT_TYPES,
  DEFAULT_MAX_EVENT_BYTES,
  validateRawEvent,
  parseRawEvent,
  isRawBar,
} from './raw.js';
export type {
  CorporateAction,
  CorporateActionType,
  SplitAction,
  CashDividendAction,
} from './corporate-actions.js';
export {
  CORPORATE_ACTION_TYPES,
  corporateActionKey,
  corporateActionsFromAlpaca,
  readAlpacaCorporateActions,
  validateCorporateAction,
  isSplit,
} from './corporate-actions.js';
export type { EnrichedBarV1, IndicatorField, Session, Indicator, Signal } from './enriched.js';
export {
  ENRICHED_BAR_SCHEMA,
  SESSIONS,
  INDICATORS,
  SIGNALS,
  validateEnrichedBar,
  ENRICHED_BAR_FIELDS,
  PUBLISHED_DECIMALS,
} from './enriched.js';
export { INDICATOR_FIELDS } from './indicator-fields.js';
export { symbolAlias } from './symbol-alias.js';
export type { DlqEnvelope, DlqEnvelopeArgs, DlqSource, DlqStage } from './dlq.js';
export {
  DLQ_SCHEMA,
  DLQ_STAGES,
  DLQ_HEADERS,
  dlqEnvelope,
  dlqReasonHeader,
  toBase64,
} from './dlq.js';
export {
  rawEventSchema,
  rawBarSchema,
  rawStatusSchema,
  rawTradeSchema,
  rawQuoteSchema,
  corporateActionSchema,
  enrichedBarSchema,
  enrichedBarShape,
  dlqEnvelopeSchema,
} from './zod-schemas.js';
export { jsonSchemas } from './json-schema.js';
