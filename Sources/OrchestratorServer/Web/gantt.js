// Gantt chart of a run's attempts on one time axis: a row per task, a bar per attempt
// (so retries show as separate bars), coloured by the attempt's status with a tooltip; a running
// attempt extends to "now". ganttModel is pure; renderGantt draws it as one SVG string.
import { esc } from './dom.js';
import { formatClock, formatDuration, formatTime, parseTime, stateKey, stateLabel } from './format.js';

const G = {
  rowHeight: 24, barHeight: 14, axisHeight: 26, plotWidth: 900, charWidth: 6.6,
  minLabel: 80, maxLabel: 240, padRight: 16,
};

/**
 * Rows and the time span for a run: tasks in `order` (ids; others follow in the run's order),
 * each with its attempts as {attempt, status, start, end (ms), running}.
 */
export function ganttModel(run, { order = [], now = Date.now() } = {}) {
  const tasks = new Map();
  for (const t of run?.tasks ?? []) tasks.set(String(t.id), t);
  const ids = [];
  const seen = new Set();
  const add = (id) => { id = String(id); if (!seen.has(id)) { seen.add(id); ids.push(id); } };
  order.forEach(add);
  for (const n of run?.graph?.nodes ?? []) add(n.id);
  for (const id of tasks.keys()) add(id);

  let t0 = Infinity, t1 = -Infinity, running = false;
  const rows = ids.map((task) => {
    const history = tasks.get(task)?.attempt_history ?? [];
    const bars = [];
    for (const a of history) {
      const start = parseTime(a.started_at);
      if (!start) continue;
      const ended = parseTime(a.ended_at);
      const isRunning = !ended && a.status === 'running';
      const end = ended ? ended.getTime() : (isRunning ? now : start.getTime());
      running ||= isRunning;
      bars.push({ attempt: a.attempt, status: a.status, start: start.getTime(), end: Math.max(end, start.getTime()),
        running: isRunning, exit_code: a.exit_code, error: a.error, started_at: a.started_at, ended_at: a.ended_at });
      t0 = Math.min(t0, start.getTime());
      t1 = Math.max(t1, end);
    }
    return { task, state: tasks.get(task)?.state ?? 'pending', bars };
  });
  if (!Number.isFinite(t0)) return { rows, t0: null, t1: null, running };
  if (t1 - t0 < 1000) t1 = t0 + 1000;
  return { rows, t0, t1, running };
}

const STEPS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400, 172800, 604800]
  .map((s) => s * 1000);

/** A tick interval giving at most ~8 ticks over `span` ms. */
export function tickStep(span) {
  return STEPS.find((s) => span / s <= 8) ?? STEPS[STEPS.length - 1];
}

function tooltip(task, bar) {
  const lines = [`${task} — attempt ${bar.attempt}: ${stateLabel(bar.status)}`,
    `started ${formatTime(bar.started_at)}`,
    bar.running ? `running for ${formatDuration(bar.end - bar.start)}`
      : `ended ${formatTime(bar.ended_at)} (${formatDuration(bar.end - bar.start)})`];
  if (bar.exit_code !== null && bar.exit_code !== undefined) lines.push(`exit code ${bar.exit_code}`);
  if (bar.error) lines.push(`error: ${bar.error}`);
  return lines.join('\n');
}

const r1 = (v) => Math.round(v * 10) / 10;

/**
 * Draws the run's attempts into `svg`. Returns the model (its `running` says whether the chart
 * needs redrawing as time passes). `onSelect(task)` is called when a bar or a row label is clicked.
 */
