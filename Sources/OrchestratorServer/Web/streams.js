// Streams: the list (/streams) and one stream (/streams/{stream}) with its lag and the records
// per second over the last hour. There is no event stream for these, so the detail page
// refreshes itself every 15 s while it is open.
import { ApiError, apiPath, get } from './api.js';
import { esc, html, reportError, setHTML } from './dom.js';
import { formatClock, formatNumber, formatTime, parseTime, timeHTML } from './format.js';

const REFRESH_MS = 15000;

function lagSecondsText(s) {
  return s === null || s === undefined ? '—' : `${formatNumber(s, { digits: s < 10 ? 1 : 0 })} s`;
}

export async function streamsPage(ctx) {
  ctx.setTitle('Streams');
  const data = await get('/api/v1/streams', null, { signal: ctx.signal });
  const streams = data?.streams ?? [];
  setHTML(ctx.main, html`
    <h1>Streams</h1>
    ${streams.length === 0 ? html`<p class="muted">No streams.</p>` : html`
    <div class="table-wrap"><table id="streams-table" class="data">
      <thead><tr><th scope="col">Stream</th><th scope="col" class="num">Last sequence</th><th scope="col" class="num">Checkpoint</th>
        <th scope="col" class="num">Lag (records)</th><th scope="col" class="num">Lag (seconds)</th><th scope="col" class="num">Records/s</th></tr></thead>
      <tbody>${streams.map((s) => html`<tr data-stream="${s.stream}">
        <th scope="row"><a href="/streams/${encodeURIComponent(s.stream)}">${s.stream}</a></th>
        <td class="num">${formatNumber(s.last_seq)}</td><td class="num">${formatNumber(s.checkpoint)}</td>
        <td class="num">${formatNumber(s.lag_records)}</td><td class="num">${lagSecondsText(s.lag_seconds)}</td>
        <td class="num">${formatNumber(s.records_per_second, { digits: 1 })}</td></tr>`)}</tbody>
    </table></div>`}`);
  return {};
}

/** The stream's stats: the admin route, or its entry in the list when the token lacks admin (403). */
async function loadStats(name, signal) {
  try {
    return { stats: await get(apiPath('streams', name), null, { signal }), limited: false };
  } catch (e) {
    if (!(e instanceof ApiError) || e.status !== 403) throw e;
    const data = await get('/api/v1/streams', null, { signal });
    const stats = (data?.streams ?? []).find((s) => s.stream === name);
    if (!stats) throw new ApiError(404, 'not_found', `no stream named ${name}`);
    return { stats, limited: true };
  }
}

function statsHTML(s) {
  return html`<dl class="facts" id="stream-stats">
    <div><dt>Last sequence</dt><dd id="stream-last-seq">${formatNumber(s.last_seq)}</dd></div>
    <div><dt>Checkpoint</dt><dd id="stream-checkpoint">${formatNumber(s.checkpoint)}</dd></div>
    <div><dt>Lag (records)</dt><dd id="stream-lag-records">${formatNumber(s.lag_records)}</dd></div>
    <div><dt>Lag (seconds)</dt><dd id="stream-lag-seconds">${lagSecondsText(s.lag_seconds)}</dd></div>
    <div><dt>Records/s now</dt><dd id="stream-rps">${formatNumber(s.records_per_second, { digits: 1 })}</dd></div>
    <div><dt>Checkpoint at</dt><dd>${timeHTML(s.checkpoint_at)}</dd></div>
    <div><dt>Pending batch</dt><dd>${s.pending_batch ? `${formatNumber(s.pending_batch.first_seq)}–${formatNumber(s.pending_batch.last_seq)}` : 'none'}</dd></div>
  </dl>`;
}

function niceMax(v) {
  if (v <= 0) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 2.5, 5, 10]) if (v <= m * p) return m * p;
  return 10 * p;
}

