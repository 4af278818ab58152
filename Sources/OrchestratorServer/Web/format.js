// Time, duration and number formatting, and state labels/classes. Pure: no DOM access.
import { html } from './dom.js';

export const RUN_STATES = ['queued', 'running', 'succeeded', 'failed', 'cancelled', 'interrupted'];
export const TASK_STATES = ['pending', 'queued', 'running', 'succeeded', 'failed', 'up_for_retry',
  'upstream_failed', 'skipped', 'cancelled', 'interrupted'];
export const ATTEMPT_STATES = ['running', 'succeeded', 'failed', 'cancelled', 'interrupted'];
const KNOWN_STATES = new Set([...RUN_STATES, ...TASK_STATES]);

/** Run states after which nothing more happens to the run. */
export const FINISHED_RUN_STATES = new Set(['succeeded', 'failed', 'cancelled', 'interrupted']);

/** The word shown for a state: the state itself (e.g. "up_for_retry"), or "unknown". */
export function stateLabel(state) {
  return state === null || state === undefined || state === '' ? 'unknown' : String(state);
}

/** The CSS class suffix for a state; unknown values map to "unknown" so no server text reaches a class. */
export function stateKey(state) {
  return KNOWN_STATES.has(state) ? state : 'unknown';
}

/** `state state-<name>`: colour from the class, the word as text. */
export function stateClass(state) {
  return `state state-${stateKey(state)}`;
}

/** A state badge: `<span class="state state-failed">failed</span>`. */
export function stateBadge(state) {
  return html`<span class="${stateClass(state)}">${stateLabel(state)}</span>`;
}

/** Parses an ISO 8601 string to a Date, or null when absent/invalid. */
export function parseTime(iso) {
  if (!iso) return null;
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? null : d;
}

const pad = (n, w = 2) => String(n).padStart(w, '0');

/** "2026-11-30 05:31:02" in the browser's time zone; "—" for null; the raw string if unparsable. */
export function formatTime(iso, { seconds = true } = {}) {
  if (!iso) return '—';
  const d = parseTime(iso);
  if (!d) return String(iso);
  const date = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
  const time = `${pad(d.getHours())}:${pad(d.getMinutes())}${seconds ? ':' + pad(d.getSeconds()) : ''}`;
  return `${date} ${time}`;
}

/** "05:31:02" (or "05:31") local. */
export function formatClock(date, { seconds = true } = {}) {
  return `${pad(date.getHours())}:${pad(date.getMinutes())}${seconds ? ':' + pad(date.getSeconds()) : ''}`;
}

/** A <time> element: local time as text, the server's ISO string as datetime and title. */
export function timeHTML(iso) {
  if (!iso) return html`<span class="none">—</span>`;
  return html`<time datetime="${iso}" title="${iso}">${formatTime(iso)}</time>`;
}

/** 850 → "850 ms", 8300 → "8.3 s", 42000 → "42 s", 245000 → "4m 05s", 7380000 → "2h 03m", 3 days → "3d 4h". */
export function formatDuration(ms) {
  if (ms === null || ms === undefined || !Number.isFinite(Number(ms))) return '—';
  ms = Math.max(0, Number(ms));
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s < 10 ? s.toFixed(1) : Math.floor(s)} s`;
  const total = Math.floor(s);
  const d = Math.floor(total / 86400);
  const h = Math.floor((total % 86400) / 3600);
  const m = Math.floor((total % 3600) / 60);
  const sec = total % 60;
  if (d > 0) return `${d}d ${h}h`;
  if (h > 0) return `${h}h ${pad(m)}m`;
  return `${m}m ${pad(sec)}s`;
}

/** Milliseconds between two ISO times (end defaults to now), or null. */
export function elapsedMs(startIso, endIso, now = Date.now()) {
  const start = parseTime(startIso);
  if (!start) return null;
  const end = endIso ? parseTime(endIso) : null;
  return Math.max(0, (end ? end.getTime() : now) - start.getTime());
}

/** "in 5 min", "3 h ago", "now". */
export function formatRelative(iso, now = Date.now()) {
  const d = parseTime(iso);
  if (!d) return '';
  const diff = d.getTime() - now;
  const abs = Math.abs(diff);
  if (abs < 1000) return 'now';
  let text;
  if (abs < 60e3) text = `${Math.round(abs / 1e3)} s`;
  else if (abs < 3600e3) text = `${Math.round(abs / 60e3)} min`;
  else if (abs < 86400e3) text = `${Math.round(abs / 3600e3)} h`;
  else text = `${Math.round(abs / 86400e3)} d`;
  return diff > 0 ? `in ${text}` : `${text} ago`;
}

const numberFormat = new Intl.NumberFormat('en-US');
/** 1234567 → "1,234,567"; null → "—". */
export function formatNumber(n, { digits } = {}) {
  if (n === null || n === undefined || !Number.isFinite(Number(n))) return '—';
  if (digits !== undefined) {
    return Number(n).toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
  }
  return numberFormat.format(Number(n));
}

/** A run's duration: the server's duration_ms when finished, otherwise time since it started. */
export function runDuration(run, now = Date.now()) {
  if (run.duration_ms !== null && run.duration_ms !== undefined) return formatDuration(run.duration_ms);
  if (run.started_at && !run.ended_at) return `${formatDuration(elapsedMs(run.started_at, null, now))} so far`;
  return '—';
}

/** Any JSON value as display text (strings as-is, others as JSON). */
export function valueText(v) {
  if (v === null || v === undefined) return '';
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/** Compares run ids for "newest first" ordering: numerically when both are numbers. */
export function compareIds(a, b) {
  const na = Number(a), nb = Number(b);
  if (String(a).trim() !== '' && String(b).trim() !== '' && Number.isFinite(na) && Number.isFinite(nb)) return na - nb;
  return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
}
