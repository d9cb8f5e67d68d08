export {
  createEnricher,
  type Enricher,
  type EnricherDeps,
  type EnricherSettings,
} from './enricher.js';
export {
  loadEnricherConfig,
  enricherEnvShape,
  type EnricherConfig,
  type Delivery,
} from './config.js';
export {
  enrichRecords,
  emptyOutput,
  SOURCE_TIMESTAMP_HEADER,
  type InputRecord,
  type EnrichOutput,
} from './enrich-records.js';
export { enrichmentTransform, symbolStateCodec } from './enrichment-transform.js';
export { CorporateActionsTable } from './corporate-actions-table.js';
