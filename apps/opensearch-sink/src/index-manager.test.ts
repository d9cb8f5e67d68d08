import { createLogger } from '@marketfeed/service';
import { describe, expect, it } from 'vitest';
import { indexNames } from './documents.js';
import { BAR_MAPPINGS } from './index-design.js';
import { IndexManager, MappingConflictError } from './index-manager.js';
import type { OpenSearchGateway, SymbolAliasEntry } from './opensearch-gateway.js';

const settings = { prefix: 'mf', retentionDays: 30, shards: 1, replicas: 0, refreshInterval: '1s' };

function fakeGateway(
  opts: {
    ism?: boolean;
    existing?: SymbolAliasEntry[];
    mappings?: Record<string, Record<string, { type?: string }>>;
  } = {},
) {
  const calls: string[] = [];
  const gateway: OpenSearchGateway = {
    bulk: async () => ({ ok: true, items: [] }),
    ping: async () => true,
    putIndexTemplate: async (name) => void calls.push(`template ${name}`),
    createIndex: async (name) => {
      calls.push(`create ${name}`);
      return 'created';
    },
    addSymbolAliases: async (entries) =>
      void calls.push(
        `aliases ${entries.map((e) => `${e.index}>${e.alias}=${e.symbol}`).join(',')}`,
      ),
    listAliases: async () => opts.existing ?? [],
    getFieldMappings: async () => opts.mappings ?? {},
    putFieldMappings: async (index, properties) =>
      void calls.push(`mappings ${index} ${Object.keys(properties).join(',')}`),
    ismAvailable: async () => opts.ism ?? false,
    putIsmPolicy: async (id) => {
      calls.push(`ism ${id}`);
      return 'created';
    },
  };
  return { gateway, calls };
}

const manager = (gateway: OpenSearchGateway, retentionDays = 30) =>
  new IndexManager({
    gateway,
    names: indexNames('mf'),
    settings: { ...settings, retentionDays },
    logger: createLogger({ name: 'test', level: 'silent' }),
  });

describe('IndexManager', () => {
  it('applies the retention policy only where the ISM plugin exists', async () => {
    const withIsm = fakeGateway({ ism: true });
    expect(await manager(withIsm.gateway).applyDesign()).toBe('applied');
    expect(withIsm.calls).toEqual(['template mf-bars', 'ism mf-bars-retention']);

    const without = fakeGateway({ ism: false });
    expect(await manager(without.gateway).applyDesign()).toBe('ism-unavailable');
    expect(without.calls).toEqual(['template mf-bars']);

    const forever = fakeGateway({ ism: true });
    expect(await manager(forever.gateway, 0).applyDesign()).toBe('disabled');
    expect(forever.calls).toEqual(['template mf-bars']);
  });

  it('creates a month and its symbol aliases once, in one alias call per bulk', async () => {
    const { gateway, calls } = fakeGateway();
    const m = manager(gateway);
    await m.applyDesign();
    calls.length = 0;
    const targets = [
      { index: 'mf-bars-2024.07', symbol: 'AMZN' },
      { index: 'mf-bars-2024.07', symbol: 'AMZN' },
      { index: 'mf-bars-2024.07', symbol: 'NVDA' },
    ];
    await m.prepare(targets);
    await m.prepare(targets);
    await m.prepare([{ index: 'mf-bars-2024.08', symbol: 'AMZN' }]);
    expect(calls).toEqual([
      'create mf-bars-2024.07',
      'aliases mf-bars-2024.07>mf-amzn=AMZN,mf-bars-2024.07>mf-nvda=NVDA',
      'create mf-bars-2024.08',
      'aliases mf-bars-2024.08>mf-amzn=AMZN',
    ]);
  });

  it('knows existing aliases after a restart and never re-points one to another symbol', async () => {
    const { gateway, calls } = fakeGateway({
      existing: [
        { index: 'mf-bars-2024.07', alias: 'mf-bars', symbol: undefined },
        { index: 'mf-bars-2024.07', alias: 'mf-amzn', symbol: 'AMZN' },
      ],
    });
    const m = manager(gateway);
    await m.applyDesign();
    calls.length = 0;
    await m.prepare([
      { index: 'mf-bars-2024.07', symbol: 'AMZN' },
      { index: 'mf-bars-2024.07', symbol: 'amzn' },
      { index: 'mf-bars-2024.07', symbol: 'BARS' },
    ]);
    expect(calls).toEqual([]);
  });

  it('recreates a month that disappeared', async () => {
    const { gateway, calls } = fakeGateway();
    const m = manager(gateway);
    await m.prepare([{ index: 'mf-bars-2024.07', symbol: 'AMZN' }]);
    m.forgetIndex('mf-bars-2024.07');
    await m.prepare([{ index: 'mf-bars-2024.07', symbol: 'AMZN' }]);
    expect(calls.filter((c) => c.startsWith('create'))).toHaveLength(2);
    expect(calls.filter((c) => c.startsWith('aliases'))).toHaveLength(2);
  });

  it('adds the fields an existing index lacks before anything is indexed', async () => {
    const { bbMiddle: _a, macd: _b, ...older } = BAR_MAPPINGS.properties;
    const { gateway, calls } = fakeGateway({
      mappings: { 'mf-bars-2024.07': older, 'mf-bars-2024.08': BAR_MAPPINGS.properties },
    });
    await manager(gateway).applyDesign();
    expect(calls).toEqual(['template mf-bars', 'mappings mf-bars-2024.07 bbMiddle,macd']);
  });

  it('refuses to start when an existing index maps a field with another type', async () => {
    const { gateway, calls } = fakeGateway({
      mappings: { 'mf-bars-2024.07': { ...BAR_MAPPINGS.properties, volume: { type: 'keyword' } } },
    });
    const start = manager(gateway).applyDesign();
    await expect(start).rejects.toThrow(MappingConflictError);
    await expect(start).rejects.toThrow(
      'index mf-bars-2024.07 maps volume as keyword, this sink writes long: a mapped type cannot change in place; index into a new OPENSEARCH_INDEX_PREFIX',
    );
    expect(calls).toEqual(['template mf-bars']);
  });
});
