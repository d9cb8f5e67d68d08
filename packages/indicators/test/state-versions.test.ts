import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EnrichedBarV1, RawBar } from '@marketfeed/schema';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_ENRICH_CONFIG,
  STATE_VERSION,
  StateIncompatibleError,
  applyBar,
  restoreState,
  serializeState,
} from '../src/index.js';
import { bar, run, tradingMinutes } from './helpers.js';

/** Written by the state-v1 enricher (see the fixture's `about`). */
const v1 = JSON.parse(
  readFileSync(join(import.meta.dirname, 'fixtures', 'state-v1-continuation.json'), 'utf8'),
) as { state: string; next: RawBar[]; expected: EnrichedBarV1[] };

const FIRST_RELEASE_FIELDS = [
  'seq',
  'revision',
  'smaFast',
  'smaSlow',
  'ema12',
  'ema26',
  'rsi14',
  'vwapSession',
  'signals',
] as const;
const pick = (b: EnrichedBarV1) => FIRST_RELEASE_FIELDS.map((f) => b[f]);

describe('a state written by an older version', () => {
  it('is migrated at restore and continues with exactly the values the old enricher produced', () => {
    const state = restoreState(v1.state);
    expect(state.v).toBe(STATE_VERSION);
    const { out } = run(v1.next, { state });
    expect(out.map(pick)).toEqual(v1.expected.map(pick));
  });

  it('starts the indicators it did not have from the next bar (Bollinger after 20, the MACD signal after 9)', () => {
    const { out } = run(v1.next, { state: restoreState(v1.state) });
    expect(out.findIndex((b) => b.bbMiddle !== null)).toBe(19);
    expect(out[0]!.macd).toBeCloseTo(out[0]!.ema12! - out[0]!.ema26!, 12);
    expect(out.findIndex((b) => b.macdSignal !== null)).toBe(8);
  });

  it('survives serialise/restore after migration unchanged', () => {
    const state = restoreState(v1.state);
    run(v1.next.slice(0, 5), { state });
    const again = restoreState(serializeState(state));
    expect(serializeState(again)).toBe(serializeState(state));
  });
});

describe('a version 2 state written before an indicator existed', () => {
  it('starts that indicator from the next bar and continues every other one exactly', () => {
    const times = tradingMinutes('2024-07-08T13:30:00Z', 80);
    const bars = times.map((t, i) => bar(t, 100 + Math.sin(i / 3) * 4 + i / 10));
    const straight = run(bars).out;
    const { state } = run(bars.slice(0, 50));
    // The changelog value an enricher without MACD wrote (same JSON, no `macd` anywhere).
    const json = JSON.parse(serializeState(state)) as {
      params: Record<string, unknown>;
      series: { ind: Record<string, unknown> };
      undo: { series: { ind: Record<string, unknown> } };
    };
    delete json.params.macd;
    delete json.series.ind.macd;
    delete json.undo.series.ind.macd;
    const restored = restoreState(JSON.stringify(json));
    expect(serializeState(restored)).toBe(JSON.stringify(json));
    const { out } = run(bars.slice(50), { state: restored });
    expect(out.findIndex((b) => b.macdSignal !== null)).toBe(8);
    expect(out[0]!.macd).toBe(straight[50]!.macd);
    const others = (b: EnrichedBarV1) => [b.smaFast, b.ema26, b.rsi14, b.bbUpper, b.vwapSession];
    expect(out.map(others)).toEqual(straight.slice(50).map(others));
  });
});

describe('a state this version cannot continue', () => {
  it('written by a newer version is refused, naming both versions', () => {
    const newer = JSON.stringify({ ...JSON.parse(v1.state), v: STATE_VERSION + 1 });
    expect(() => restoreState(newer)).toThrow(StateIncompatibleError);
    expect(() => restoreState(newer)).toThrow(
      /newer enricher \(state version 3; this one reads up to 2\)/,
    );
  });

  it('built with another SMA_FAST is refused with the variable and the rebuild path, never applied', () => {
    const { state } = run(tradingMinutes('2024-07-08T13:30:00Z', 30).map((t) => bar(t, 10)));
    const restored = restoreState(serializeState(state));
    const next = bar('2024-07-08T14:00:00Z', 11);
    const attempt = () => applyBar(restored, next, [], { ...DEFAULT_ENRICH_CONFIG, smaFast: 10 });
    expect(attempt).toThrow(StateIncompatibleError);
    try {
      attempt();
    } catch (e) {
      expect((e as StateIncompatibleError).variable).toBe('SMA_FAST');
      expect((e as Error).message).toMatch(
        /^SMA_FAST is 10 but the enricher state of AMZN was built with SMA_FAST=20: set SMA_FAST=20 again, or rebuild the state by replaying the raw topic into a new changelog/,
      );
    }
    expect(restored.seq).toBe(30);
  });

  it('migrated from v1 keeps the windows it was built with (SMA_SLOW 50 → 60 refused)', () => {
    const state = restoreState(v1.state);
    expect(() =>
      applyBar(state, v1.next[0]!, [], { ...DEFAULT_ENRICH_CONFIG, smaSlow: 60 }),
    ).toThrow(/^SMA_SLOW is 60 but .* built with SMA_SLOW=50/);
  });

  it('given the config at restore, refuses there (boot) instead of at the first bar', () => {
    const changed = { ...DEFAULT_ENRICH_CONFIG, smaFast: 10 };
    expect(() => restoreState(v1.state, changed)).toThrow(/^SMA_FAST is 10 but/);
    expect(restoreState(v1.state, DEFAULT_ENRICH_CONFIG).params).toMatchObject({
      sma: { fast: 20, slow: 50 },
      bollinger: { period: 20 },
    });
  });
});
