/* global document, location, fetch, EventSource, window, requestAnimationFrame */
// The page: a sortable market board and one symbol's live chart. Everything comes from this
// server (/api/*); the browser never talks to Kafka or OpenSearch.
import {
  createChart,
  createSeriesMarkers,
  CandlestickSeries,
  HistogramSeries,
  LineSeries,
  LineStyle,
} from '/vendor/lightweight-charts.mjs';

const COLORS = { up: '#26a69a', down: '#ef5350' };
// Overlays drawn when the field is present on the bars (Bollinger and MACD arrive with the
// indicators that compute them; older records simply lack them).
const OVERLAYS = [
  { field: 'smaFast', label: 'SMA fast', color: '#f0b90b' },
  { field: 'smaSlow', label: 'SMA slow', color: '#e91e63' },
  { field: 'ema12', label: 'EMA 12', color: '#42a5f5' },
  { field: 'ema26', label: 'EMA 26', color: '#ab47bc' },
  { field: 'vwapSession', label: 'VWAP', color: '#e0e0e0', lineStyle: LineStyle.Dotted },
  { field: 'bbUpper', label: 'BB upper', color: '#78909c', lineStyle: LineStyle.Dashed },
  { field: 'bbMiddle', label: 'BB middle', color: '#607d8b', lineStyle: LineStyle.Dashed },
  { field: 'bbLower', label: 'BB lower', color: '#78909c', lineStyle: LineStyle.Dashed },
];
const MARKERS = {
  GOLDEN_CROSS: { position: 'belowBar', shape: 'arrowUp', color: '#f0b90b', text: 'golden cross' },
  DEATH_CROSS: { position: 'aboveBar', shape: 'arrowDown', color: '#e91e63', text: 'death cross' },
  VOLUME_SPIKE: { position: 'aboveBar', shape: 'circle', color: '#42a5f5', text: 'volume' },
  SPLIT: { position: 'belowBar', shape: 'square', color: '#ffffff', text: 'split' },
};

const $ = (sel) => document.querySelector(sel);
const fmt = (v, digits = 2) => (v === null || v === undefined ? '—' : Number(v).toFixed(digits));
const toTime = (iso) => Math.floor(Date.parse(iso) / 1000);

// ---- board ----------------------------------------------------------------------------------
const board = new Map(); // symbol -> newest bar (highest seq)
let sort = { key: 'symbol', type: 'text', dir: 1 };
let boardDirty = false;

function applyBoard(bar) {
  const held = board.get(bar.symbol);
  if (held && held.seq >= bar.seq) return;
  board.set(bar.symbol, bar);
  boardDirty = true;
}

function sortValue(bar, key) {
  if (key === 'signals') return bar.signals.join(' ');
  return bar[key];
}

function renderBoard() {
  if (!boardDirty) return;
  boardDirty = false;
  const rows = [...board.values()].sort((a, b) => {
    const x = sortValue(a, sort.key);
    const y = sortValue(b, sort.key);
    // Unknown values (no previous close yet) sort last whatever the direction.
    if (x === null || x === undefined) return y === null || y === undefined ? 0 : 1;
    if (y === null || y === undefined) return -1;
    const c = sort.type === 'number' ? x - y : String(x).localeCompare(String(y));
    return c * sort.dir || a.symbol.localeCompare(b.symbol);
  });
  const tbody = $('#board tbody');
  const html = rows
    .map((b) => {
      const dir = b.changePct === null ? '' : b.changePct >= 0 ? 'up' : 'down';
      return (
        `<tr data-symbol="${b.symbol}" aria-selected="${b.symbol === focus}">` +
        `<td>${b.symbol}</td><td>${fmt(b.close)}</td><td>${fmt(b.prevClose)}</td>` +
        `<td class="${dir}">${b.changePct === null ? '—' : (b.changePct >= 0 ? '+' : '') + fmt(b.changePct)}</td>` +
        `<td class="indicator" data-indicator="${b.indicator}">${b.indicator}</td>` +
        `<td class="signals">${b.signals.join(' ')}</td></tr>`
      );
    })
    .join('');
  tbody.innerHTML = html;
  $('#board-count').textContent = `${board.size} symbols`;
}

$('#board thead').addEventListener('click', (e) => {
  const th = e.target.closest('th');
  if (!th) return;
  const key = th.dataset.key;
  sort = { key, type: th.dataset.type, dir: sort.key === key ? -sort.dir : 1 };
  for (const h of document.querySelectorAll('#board th')) h.removeAttribute('aria-sort');
  th.setAttribute('aria-sort', sort.dir === 1 ? 'ascending' : 'descending');
  boardDirty = true;
  renderBoard();
});

