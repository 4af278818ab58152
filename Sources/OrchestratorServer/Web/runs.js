// The runs table component (also used on a workflow's page) and the /runs page: filters kept in
// the URL query, "Older" paging by next_cursor, and live rows from /api/v1/events on the first page.
import { get, subscribeEvents } from './api.js';
import { html, reportError, rowFromHTML, setHTML } from './dom.js';
import { compareIds, parseTime, RUN_STATES, runDuration, stateClass, stateLabel, timeHTML } from './format.js';

/** Whether a run belongs in a listing filtered by {workflow, status, since (ISO time)}. */
export function runMatches(run, filters = {}) {
  if (filters.workflow && run.workflow !== filters.workflow) return false;
  if (filters.status && run.status !== filters.status) return false;
  if (filters.since) {
    const since = parseTime(filters.since), queued = parseTime(run.queued_at);
    if (since && queued && queued < since) return false;
  }
  return true;
}

/** Newest first: by queued time, then id (the API's order). */
function newerFirst(a, b) {
  const ta = parseTime(a.queued_at)?.getTime() ?? 0, tb = parseTime(b.queued_at)?.getTime() ?? 0;
  return tb - ta || compareIds(b.id, a.id);
}

function runRowHTML(run, showWorkflow) {
  const id = encodeURIComponent(run.id);
  return html`<tr data-run="${run.id}" data-status="${run.status}" data-queued="${run.queued_at ?? ''}">
    <th scope="row"><a href="/runs/${id}">${run.id}</a></th>
    ${showWorkflow ? html`<td><a href="/workflows/${encodeURIComponent(run.workflow)}">${run.workflow}</a></td>` : ''}
    <td class="status"><span class="${stateClass(run.status)}"${run.error ? html` title="${run.error}"` : ''}>${stateLabel(run.status)}</span></td>
    <td>${run.trigger ?? ''}</td>
    <td>${timeHTML(run.logical_date)}</td>
    <td>${timeHTML(run.started_at)}</td>
    <td class="num">${runDuration(run)}</td>
  </tr>`;
}

/** A table of runs (`table#runs-table`, rows `tr[data-run]`) that live events can update. */
export class RunsTable {
  constructor(container, { filters = {}, showWorkflow = true } = {}) {
    this.container = container;
    this.filters = filters;
    this.showWorkflow = showWorkflow;
    this.live = true;
    this.pending = null;
  }

  /**
   * Marks a fetch as started: events arriving until `render` are kept and applied on top of the
   * fetched page, so none is lost in between.
   */
  loading() { this.pending = []; }

  render(runs) {
    this.runs = new Map(runs.map((r) => [String(r.id), r]));
    setHTML(this.container, html`<div class="table-wrap"><table id="runs-table" class="data">
      <thead><tr><th scope="col">Run</th>${this.showWorkflow ? html`<th scope="col">Workflow</th>` : ''}
        <th scope="col">Status</th><th scope="col">Trigger</th><th scope="col">Logical date</th>
        <th scope="col">Started</th><th scope="col" class="num">Duration</th></tr></thead>
      <tbody>${runs.map((r) => runRowHTML(r, this.showWorkflow))}</tbody>
    </table></div>
    <p class="empty-note muted"${runs.length ? ' hidden' : ''}>No runs match.</p>`);
    this.tbody = this.container.querySelector('tbody');
    const pending = this.pending ?? [];
    this.pending = null;
    for (const run of pending) this.upsert(run);
  }

  /** Updates, inserts (in order) or removes the run's row, following the filters. */
  upsert(run) {
    if (this.pending) { this.pending.push(run); return; }
    if (!this.tbody || !this.live || run?.id === undefined) return;
    const key = String(run.id);
    const existing = [...this.tbody.rows].find((tr) => tr.dataset.run === key);
    const matches = runMatches(run, this.filters);
    if (!matches) {
      if (existing) { existing.remove(); this.runs.delete(key); }
    } else {
      const merged = { ...(this.runs.get(key) ?? {}), ...run };
      this.runs.set(key, merged);
      const row = rowFromHTML(runRowHTML(merged, this.showWorkflow));
      if (existing) existing.replaceWith(row);
      else {
        const before = [...this.tbody.rows].find((tr) => newerFirst(merged, this.runs.get(tr.dataset.run) ?? {}) < 0);
        this.tbody.insertBefore(row, before ?? null);
      }
    }
    const note = this.container.querySelector('.empty-note');
    if (note) note.hidden = this.tbody.rows.length > 0;
  }
}

/** The API's `since` from the URL's: a bare date means local midnight of that day. */
export function sinceToISO(value) {
  if (!value) return '';
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (m) return new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3])).toISOString();
  const d = parseTime(value);
  return d ? d.toISOString() : value;
}