/** Records per second per minute (records / 60) as bars, oldest on the left. Returns a summary. */
export function renderRateChart(svg, points) {
  const W = 760, H = 240, left = 56, right = 12, top = 12, bottom = 28;
  const plotW = W - left - right, plotH = H - top - bottom;
  const rates = points.map((p) => ({ minute: p.minute, rate: Math.max(0, Number(p.records) || 0) / 60, records: p.records }));
  const max = niceMax(Math.max(0, ...rates.map((r) => r.rate)));
  const n = Math.max(1, rates.length);
  const slot = plotW / n;
  const parts = [];
  svg.setAttribute('viewBox', `0 0 ${W} ${H}`);
  svg.setAttribute('role', 'img');
  for (const f of [0, 0.5, 1]) {
    const y = top + plotH - f * plotH;
    parts.push(`<line class="grid" x1="${left}" x2="${W - right}" y1="${y}" y2="${y}"></line>`);
    parts.push(`<text class="tick" x="${left - 6}" y="${y + 4}" text-anchor="end">${formatNumber(max * f, { digits: max * f < 10 && f ? 1 : 0 })}/s</text>`);
  }
  rates.forEach((r, i) => {
    const h = (r.rate / max) * plotH;
    const x = left + i * slot + 0.5;
    const d = parseTime(r.minute);
    const label = d ? formatClock(d, { seconds: false }) : String(r.minute);
    parts.push(`<rect class="rate-bar" x="${x.toFixed(1)}" y="${(top + plotH - h).toFixed(1)}" width="${Math.max(1, slot - 1).toFixed(1)}" height="${h.toFixed(1)}">` +
      `<title>${esc(label)}: ${formatNumber(r.records)} records (${formatNumber(r.rate, { digits: 2 })}/s)</title></rect>`);
    if (d && d.getMinutes() % 15 === 0) {
      parts.push(`<text class="tick" x="${(x + slot / 2).toFixed(1)}" y="${H - 8}" text-anchor="middle">${esc(label)}</text>`);
    }
  });
  parts.push(`<line class="axis-line" x1="${left}" x2="${W - right}" y1="${top + plotH}" y2="${top + plotH}"></line>`);
  svg.innerHTML = parts.join('');
  const total = rates.reduce((s, r) => s + (Number(r.records) || 0), 0);
  const peak = rates.reduce((best, r) => (r.rate > (best?.rate ?? -1) ? r : best), null);
  const summary = rates.length === 0 ? 'No data for the last hour.'
    : `Average ${formatNumber(total / 60 / rates.length, { digits: 2 })} records/s over the last ${rates.length} minutes` +
      (peak ? `; peak ${formatNumber(peak.rate, { digits: 2 })}/s at ${formatTime(peak.minute, { seconds: false })}.` : '.');
  svg.setAttribute('aria-label', `Records per second, last hour. ${summary}`);
  return summary;
}

export async function streamPage(ctx) {
  const name = ctx.params.stream;
  ctx.setTitle(`Stream ${name}`);
  const ratePath = `${apiPath('streams', name)}/rate`;
  const [{ stats, limited }, rate] = await Promise.all([
    loadStats(name, ctx.signal),
    get(ratePath, { minutes: 60 }, { signal: ctx.signal }),
  ]);
  setHTML(ctx.main, html`
    <nav class="crumbs" aria-label="Breadcrumb"><a href="/streams">Streams</a> <span aria-hidden="true">›</span></nav>
    <header class="page-head"><h1>Stream <span class="mono">${name}</span></h1>
      <div class="actions"><button type="button" id="refresh-button">Refresh</button></div></header>
    <p id="stream-limited" class="muted small"${limited ? '' : ' hidden'}>Shown from the streams list: this token has no admin scope.</p>
    <div id="stats-area"></div>
    <section aria-labelledby="rate-title"><h2 id="rate-title">Records per second, last hour</h2>
      <div class="chart-wrap"><svg id="rate-chart" xmlns="http://www.w3.org/2000/svg"></svg></div>
      <p id="rate-summary" class="muted"></p>
      <p class="muted small">Updated <span id="updated-at"></span>; refreshes every ${REFRESH_MS / 1000} s.</p>
    </section>`);
  const show = (s, r) => {
    setHTML(ctx.main.querySelector('#stats-area'), statsHTML(s));
    ctx.main.querySelector('#rate-summary').textContent = renderRateChart(ctx.main.querySelector('#rate-chart'), r?.points ?? []);
    ctx.main.querySelector('#updated-at').textContent = formatClock(new Date());
  };
  show(stats, rate);

  let timer = null;
  const refresh = async () => {
    clearTimeout(timer);
    try {
      const [{ stats: s, limited: l }, r] = await Promise.all([
        loadStats(name, ctx.signal), get(ratePath, { minutes: 60 }, { signal: ctx.signal }),
      ]);
      ctx.main.querySelector('#stream-limited').hidden = !l;
      show(s, r);
    } catch (e) {
      reportError(e);
    }
    if (!ctx.signal.aborted) timer = setTimeout(refresh, REFRESH_MS);
  };
  timer = setTimeout(refresh, REFRESH_MS);
  ctx.signal.addEventListener('abort', () => clearTimeout(timer));
  ctx.main.querySelector('#refresh-button').addEventListener('click', refresh);
  return {};
}
