// The task panel of a run page (/runs/{id}/tasks/{task}): state, attempts, outputs, error, and
// the selected attempt's log, loaded with /logs and then live-tailed with /logs/stream.
import { apiPath, get, openEventStream } from './api.js';
import { html, reportError, setHTML } from './dom.js';
import { formatDuration, stateBadge, stateClass, stateLabel, timeHTML, valueText } from './format.js';

const encoder = new TextEncoder();
const byteLength = (text) => encoder.encode(text).length;
/** Above this size only the tail of a log is loaded. */
const TAIL_FROM = 1024 * 1024;
const TAIL_BYTES = 512 * 1024;

/** Shows one attempt's log in a <pre>, following it while the attempt runs. */
export class LogView {
  constructor(pre, statusEl, { signal, onEnd } = {}) {
    this.pre = pre;
    this.statusEl = statusEl;
    this.pageSignal = signal;
    this.onEnd = onEnd;
    this.controller = null;
    this.key = null;
  }

  stop() {
    this.controller?.abort();
    this.controller = null;
  }

  setStatus(text) { this.statusEl.textContent = text; }

  append(text) {
    if (!text) return;
    const pre = this.pre;
    const atEnd = pre.scrollHeight - pre.scrollTop - pre.clientHeight < 24;
    pre.append(text);
    if (atEnd) pre.scrollTop = pre.scrollHeight;
  }

  /** Loads `attempt` of `task` (unless it is already shown) and tails it while it runs. */
  async show(runId, task, attempt) {
    const key = `${runId}\u0000${task}\u0000${attempt}`;
    if (this.key === key) return;
    this.stop();
    this.key = key;
    this.pre.textContent = '';
    this.pre.setAttribute('aria-label', `Log of ${task}, attempt ${attempt}`);
    if (!attempt) { this.setStatus('No attempt has started yet.'); return; }
    const controller = new AbortController();
    this.controller = controller;
    this.pageSignal?.addEventListener('abort', () => controller.abort(), { once: true });
    const signal = controller.signal;
    const base = apiPath('runs', runId, 'tasks', task, 'logs');
    this.setStatus('Loading the log…');
    try {
      let page = await get(base, { attempt, offset: 0 }, { signal });
      let note = '';
      if (page.size > TAIL_FROM && page.next_offset < page.size) {
        const from = page.size - TAIL_BYTES;
        note = `Showing the last ${Math.round(TAIL_BYTES / 1024)} KiB of ${(page.size / 1048576).toFixed(1)} MiB. `;
        page = await get(base, { attempt, offset: from }, { signal });
      }
      this.append(page.text);
      this.offset = page.next_offset;
      while (this.offset < page.size && !signal.aborted) {
        page = await get(base, { attempt, offset: this.offset }, { signal });
        if (page.next_offset <= this.offset) break;
        this.append(page.text);
        this.offset = page.next_offset;
      }
      if (signal.aborted) return;
      if (page.complete) {
        this.setStatus(`${note}Attempt ${attempt} has ended; the log is complete.`);
        return;
      }
      this.setStatus(`${note}Attempt ${attempt} is running; following the log…`);
      this.follow(`${base}/stream`, attempt, signal, base);
    } catch (e) {
      if (signal.aborted) return;
      this.setStatus('The log could not be loaded.');
      reportError(e);
    }
  }

  follow(streamPath, attempt, signal, base) {
    let chain = Promise.resolve();
    const stream = openEventStream(() => `${streamPath}?attempt=${encodeURIComponent(attempt)}&offset=${this.offset}`, {
      signal,
      onError: (e) => { this.setStatus('Following the log failed.'); reportError(e); },
      onEvent: (type, data) => {
        chain = chain.then(() => this.event(type, data, attempt, base, signal, stream)).catch(reportError);
      },
    });
  }

