import type { Logger } from '@marketfeed/service';
import type { IndexSettings } from './config.js';
import type { IndexNames } from './documents.js';
import {
  barsIndexTemplate,
  mappingUpdate,
  retentionPolicy,
  type FieldMapping,
  type MappingConflict,
} from './index-design.js';
import { classifyRequestFailure } from './bulk-outcome.js';
import { OpenSearchRequestError, type OpenSearchGateway } from './opensearch-gateway.js';

export interface IndexTarget {
  index: string;
  symbol: string;
}

export interface IndexManagerDeps {
  gateway: OpenSearchGateway;
  names: IndexNames;
  settings: IndexSettings;
  logger: Logger;
  onAliasCollision?: (alias: string, symbol: string, owner: string) => void;
}

export type RetentionStatus = 'applied' | 'disabled' | 'ism-unavailable';

/**
 * Owns the index design: the template (idempotent, at start-up), the ISM retention policy
 * where the plugin exists, monthly indices and per-symbol filtered aliases as documents reveal
 * them. A symbol alias points at exactly the monthly indices holding that symbol's bars, so a
 * new month gets the alias the first time the symbol is written there.
 */
export class IndexManager {
  private readonly knownIndices = new Set<string>();
  private readonly knownPairs = new Set<string>();
  private readonly aliasOwner = new Map<string, string>();
  private readonly warnedCollisions = new Set<string>();

  constructor(private readonly deps: IndexManagerDeps) {}

  /** Template + retention policy + what aliases already exist. Safe to run on every start. */
  async applyDesign(): Promise<RetentionStatus> {
    const { gateway, names, settings, logger } = this.deps;
    await gateway.putIndexTemplate(names.template, barsIndexTemplate(names, settings));
    logger.info({ template: names.template, pattern: names.pattern }, 'index template applied');
    await this.updateExistingMappings();
    const retention = await this.applyRetention();
    for (const entry of await gateway.listAliases(names.pattern)) {
      this.knownIndices.add(entry.index);
      if (entry.symbol === undefined) continue;
      this.knownPairs.add(`${entry.index}|${entry.alias}`);
      this.aliasOwner.set(entry.alias, entry.symbol);
    }
    return retention;
  }

  /**
   * The template only shapes indices created from now on; the current month's index would
   * reject (strictly) every field added since it was created. Adding the missing fields in place
   * before the first bulk makes them indexed and searchable through every alias at once. A
   * changed type cannot be applied in place and is refused before anything is written.
   */
  private async updateExistingMappings(): Promise<void> {
    const { gateway, names, logger } = this.deps;
    const byIndex = await gateway.getFieldMappings(names.pattern);
    const conflicts: MappingConflict[] = [];
    const add = new Map<string, Record<string, FieldMapping>>();
    for (const [index, fields] of Object.entries(byIndex)) {
      const update = mappingUpdate(index, fields);
      conflicts.push(...update.conflicts);
      if (Object.keys(update.add).length > 0) add.set(index, update.add);
    }
    if (conflicts.length > 0) throw new MappingConflictError(conflicts);
    for (const [index, fields] of add) {
      await gateway.putFieldMappings(index, fields);
      logger.info({ index, fields: Object.keys(fields) }, 'new fields added to an existing index');
    }
  }

  private async applyRetention(): Promise<RetentionStatus> {
    const { gateway, names, settings, logger } = this.deps;
    if (settings.retentionDays === 0) {
      logger.info('OPENSEARCH_RETENTION_DAYS=0: indices are kept forever (no ISM policy)');
      return 'disabled';
    }
    if (!(await gateway.ismAvailable())) {
      logger.warn(
        { policy: names.ismPolicy, retentionDays: settings.retentionDays },
        'the Index State Management plugin is not installed on this cluster: retention policy NOT applied; old monthly indices must be deleted by other means',
      );
      return 'ism-unavailable';
    }
    const outcome = await gateway.putIsmPolicy(
      names.ismPolicy,
      retentionPolicy(names, settings.retentionDays),
    );
    logger.info(
      { policy: names.ismPolicy, retentionDays: settings.retentionDays, outcome },
      'ISM retention policy applied',
    );
    return 'applied';
  }

