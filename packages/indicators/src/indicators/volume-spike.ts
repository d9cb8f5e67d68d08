import { windowOf } from '../config.js';
import { defineIndicator, stateFields } from '../indicator.js';

// Slab offset of its one state field: the running sum of the last `lookback` volumes.
const SUM_VOL = 0;

/** VOLUME_SPIKE when a bar's volume is at least `factor` × the mean of the previous `lookback` volumes. */
export const volumeSpike = defineIndicator({
  name: 'volumeSpike',
  params: (c) => {
    if (!(c.volumeSpikeFactor > 0))
      throw new RangeError(
        `invalid EnrichConfig: volumeSpikeFactor must be > 0, got ${c.volumeSpikeFactor}`,
      );
    return {
      lookback: windowOf('volumeSpikeLookback', c.volumeSpikeLookback),
      factor: c.volumeSpikeFactor,
    };
  },
  stateParams: { lookback: 'VOLUME_SPIKE_LOOKBACK' },
  history: (p) => p.lookback,
  state: stateFields({ sumVol: 0 }),
  step(s, at, p, bar) {
    const look = p.lookback;
    let sumVol = s[at + SUM_VOL]!;
    // Compared with the previous `lookback` bars, so tested before this bar joins the sum.
    if (bar.count >= look && bar.volume > 0 && bar.volume >= (p.factor * sumVol) / look)
      bar.signals.push('VOLUME_SPIKE');
    if (bar.count >= look) sumVol -= bar.volumeAgo(look);
    sumVol += bar.volume;
    // Running sums drift; re-adding once per ring turn keeps them exact at O(1) amortised.
    if (bar.wrapped) sumVol = bar.sumVolumes(look);
    s[at + SUM_VOL] = sumVol;
  },
  split(s, at, factor) {
    s[at + SUM_VOL] = s[at + SUM_VOL]! * factor;
  },
  outputs: {},
});