  /** One stream event. `log` data.offset is the byte offset where data.text starts. */
  async event(type, data, attempt, base, signal, stream) {
    if (signal.aborted) return;
    if (type === 'log' && data && typeof data.text === 'string') {
      const start = Number(data.offset ?? this.offset);
      const bytes = encoder.encode(data.text);
      if (start > this.offset) {
        // A gap (e.g. after a reconnect): fill it from /logs.
        while (this.offset < start && !signal.aborted) {
          const page = await get(base, { attempt, offset: this.offset }, { signal });
          if (page.next_offset <= this.offset) break;
          const text = page.next_offset > start ? new TextDecoder().decode(encoder.encode(page.text).slice(0, start - this.offset)) : page.text;
          this.append(text);
          this.offset = Math.min(page.next_offset, start);
        }
      }
      const end = start + bytes.length;
      if (end <= this.offset) return;
      const skip = Math.max(0, this.offset - start);
      this.append(skip ? new TextDecoder().decode(bytes.slice(skip)) : data.text);
      this.offset = end;
    } else if (type === 'end') {
      stream.close();
      const status = data?.status;
      this.setStatus(`Attempt ${attempt} ended: ${stateLabel(status)}.`);
      this.onEnd?.(status);
    }
  }
}

function attemptsTableHTML(runId, task, history, selected) {
  if (!history.length) return html`<p class="muted">No attempts yet.</p>`;
  const base = `/runs/${encodeURIComponent(runId)}/tasks/${encodeURIComponent(task)}`;
  return html`<div class="table-wrap"><table id="attempts-table" class="data">
    <thead><tr><th scope="col">Attempt</th><th scope="col">Status</th><th scope="col">Started</th><th scope="col">Ended</th>
      <th scope="col" class="num">Duration</th><th scope="col" class="num">Exit code</th><th scope="col">Error</th></tr></thead>
    <tbody>${history.map((a) => html`<tr data-attempt="${a.attempt}"${a.attempt === selected ? html` aria-current="true" class="selected"` : ''}>
      <th scope="row"><a href="${base}?attempt=${a.attempt}" title="Show the log of attempt ${a.attempt}">${a.attempt}</a></th>
      <td>${stateBadge(a.status)}</td><td>${timeHTML(a.started_at)}</td><td>${timeHTML(a.ended_at)}</td>
      <td class="num">${a.started_at ? formatDuration((a.ended_at ? Date.parse(a.ended_at) : Date.now()) - Date.parse(a.started_at)) : '—'}</td>
      <td class="num">${a.exit_code ?? '—'}</td>
      <td class="error-cell">${a.error ?? ''}</td></tr>`)}</tbody></table></div>`;
}

function outputsHTML(outputs) {
  const entries = Object.entries(outputs ?? {});
  if (!entries.length) return html`<p class="muted">No outputs.</p>`;
  return html`<div class="table-wrap"><table id="task-outputs" class="data kv">
    <thead><tr><th scope="col">Key</th><th scope="col">Value</th></tr></thead>
    <tbody>${entries.map(([k, v]) => html`<tr data-key="${k}"><th scope="row"><code>${k}</code></th><td><code class="value">${valueText(v)}</code></td></tr>`)}</tbody>
  </table></div>`;
}

/** The task panel inside a run page. */
export class TaskPanel {
  constructor(section, { signal, navigate, onAttemptEnd }) {
    this.section = section;
    this.signal = signal;
    this.navigate = navigate;
    this.onAttemptEnd = onAttemptEnd;
    this.task = null;
    this.log = null;
  }

  /** Opens the panel on `task` of `run`; `attempt` is a number, or null to follow the latest. */
  show(run, task, attempt) {
    const changed = this.task !== task;
    this.task = task;
    this.requested = attempt;
    this.run = run;
    if (changed || !this.log) this.build();
    this.refresh(run);
    this.section.hidden = false;
  }

  hide() {
    this.log?.stop();
    this.log = null;
    this.task = null;
    this.section.hidden = true;
    setHTML(this.section, '');
  }

  taskRecord(run) {
    return (run.tasks ?? []).find((t) => String(t.id) === this.task) ?? null;
  }

