import { exampleEnrichedBar } from '@marketfeed/schema/testing';
import { describe, expect, it } from 'vitest';
import { renderView, type ViewModel } from '../src/live-view.js';

const view = (latest: ViewModel['latest']): string =>
  renderView({
    elapsedMs: 1000,
    services: [],
    latest,
    customerReceived: 0,
    customerInvalid: 0,
    latencyP50Ms: undefined,
    latencyP99Ms: undefined,
    hints: [],
    color: false,
    maxRows: 5,
  });

describe('the live view’s Bollinger and MACD columns', () => {
  it('show where the close sits in its bands (%B) and the MACD histogram', () => {
    const text = view([
      exampleEnrichedBar({ close: 190, bbLower: 188, bbUpper: 192, macdHistogram: -0.1234 }),
    ]);
    expect(text).toMatch(/chg%\s+%B\s+macdH\s+flag/);
    expect(text).toMatch(/5\.67\s+0\.50\s+-0\.123\s+Bullish/);
  });

  it('show - during warm-up and for records written before the fields existed', () => {
    const { bbUpper: _u, bbLower: _l, macdHistogram: _h, ...older } = exampleEnrichedBar();
    const text = view([
      exampleEnrichedBar({ symbol: 'MSFT', bbUpper: null, bbLower: null, macdHistogram: null }),
      older,
    ]);
    expect(text).toMatch(/MSFT .*5\.67\s+-\s+-\s+Bullish/);
    expect(text).toMatch(/AMZN .*5\.67\s+-\s+-\s+Bullish/);
  });
});
