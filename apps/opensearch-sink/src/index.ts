export { createSink, decodeRecord, type Sink, type SinkDeps, type SinkSettings } from './sink.js';
export { loadSinkConfig, type SinkConfig } from './config.js';
export { createOpenSearchClient, openSearchClientOptions } from './opensearch-client.js';
export { createOpenSearchGateway, type OpenSearchGateway } from './opensearch-gateway.js';
export { indexNames, documentId, bulkOperation } from './documents.js';
