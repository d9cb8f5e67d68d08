import { IndexManager } from '../src/index-manager.js';
import { indexNames } from '../src/documents.js';
import { createOpenSearchGateway } from '../src/opensearch-gateway.js';
import { createLogger } from '@marketfeed/service';
import type { StackWorld } from '../test/stack-harness.js';

/** The sink's own index design (template, month) for a world, without a sink running. */
export async function applyDesignForBench(world: StackWorld): Promise<void> {
  const m = new IndexManager({
    gateway: createOpenSearchGateway(world.os),
    names: indexNames(world.indexPrefix),
    settings: {
      prefix: world.indexPrefix,
      retentionDays: 0,
      shards: 1,
      replicas: 0,
      refreshInterval: '1s',
    },
    logger: createLogger({ name: 'bench', level: 'silent' }),
  });
  await m.applyDesign();
  await m.prepare([{ index: `${world.indexPrefix}-bars-2024.03`, symbol: 'S000' }]);
}