function filtersFrom(query) {
  return {
    workflow: query.get('workflow') || '',
    status: query.get('status') || '',
    since: query.get('since') || '',
    cursor: query.get('cursor') || '',
  };
}

function queryFor(f) {
  const q = new URLSearchParams();
  for (const k of ['workflow', 'status', 'since', 'cursor']) if (f[k]) q.set(k, f[k]);
  const s = q.toString();
  return s ? `/runs?${s}` : '/runs';
}

function options(values, selected, allLabel) {
  const list = [...values];
  if (selected && !list.includes(selected)) list.push(selected);
  return html`<option value="">${allLabel}</option>${list.map((v) => html`<option value="${v}"${v === selected ? ' selected' : ''}>${v}</option>`)}`;
}

export async function runsPage(ctx) {
  ctx.setTitle('Runs');
  let filters = filtersFrom(ctx.query);
  let nextCursor = null;
  let workflowNames = [];

  setHTML(ctx.main, html`
    <h1>Runs</h1>
    <form id="filters" class="filters" role="search" aria-label="Filter runs">
      <div><label for="filter-workflow">Workflow</label>
        <select id="filter-workflow" name="workflow">${options([], filters.workflow, 'All workflows')}</select></div>
      <div><label for="filter-status">Status</label>
        <select id="filter-status" name="status">${options(RUN_STATES, filters.status, 'Any status')}</select></div>
      <div><label for="filter-since">Queued since</label>
        <input id="filter-since" name="since" type="date" value="${/^\d{4}-\d{2}-\d{2}/.exec(filters.since)?.[0] ?? ''}"></div>
      <div class="filter-actions"><a href="/runs" id="clear-filters">Clear filters</a></div>
    </form>
    <div id="runs-area"><p class="loading">Loading…</p></div>
    <nav class="pager" aria-label="Pages">
      <a href="/runs" id="first-page" hidden>Newest</a>
      <button type="button" id="next-page" hidden>Older</button>
    </nav>`);
  const form = ctx.main.querySelector('#filters');
  const workflowSelect = form.querySelector('#filter-workflow');
  const statusSelect = form.querySelector('#filter-status');
  const sinceInput = form.querySelector('#filter-since');
  const nextButton = ctx.main.querySelector('#next-page');
  const firstLink = ctx.main.querySelector('#first-page');
  const table = new RunsTable(ctx.main.querySelector('#runs-area'));

  const syncControls = () => {
    setHTML(workflowSelect, options(workflowNames, filters.workflow, 'All workflows'));
    statusSelect.value = filters.status;
    sinceInput.value = /^\d{4}-\d{2}-\d{2}/.exec(filters.since)?.[0] ?? '';
    const base = { ...filters, cursor: '' };
    firstLink.href = queryFor(base);
    firstLink.hidden = !filters.cursor;
  };

  let loadSeq = 0;
  const load = async () => {
    const seq = ++loadSeq;
    const since = sinceToISO(filters.since);
    table.filters = { workflow: filters.workflow, status: filters.status, since };
    table.live = !filters.cursor;
    table.loading();
    let data;
    try {
      data = await get('/api/v1/runs', {
        workflow: filters.workflow, status: filters.status, since, cursor: filters.cursor, limit: 50,
      }, { signal: ctx.signal });
    } catch (e) {
      if (seq === loadSeq) table.pending = null;
      throw e;
    }
    if (seq !== loadSeq) return;
    table.render(data?.runs ?? []);
    nextCursor = data?.next_cursor ?? null;
    nextButton.hidden = !nextCursor;
  };

  form.addEventListener('change', () => {
    const f = { workflow: workflowSelect.value, status: statusSelect.value, since: sinceInput.value, cursor: '' };
    ctx.navigate(queryFor(f));
  });
  form.addEventListener('submit', (ev) => ev.preventDefault());
  nextButton.addEventListener('click', () => {
    if (nextCursor) ctx.navigate(queryFor({ ...filters, cursor: nextCursor }));
  });

  syncControls();
  const names = get('/api/v1/workflows', null, { signal: ctx.signal }).then((data) => {
    workflowNames = (data?.workflows ?? []).map((w) => w.name);
    setHTML(workflowSelect, options(workflowNames, filters.workflow, 'All workflows'));
  }, reportError);
  await load();

  subscribeEvents({
    signal: ctx.signal,
    onError: reportError,
    onEvent(type, data) { if (type === 'run') table.upsert(data); },
    poll: () => { if (!filters.cursor) return load(); return null; },
  });

  return {
    async update(next) {
      filters = filtersFrom(next.query);
      syncControls();
      try { await load(); } catch (e) { reportError(e); }
      if (next.query.has('cursor')) window.scrollTo(0, 0);
      await names;
      return true;
    },
  };
}