  build() {
    this.log?.stop();
    const runId = this.run.id;
    const type = (this.run.graph?.nodes ?? []).find((n) => String(n.id) === this.task)?.type;
    setHTML(this.section, html`
      <div class="panel-head">
        <h2 id="task-title" tabindex="-1">Task <code>${this.task}</code></h2>
        <span id="task-state" class="state state-pending">pending</span>
        <a class="close-panel" href="/runs/${encodeURIComponent(runId)}">Close<span class="visually-hidden"> task ${this.task}</span></a>
      </div>
      ${type ? html`<p class="muted small">Type <code>${type}</code></p>` : ''}
      <div id="task-facts"></div>
      <div id="task-error-wrap" hidden><h3>Error</h3><pre id="task-error" class="error-text"></pre></div>
      <h3>Attempts</h3><div id="task-attempts"></div>
      <h3>Outputs</h3><div id="task-outputs-wrap"></div>
      <div class="log-head"><h3 id="log-title">Log</h3>
        <label for="attempt-select">Attempt</label> <select id="attempt-select"></select>
        <span id="log-status" class="muted small" role="status"></span></div>
      <pre id="log" tabindex="0" aria-labelledby="log-title"></pre>`);
    this.log = new LogView(this.section.querySelector('#log'), this.section.querySelector('#log-status'), {
      signal: this.signal, onEnd: (status) => this.onAttemptEnd?.(status),
    });
    this.section.querySelector('#attempt-select').addEventListener('change', (ev) => {
      const base = `/runs/${encodeURIComponent(runId)}/tasks/${encodeURIComponent(this.task)}`;
      this.navigate(`${base}?attempt=${encodeURIComponent(ev.target.value)}`, { replace: true });
    });
  }

  /** Live state from a `task` event, before the run is fetched again. */
  setState(state) {
    const el = this.section.querySelector('#task-state');
    if (!el) return;
    el.className = stateClass(state);
    el.textContent = stateLabel(state);
  }

  /** Re-renders everything but the log, and switches the log when the selected attempt changes. */
  refresh(run) {
    this.run = run;
    const t = this.taskRecord(run);
    const history = [...(t?.attempt_history ?? [])].sort((a, b) => a.attempt - b.attempt);
    const latest = Math.max(t?.attempts ?? 0, history.length ? history[history.length - 1].attempt : 0);
    const attempt = this.requested || latest;
    this.setState(t?.state ?? 'pending');
    setHTML(this.section.querySelector('#task-facts'), html`<dl class="facts">
      <div><dt>Attempts</dt><dd>${t?.attempts ?? 0}</dd></div>
      <div><dt>Started</dt><dd>${timeHTML(t?.started_at)}</dd></div>
      <div><dt>Ended</dt><dd>${timeHTML(t?.ended_at)}</dd></div>
      <div><dt>Duration</dt><dd>${formatDuration(t?.duration_ms)}</dd></div>
      <div><dt>Exit code</dt><dd>${t?.exit_code ?? '—'}</dd></div>
    </dl>`);
    const errorWrap = this.section.querySelector('#task-error-wrap');
    errorWrap.hidden = !t?.error;
    this.section.querySelector('#task-error').textContent = t?.error ?? '';
    setHTML(this.section.querySelector('#task-attempts'), attemptsTableHTML(run.id, this.task, history, attempt));
    setHTML(this.section.querySelector('#task-outputs-wrap'), outputsHTML(t?.outputs));
    const numbers = new Set(history.map((a) => a.attempt));
    for (let i = 1; i <= latest; i++) numbers.add(i);
    if (attempt) numbers.add(attempt);
    const statusOf = new Map(history.map((a) => [a.attempt, a.status]));
    const select = this.section.querySelector('#attempt-select');
    setHTML(select, [...numbers].sort((a, b) => a - b).map((n) => html`<option value="${n}"${n === attempt ? ' selected' : ''}>${n}${statusOf.has(n) ? ` (${statusOf.get(n)})` : ''}</option>`));
    select.disabled = numbers.size === 0;
    this.log.show(run.id, this.task, attempt).catch(reportError);
  }

  focus() {
    const title = this.section.querySelector('#task-title');
    this.section.scrollIntoView({ block: 'start', behavior: 'auto' });
    title?.focus({ preventScroll: true });
  }

  destroy() { this.log?.stop(); }
}
