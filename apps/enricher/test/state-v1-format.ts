import type { SymbolStateJson } from '@marketfeed/indicators';

/**
 * A state as the enricher before versioned indicator states (state v1) wrote it: one flat series,
 * ring windows [smaFast, smaSlow, volumeSpikeLookback], no Bollinger or MACD. For the indicators
 * it had, v2 holds exactly the values v1 held (packages/indicators' migration test checks this
 * against states written by the v1 code), so this is the changelog value v1 would have written.
 */
export function toStateV1(json: string): string {
  const s = JSON.parse(json) as SymbolStateJson;
  const series = (x: SymbolStateJson['series']) => {
    const ind = x.ind as Record<string, Record<string, unknown>>;
    return {
      count: x.count,
      pos: x.pos,
      sumFast: ind.sma!.sumFast,
      sumSlow: ind.sma!.sumSlow,
      sumVol: ind.volumeSpike!.sumVol,
      cross: ind.sma!.cross,
      ema12: ind.ema!.ema12,
      ema26: ind.ema!.ema26,
      ema12Seed: ind.ema!.ema12Seed,
      ema26Seed: ind.ema!.ema26Seed,
      rsiPrevClose: ind.rsi!.prevClose,
      rsiN: ind.rsi!.n,
      rsiGain: ind.rsi!.gain,
      rsiLoss: ind.rsi!.loss,
      vwapDate: ind.vwap!.date,
      vwapSession: ind.vwap!.session,
      vwapPv: ind.vwap!.pv,
      vwapVolume: ind.vwap!.volume,
      lastMs: x.lastMs,
      lastDate: x.lastDate,
    };
  };
  const p = s.params;
  return JSON.stringify({
    v: 1,
    symbol: s.symbol,
    seq: s.seq,
    windows: p === null ? null : [p.sma!.fast, p.sma!.slow, p.volumeSpike!.lookback],
    closes: s.closes,
    volumes: s.volumes,
    series: series(s.series),
    undo: s.undo === null ? null : { ...s.undo, series: series(s.undo.series) },
    seen: s.seen,
    revisions: s.revisions,
    closesByDate: s.closesByDate,
  });
}
