export { exampleEnrichedBar } from './example-enriched-bar.js';
export { alpacaCorporateActionsJson } from './alpaca-corporate-actions.js';