export function renderGantt(svg, run, { order, now = Date.now(), onSelect } = {}) {
  const model = ganttModel(run, { order, now });
  const longest = model.rows.reduce((m, r) => Math.max(m, r.task.length), 0);
  const labelWidth = Math.min(G.maxLabel, Math.max(G.minLabel, Math.ceil(longest * G.charWidth) + 16));
  const width = labelWidth + G.plotWidth + G.padRight;
  const height = G.axisHeight + Math.max(1, model.rows.length) * G.rowHeight + 8;
  const parts = [];
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', 'Timeline of task attempts');
  svg.style.maxWidth = `${width}px`;

  if (model.t0 === null) {
    svg.setAttribute('viewBox', `0 0 ${width} 40`);
    svg.innerHTML = '<text class="empty" x="8" y="24">No attempts have started yet.</text>';
    return model;
  }
  const { t0, t1 } = model;
  const scale = G.plotWidth / (t1 - t0);
  const xOf = (t) => labelWidth + (t - t0) * scale;

  // Axis: gridlines and clock-time labels.
  const step = tickStep(t1 - t0);
  const multiDay = new Date(t0).toDateString() !== new Date(t1).toDateString();
  parts.push('<g class="axis">');
  const startOffset = new Date(t0).getTimezoneOffset() * 60000;
  for (let t = Math.ceil((t0 - startOffset) / step) * step + startOffset; t <= t1; t += step) {
    const x = r1(xOf(t));
    const d = new Date(t);
    const label = multiDay && step >= 3600e3 ? `${d.getMonth() + 1}/${d.getDate()} ${formatClock(d, { seconds: false })}`
      : formatClock(d, { seconds: step < 60e3 });
    parts.push(`<line class="grid" x1="${x}" x2="${x}" y1="${G.axisHeight - 6}" y2="${height}"></line>`);
    parts.push(`<text class="tick" x="${x}" y="${G.axisHeight - 10}" text-anchor="middle">${esc(label)}</text>`);
  }
  parts.push('</g>');

  model.rows.forEach((row, i) => {
    const y = G.axisHeight + i * G.rowHeight;
    const short = row.task.length * G.charWidth + 16 > labelWidth
      ? row.task.slice(0, Math.max(1, Math.floor((labelWidth - 16) / G.charWidth) - 1)) + '…' : row.task;
    parts.push(`<g class="row" data-task="${esc(row.task)}">`);
    parts.push(`<rect class="row-bg" x="0" y="${y}" width="${width}" height="${G.rowHeight}"></rect>`);
    parts.push(`<text class="row-label" x="8" y="${y + G.rowHeight / 2 + 4}"><title>${esc(row.task)}: ${esc(stateLabel(row.state))}</title>${esc(short)}</text>`);
    for (const bar of row.bars) {
      const x = xOf(bar.start);
      const w = Math.max(2, (bar.end - bar.start) * scale);
      const by = y + (G.rowHeight - G.barHeight) / 2;
      const cls = `bar state-${stateKey(bar.status)}${bar.running ? ' running' : ''}`;
      parts.push(`<g class="${cls}" data-attempt="${esc(bar.attempt)}" data-status="${esc(bar.status)}">` +
        `<title>${esc(tooltip(row.task, bar))}</title>` +
        `<rect x="${r1(x)}" y="${r1(by)}" width="${r1(w)}" height="${G.barHeight}" rx="2"></rect>`);
      const word = `${bar.attempt > 1 ? '#' + bar.attempt + ' ' : ''}${stateLabel(bar.status)}`;
      if (word.length * 6 + 8 < w) {
        parts.push(`<text class="bar-label" x="${r1(x + 4)}" y="${r1(by + G.barHeight - 3.5)}">${esc(word)}</text>`);
      }
      parts.push('</g>');
    }
    parts.push('</g>');
  });

  if (model.running && now <= t1) {
    const x = r1(xOf(now));
    parts.push(`<line class="now" x1="${x}" x2="${x}" y1="${G.axisHeight - 6}" y2="${height}"></line>`);
  }
  svg.innerHTML = parts.join('');

  svg.ganttSelect = onSelect;
  if (!svg.ganttListening) {
    svg.ganttListening = true;
    svg.addEventListener('click', (ev) => {
      const row = ev.target.closest?.('g.row');
      if (row) svg.ganttSelect?.(row.getAttribute('data-task'));
    });
  }
  return model;
}