$('#board tbody').addEventListener('click', (e) => {
  const tr = e.target.closest('tr[data-symbol]');
  if (tr) location.hash = encodeURIComponent(tr.dataset.symbol);
});

// ---- chart ----------------------------------------------------------------------------------
const chart = createChart($('#chart'), {
  autoSize: true,
  layout: { background: { color: '#0f1419' }, textColor: '#d1d4dc', panes: { separatorColor: '#2a323c' } },
  grid: { vertLines: { color: '#1c242e' }, horzLines: { color: '#1c242e' } },
  timeScale: { timeVisible: true, secondsVisible: false, borderColor: '#2a323c' },
  rightPriceScale: { borderColor: '#2a323c' },
});
const candles = chart.addSeries(CandlestickSeries, {
  upColor: COLORS.up,
  downColor: COLORS.down,
  wickUpColor: COLORS.up,
  wickDownColor: COLORS.down,
  borderVisible: false,
});
const markers = createSeriesMarkers(candles, []);
const volume = chart.addSeries(HistogramSeries, { priceFormat: { type: 'volume' }, priceScaleId: 'volume', lastValueVisible: false, priceLineVisible: false });
volume.priceScale().applyOptions({ scaleMargins: { top: 0.8, bottom: 0 } });
const lineOpts = { lineWidth: 1, lastValueVisible: false, priceLineVisible: false, crosshairMarkerVisible: false };
const overlays = OVERLAYS.map((o) => ({
  ...o,
  series: chart.addSeries(LineSeries, { ...lineOpts, color: o.color, lineStyle: o.lineStyle ?? LineStyle.Solid }),
}));
const rsi = chart.addSeries(LineSeries, { ...lineOpts, color: '#ab47bc', lastValueVisible: true }, 1);
rsi.createPriceLine({ price: 70, color: '#555', lineStyle: LineStyle.Dashed, axisLabelVisible: false });
rsi.createPriceLine({ price: 30, color: '#555', lineStyle: LineStyle.Dashed, axisLabelVisible: false });
let macd; // created the first time a bar carries MACD fields

function ensureMacd() {
  if (macd) return macd;
  macd = {
    histogram: chart.addSeries(HistogramSeries, { lastValueVisible: false, priceLineVisible: false }, 2),
    line: chart.addSeries(LineSeries, { ...lineOpts, color: '#42a5f5' }, 2),
    signal: chart.addSeries(LineSeries, { ...lineOpts, color: '#f0b90b' }, 2),
  };
  chart.panes()[2]?.setHeight(100);
  return macd;
}
chart.panes()[1]?.setHeight(100);

let focus; // the open symbol
const focusBars = new Map(); // time (s) -> newest bar of that minute
let lastTime = 0;

const line = (bar, field) => (typeof bar[field] === 'number' ? { time: toTime(bar.timestamp), value: bar[field] } : { time: toTime(bar.timestamp) });

function points(bar) {
  const time = toTime(bar.timestamp);
  return {
    candle: { time, open: bar.open, high: bar.high, low: bar.low, close: bar.close },
    volume: { time, value: bar.volume, color: bar.close >= bar.open ? '#26a69a66' : '#ef535066' },
  };
}

function hasMacd(bar) {
  return typeof bar.macd === 'number';
}

function redrawAll() {
  const bars = [...focusBars.values()].sort((a, b) => toTime(a.timestamp) - toTime(b.timestamp));
  candles.setData(bars.map((b) => points(b).candle));
  volume.setData(bars.map((b) => points(b).volume));
  for (const o of overlays) o.series.setData(bars.map((b) => line(b, o.field)));
  rsi.setData(bars.map((b) => line(b, 'rsi14')));
  if (bars.some(hasMacd)) {
    const m = ensureMacd();
    m.histogram.setData(bars.map((b) => ({ ...line(b, 'macdHistogram'), color: (b.macdHistogram ?? 0) >= 0 ? '#26a69a' : '#ef5350' })));
    m.line.setData(bars.map((b) => line(b, 'macd')));
    m.signal.setData(bars.map((b) => line(b, 'macdSignal')));
  }
  lastTime = bars.length ? toTime(bars[bars.length - 1].timestamp) : 0;
  renderMarkers(bars);
  renderLegend(bars);
}

function renderMarkers(bars) {
  markers.setMarkers(
    bars.flatMap((b) => b.signals.filter((s) => MARKERS[s]).map((s) => ({ time: toTime(b.timestamp), ...MARKERS[s] }))),
  );
}

