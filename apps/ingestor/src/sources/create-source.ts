import type { IngestorConfig } from '../config.js';
import { createAlpacaSource } from './alpaca/alpaca-source.js';
import { createReplaySource } from './replay/replay-source.js';
import { createSimulatorSource } from './simulator/simulator-source.js';
import type { Source, SourceContext } from './source.js';

export function createSource(config: IngestorConfig['source'], ctx: SourceContext): Source {
  switch (config.kind) {
    case 'simulator':
      return createSimulatorSource(config.simulator, ctx);
    case 'replay':
      return createReplaySource(config.replay, ctx);
    case 'alpaca':
      return createAlpacaSource(config.alpaca, ctx);
  }
}
