import type { AnyIndicator } from '../indicator.js';
import { bollinger } from './bollinger.js';
import { ema } from './ema.js';
import { macd } from './macd.js';
import { rsi } from './rsi.js';
import { smaCross } from './sma-cross.js';
import { volumeSpike } from './volume-spike.js';
import { vwapSession } from './vwap-session.js';

/**
 * Every indicator, in step order: a bar's signals appear in this order, an indicator may read
 * the outputs of one before it (macd reads ema), and output fields are published in this order.
 * Adding one is its module, its test and one line here.
 */
export const INDICATORS: readonly AnyIndicator[] = [
  volumeSpike,
  smaCross,
  ema,
  rsi,
  vwapSession,
  bollinger,
  macd,
];
