import { windowOf } from '../config.js';
import { defineIndicator } from '../indicator.js';

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
  init: () => ({ sumVol: 0 }),
  copy(to, from) {
    to.sumVol = from.sumVol;
  },
  step(s, p, bar) {
    const look = p.lookback;
    // Compared with the previous `lookback` bars, so tested before this bar joins the sum.
    if (bar.count >= look && bar.volume > 0 && bar.volume >= (p.factor * s.sumVol) / look)
      bar.signals.push('VOLUME_SPIKE');
    if (bar.count >= look) s.sumVol -= bar.volumeAgo(look);
    s.sumVol += bar.volume;
    // Running sums drift; re-adding once per ring turn keeps them exact at O(1) amortised.
    if (bar.wrapped) s.sumVol = bar.sumVolumes(look);
  },
  split(s, factor) {
    s.sumVol *= factor;
  },
  outputs: {},
});