function renderLegend(bars) {
  const last = bars[bars.length - 1];
  const present = OVERLAYS.filter((o) => bars.some((b) => typeof b[o.field] === 'number'));
  $('#legend').innerHTML = present.map((o) => `<span><i style="background:${o.color}"></i>${o.label}</span>`).join('') + '<span>RSI 14 (lower pane)</span>' + (bars.some(hasMacd) ? '<span>MACD</span>' : '');
  $('#chart-status').textContent = last
    ? `${bars.length} candles · last ${last.timestamp.slice(0, 16).replace('T', ' ')} UTC · close ${fmt(last.close)}${last.revision ? ` (rev ${last.revision})` : ''}`
    : 'no bars yet';
  $('#chart-status').dataset.candles = String(bars.length);
  $('#chart-status').dataset.lastTimestamp = last ? last.timestamp : '';
}

/** A live bar of the open symbol: a revision (`u`) replaces its candle in place. */
function applyFocus(bar) {
  const time = toTime(bar.timestamp);
  const held = focusBars.get(time);
  if (held && held.seq >= bar.seq) return;
  focusBars.set(time, bar);
  if (time < lastTime) return void redrawAll(); // an older minute revised: rare, redraw all
  const p = points(bar);
  candles.update(p.candle);
  volume.update(p.volume);
  for (const o of overlays) o.series.update(line(bar, o.field));
  rsi.update(line(bar, 'rsi14'));
  if (hasMacd(bar)) {
    const m = ensureMacd();
    m.histogram.update({ ...line(bar, 'macdHistogram'), color: (bar.macdHistogram ?? 0) >= 0 ? '#26a69a' : '#ef5350' });
    m.line.update(line(bar, 'macd'));
    m.signal.update(line(bar, 'macdSignal'));
  }
  lastTime = time;
  const bars = [...focusBars.values()].sort((a, b) => toTime(a.timestamp) - toTime(b.timestamp));
  if (bar.signals.length) renderMarkers(bars);
  renderLegend(bars);
}

async function loadHistory(symbol) {
  const res = await fetch(`/api/bars/${encodeURIComponent(symbol)}`);
  if (!res.ok) throw new Error(`history: HTTP ${res.status}`);
  const body = await res.json();
  if (symbol !== focus) return;
  for (const bar of body.bars) {
    const time = toTime(bar.timestamp);
    const held = focusBars.get(time);
    if (!held || held.seq < bar.seq) focusBars.set(time, bar);
  }
  redrawAll();
  chart.timeScale().fitContent();
}

// ---- live stream ----------------------------------------------------------------------------
let source;

function connect() {
  source?.close();
  const status = $('#feed-status');
  status.dataset.state = 'connecting';
  status.textContent = 'connecting…';
  source = new EventSource(focus ? `/api/stream?symbol=${encodeURIComponent(focus)}` : '/api/stream');
  source.addEventListener('open', () => {
    status.dataset.state = 'live';
    status.textContent = 'live';
  });
  source.addEventListener('error', () => {
    status.dataset.state = 'reconnecting';
    status.textContent = 'reconnecting…';
  });
  source.addEventListener('bars', (e) => {
    const batch = JSON.parse(e.data);
    for (const bar of batch.board) applyBoard(bar);
    for (const bar of batch.focus) if (bar.symbol === focus) applyFocus(bar);
    if (batch.resync && focus) void loadHistory(focus);
  });
}

async function loadBoard() {
  const res = await fetch('/api/board');
  const body = await res.json();
  for (const bar of body.bars) applyBoard(bar);
  boardDirty = true;
}

function openSymbol(symbol) {
  focus = symbol || undefined;
  focusBars.clear();
  lastTime = 0;
  $('#chart-symbol').textContent = focus ?? 'Pick a symbol on the board';
  boardDirty = true;
  connect(); // the stream carries every bar of the focused symbol, not only the newest
  redrawAll();
  if (focus) void loadHistory(focus);
}

window.addEventListener('hashchange', () => openSymbol(decodeURIComponent(location.hash.slice(1))));
// Redraw the board at most once per frame, however many bars arrive.
const tick = () => {
  renderBoard();
  requestAnimationFrame(tick);
};

// Stream first, then the board: whatever arrives in between is merged by seq.
openSymbol(decodeURIComponent(location.hash.slice(1)));
requestAnimationFrame(tick);
// Without the snapshot the board still fills from the stream; say why it may be partial.
loadBoard().catch(() => ($('#board-count').textContent = 'board snapshot unavailable; showing live updates'));