  /**
   * Makes sure every target index exists and carries its symbols' aliases before a bulk writes
   * to it. Cheap when nothing is new (set lookups only). Throws OpenSearchRequestError.
   */
  async prepare(targets: Iterable<IndexTarget>): Promise<void> {
    const { gateway, names } = this.deps;
    const newIndices = new Set<string>();
    const newAliases = new Map<string, { index: string; alias: string; symbol: string }>();
    for (const { index, symbol } of targets) {
      if (!this.knownIndices.has(index)) newIndices.add(index);
      const alias = names.symbolAlias(symbol);
      if (alias === undefined) {
        this.collision(`${names.readAlias}-*`, symbol, 'the bars namespace');
        continue;
      }
      const pair = `${index}|${alias}`;
      if (this.knownPairs.has(pair) || newAliases.has(pair)) continue;
      const owner = this.aliasOwner.get(alias);
      if (owner !== undefined && owner !== symbol) {
        this.collision(alias, symbol, owner);
        continue;
      }
      newAliases.set(pair, { index, alias, symbol });
    }
    for (const index of newIndices) {
      const outcome = await gateway.createIndex(index);
      this.knownIndices.add(index);
      if (outcome === 'created') this.deps.logger.info({ index }, 'monthly index created');
    }
    if (newAliases.size === 0) return;
    const entries = [...newAliases.values()];
    try {
      await gateway.addSymbolAliases(entries);
    } catch (err) {
      // An alias OpenSearch refuses for good must not hold back (or dead-letter) the bars.
      if (
        !(err instanceof OpenSearchRequestError) ||
        classifyRequestFailure(err.failure) === 'retry'
      )
        throw err;
      this.deps.logger.error(
        { err: err.message, aliases: entries.map((e) => e.alias) },
        'symbol aliases refused; bars are indexed without them',
      );
      for (const e of entries) {
        this.knownPairs.add(`${e.index}|${e.alias}`);
        this.deps.onAliasCollision?.(e.alias, e.symbol, 'refused by OpenSearch');
      }
      return;
    }
    for (const e of entries) {
      this.knownPairs.add(`${e.index}|${e.alias}`);
      if (!this.aliasOwner.has(e.alias)) {
        this.aliasOwner.set(e.alias, e.symbol);
        this.deps.logger.info({ alias: e.alias, symbol: e.symbol }, 'symbol alias created');
      }
    }
  }

  /** After an index disappeared (404 on write), forget it so the next prepare recreates it. */
  forgetIndex(index: string): void {
    this.knownIndices.delete(index);
    for (const pair of [...this.knownPairs])
      if (pair.startsWith(`${index}|`)) this.knownPairs.delete(pair);
  }

  private collision(alias: string, symbol: string, owner: string): void {
    const key = `${alias}|${symbol}`;
    if (this.warnedCollisions.has(key)) return;
    this.warnedCollisions.add(key);
    this.deps.logger.warn(
      { alias, symbol, owner },
      'symbol alias name is taken by another symbol: no alias for this symbol (its bars are indexed normally)',
    );
    this.deps.onAliasCollision?.(alias, symbol, owner);
  }
}

/** Existing indices map a field with another type than this sink writes: refused at start. */
export class MappingConflictError extends Error {
  override readonly name = 'MappingConflictError';
  constructor(readonly conflicts: readonly MappingConflict[]) {
    const c = conflicts[0]!;
    super(
      `index ${c.index} maps ${c.field} as ${c.existing}, this sink writes ${c.wanted}` +
        (conflicts.length > 1 ? ` (and ${conflicts.length - 1} more conflicts)` : '') +
        ': a mapped type cannot change in place; index into a new OPENSEARCH_INDEX_PREFIX, or reindex the old indices and delete them',
    );
  }
}
