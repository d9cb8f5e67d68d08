import { describe, expect, it } from 'vitest';
import { formatGrants, serviceGrants } from './services.js';

describe('serviceGrants', () => {
  const grants = serviceGrants('prod');

  it('covers exactly the four services, never a customer', () => {
    expect(new Set(grants.map((g) => g.user))).toEqual(
      new Set(['ingestor', 'enricher', 'sink', 'web']),
    );
  });

  it('lets the ingestor write raw, corporate-actions and the DLQ only', () => {
    const names = grants
      .filter((g) => g.user === 'ingestor')
      .map((g) => g.resource.name)
      .sort();
    expect(names).toEqual(['prod.corporate-actions', 'prod.dlq', 'prod.raw']);
  });

  it('gives the enricher its transactional-id and group prefixes', () => {
    const prefixed = grants.filter(
      (g) => g.user === 'enricher' && g.resource.pattern === 'prefixed',
    );
    expect(prefixed.map((g) => `${g.resource.type}:${g.resource.name}`).sort()).toEqual([
      'group:prod-enricher',
      'transactional-id:prod-enricher',
    ]);
  });

  it('prints one line per grant', () => {
    expect(formatGrants(grants).split('\n')).toHaveLength(grants.length);
    expect(formatGrants(grants)).toContain('User:sink  Read+Describe  topic literal prod.enriched');
  });
});
