// The workflows list (/) and one workflow's page (/workflows/{name}), with the pause/resume
// toggle and the trigger form they share.
import { apiPath, get, post, subscribeEvents } from './api.js';
import { renderDag } from './dag.js';
import { html, reportError, rowFromHTML, setHTML, whileBusy } from './dom.js';
import { formatRelative, stateClass, stateLabel, timeHTML } from './format.js';
import { RunsTable } from './runs.js';

const STRIP_LENGTH = 20;

function scheduleHTML(w) {
  if (!w.schedule && !w.schedule_expression) return html`<span class="muted">manual only</span>`;
  const words = w.schedule || w.schedule_expression;
  const tz = w.timezone && !words.includes(w.timezone) ? w.timezone : '';
  return html`<span title="${w.schedule_expression || ''}">${words}</span>${tz ? html` <span class="muted">(${tz})</span>` : ''}`;
}

function nextDueHTML(w) {
  if (!w.next_due) return html`<span class="muted">—</span>`;
  return html`${timeHTML(w.next_due)} <span class="muted small">${formatRelative(w.next_due)}</span>`;
}

function pausedHTML(w) {
  return w.paused ? html`<span class="paused-state is-paused">paused</span>`
    : html`<span class="paused-state is-active">active</span>`;
}

function squareHTML(r) {
  const title = `Run ${r.id}: ${stateLabel(r.status)}${r.logical_date ? ` (logical date ${r.logical_date})` : ''}`;
  return html`<li><a class="${stateClass(r.status)}" data-run="${r.id}" href="/runs/${encodeURIComponent(r.id)}" title="${title}"><span class="visually-hidden">${stateLabel(r.status)} (run ${r.id})</span></a></li>`;
}

/** The last runs, oldest on the left (the API lists them newest first). */
function stripHTML(w) {
  const recent = (w.recent ?? []).slice(0, STRIP_LENGTH).reverse();
  if (recent.length === 0) return html`<span class="muted">no runs yet</span>`;
  return html`<ol class="strip" aria-label="${`Last ${recent.length} runs of ${w.name}, oldest first`}">${recent.map(squareHTML)}</ol>`;
}

function pauseButtonHTML(w) {
  return html`<button type="button" class="pause-toggle" aria-pressed="${w.paused ? 'true' : 'false'}" title="${`${w.paused ? 'Resume' : 'Pause'} ${w.name}`}">${w.paused ? 'Resume' : 'Pause'}</button>`;
}

function rowHTML(w) {
  return html`<tr data-workflow="${w.name}" data-paused="${w.paused ? 'true' : 'false'}">
    <th scope="row"><a href="/workflows/${encodeURIComponent(w.name)}">${w.name}</a>${w.description ? html`<div class="muted small description">${w.description}</div>` : ''}</th>
    <td class="schedule">${scheduleHTML(w)}</td>
    <td class="next-due">${nextDueHTML(w)}</td>
    <td class="recent">${stripHTML(w)}</td>
    <td class="paused">${pausedHTML(w)}</td>
    <td class="actions"><div class="buttons">${pauseButtonHTML(w)} <button type="button" class="trigger" aria-expanded="false" title="${`Trigger ${w.name}`}">Trigger</button></div></td>
  </tr>`;
}

/** Updates the strip of the workflow's row from a run event (new run appended, known run restyled). */
function applyRunToStrip(container, run) {
  const row = [...container.querySelectorAll('tr[data-workflow]')].find((tr) => tr.dataset.workflow === run.workflow);
  if (!row) return;
  const cell = row.querySelector('td.recent');
  let strip = cell.querySelector('ol.strip');
  const existing = strip && [...strip.querySelectorAll('a[data-run]')].find((a) => a.dataset.run === String(run.id));
  const li = document.createElement('ol');
  setHTML(li, squareHTML(run));
  const item = li.firstElementChild;
  if (existing) { existing.parentElement.replaceWith(item); return; }
  if (!strip) {
    setHTML(cell, html`<ol class="strip" aria-label="${`Last runs of ${run.workflow}, oldest first`}"></ol>`);
    strip = cell.querySelector('ol.strip');
  }
  strip.append(item);
  while (strip.children.length > STRIP_LENGTH) strip.firstElementChild.remove();
}

// ---- Pause/resume and trigger (shared by both pages) ----

/** Pauses or resumes `w` on the server; returns the new paused value. */
async function togglePause(w, signal) {
  const action = w.paused ? 'unpause' : 'pause';
  const result = await post(apiPath('workflows', w.name, action), undefined, { signal });
  return Boolean(result?.paused);
}

function setPauseButton(button, w) {
  button.textContent = w.paused ? 'Resume' : 'Pause';
  button.setAttribute('aria-pressed', w.paused ? 'true' : 'false');
  button.title = `${w.paused ? 'Resume' : 'Pause'} ${w.name}`;
}

function triggerFormHTML(w) {
  const params = w.params ?? [];
  return html`<form class="trigger-form" data-workflow="${w.name}">
    <fieldset>
      <legend>Trigger <strong>${w.name}</strong></legend>
      ${params.length === 0 ? html`<p class="muted">This workflow takes no parameters.</p>` : ''}
      <div class="param-grid">
      ${params.map((p, i) => html`<label for="${`param-${w.name}-${i}`}">${p.name}</label>
        <input id="${`param-${w.name}-${i}`}" name="${p.name}" value="${p.default ?? ''}" placeholder="${p.default === null || p.default === undefined ? 'no default' : ''}" spellcheck="false">`)}
      </div>
      <div class="buttons">
        <button type="submit" class="trigger-submit primary">Start run</button>
        <button type="button" class="trigger-cancel">Cancel</button>
      </div>
    </fieldset>
  </form>`;
}

/** The params to send: every field, except empty ones whose param has no default. */
export function collectParams(form, params) {
  const withDefault = new Set((params ?? []).filter((p) => p.default !== null && p.default !== undefined).map((p) => p.name));
  const out = {};
  for (const [name, value] of new FormData(form)) {
    if (value === '' && !withDefault.has(name)) continue;
    out[name] = String(value);
  }
  return out;
}

/** Wires a trigger form: POSTs the run and goes to it on 202; errors (e.g. 409) go to #message verbatim. */
function wireTriggerForm(form, w, ctx, onClose) {
  const submit = form.querySelector('button.trigger-submit');
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    whileBusy(submit, async () => {
      const body = { params: collectParams(form, w.params) };
      const result = await post(apiPath('workflows', w.name, 'runs'), body, { signal: ctx.signal });
      const run = result?.run ?? result;
      ctx.navigate(`/runs/${encodeURIComponent(run.id)}`);
    });
  });
  form.querySelector('button.trigger-cancel').addEventListener('click', onClose);
  form.addEventListener('keydown', (ev) => { if (ev.key === 'Escape') { ev.preventDefault(); onClose(); } });
  (form.querySelector('input') || submit).focus();
}

// ---- / ----

export async function workflowsPage(ctx) {
  ctx.setTitle('Workflows');
  const byName = new Map();
  const load = async () => {
    const data = await get('/api/v1/workflows', null, { signal: ctx.signal });
    const list = data?.workflows ?? [];
    byName.clear();
    for (const w of list) byName.set(w.name, w);
    return list;
  };
  const list = await load();
  setHTML(ctx.main, html`
    <h1>Workflows</h1>
    <div class="table-wrap">
      <table id="workflows-table" class="data">
        <thead><tr><th scope="col">Workflow</th><th scope="col">Schedule</th><th scope="col">Next due</th>
          <th scope="col">Recent runs</th><th scope="col">State</th><th scope="col">Actions</th></tr></thead>
        <tbody>${list.length ? list.map(rowHTML) : html`<tr class="empty"><td colspan="6">No workflows are loaded.</td></tr>`}</tbody>
      </table>
    </div>`);
  const table = ctx.main.querySelector('#workflows-table');
  const tbody = table.tBodies[0];

  const closeTrigger = (row) => {
    const next = row.nextElementSibling;
    if (next?.classList.contains('trigger-row')) next.remove();
    const button = row.querySelector('button.trigger');
    button.setAttribute('aria-expanded', 'false');
    button.focus();
  };

  table.addEventListener('click', (ev) => {
    const button = ev.target.closest('button');
    if (!button) return;
    const row = button.closest('tr[data-workflow]');
    const w = row && byName.get(row.dataset.workflow);
    if (!w) return;
    if (button.classList.contains('pause-toggle')) {
      whileBusy(button, async () => {
        w.paused = await togglePause(w, ctx.signal);
        row.dataset.paused = String(w.paused);
        setPauseButton(button, w);
        setHTML(row.querySelector('td.paused'), pausedHTML(w));
        const fresh = await get(apiPath('workflows', w.name), null, { signal: ctx.signal });
        Object.assign(w, fresh);
        setHTML(row.querySelector('td.next-due'), nextDueHTML(w));
      });
    } else if (button.classList.contains('trigger')) {
      if (button.getAttribute('aria-expanded') === 'true') { closeTrigger(row); return; }
      const formRow = rowFromHTML(html`<tr class="trigger-row"><td colspan="6">${triggerFormHTML(w)}</td></tr>`);
      row.after(formRow);
      button.setAttribute('aria-expanded', 'true');
      wireTriggerForm(formRow.querySelector('form'), w, ctx, () => closeTrigger(row));
    }
  });

  subscribeEvents({
    signal: ctx.signal,
    onError: reportError,
    onEvent(type, data) { if (type === 'run' && data?.workflow) applyRunToStrip(tbody, data); },
    poll: async () => {
      await load();
      for (const w of byName.values()) {
        const row = [...tbody.querySelectorAll('tr[data-workflow]')].find((tr) => tr.dataset.workflow === w.name);
        if (row) setHTML(row.querySelector('td.recent'), stripHTML(w));
      }
    },
  });
  return {};
}

// ---- /workflows/{name} ----

function factsHTML(w) {
  return html`<dl class="facts">
    <div><dt>File</dt><dd><code>${w.file}</code></dd></div>
    <div><dt>Schedule</dt><dd>${scheduleHTML(w)}</dd></div>
    ${w.schedule_expression ? html`<div><dt>Expression</dt><dd><code>${w.schedule_expression}</code></dd></div>` : ''}
    ${w.timezone ? html`<div><dt>Time zone</dt><dd>${w.timezone}</dd></div>` : ''}
    <div><dt>Next due</dt><dd class="next-due">${nextDueHTML(w)}</dd></div>
    <div><dt>State</dt><dd class="paused">${pausedHTML(w)}</dd></div>
    <div><dt>Tasks</dt><dd>${w.task_count ?? '—'}</dd></div>
    <div><dt>Last run</dt><dd>${w.last_run ? html`<a href="/runs/${encodeURIComponent(w.last_run.id)}">${w.last_run.id}</a> <span class="${stateClass(w.last_run.status)}">${stateLabel(w.last_run.status)}</span>` : html`<span class="muted">none</span>`}</dd></div>
  </dl>`;
}

export async function workflowPage(ctx) {
  const name = ctx.params.name;
  ctx.setTitle(`Workflow ${name}`);
  const path = apiPath('workflows', name);
  const [w, graph, runs] = await Promise.all([
    get(path, null, { signal: ctx.signal }),
    get(`${path}/graph`, null, { signal: ctx.signal }),
    get('/api/v1/runs', { workflow: name, limit: 20 }, { signal: ctx.signal }),
  ]);
  const types = new Map((graph?.nodes ?? []).map((n) => [String(n.id), n.type]));
  setHTML(ctx.main, html`
    <nav class="crumbs" aria-label="Breadcrumb"><a href="/">Workflows</a> <span aria-hidden="true">›</span></nav>
    <header class="page-head" data-workflow="${w.name}">
      <h1>${w.name}</h1>
      <div class="actions">${pauseButtonHTML(w)} <button type="button" class="trigger" aria-expanded="false" aria-controls="trigger-area">Trigger</button></div>
    </header>
    ${w.description ? html`<p class="description">${w.description}</p>` : ''}
    <div id="trigger-area"></div>
    <section aria-labelledby="facts-title"><h2 id="facts-title" class="visually-hidden">Details</h2><div id="workflow-facts">${factsHTML(w)}</div></section>
    ${(w.params ?? []).length ? html`<section aria-labelledby="params-title"><h2 id="params-title">Params</h2>
      <div class="table-wrap"><table class="data kv" id="workflow-params"><thead><tr><th scope="col">Name</th><th scope="col">Default</th></tr></thead>
      <tbody>${w.params.map((p) => html`<tr><th scope="row"><code>${p.name}</code></th><td>${p.default === null || p.default === undefined ? html`<span class="muted">none (required)</span>` : html`<code>${p.default}</code>`}</td></tr>`)}</tbody></table></div></section>` : ''}
    <section aria-labelledby="graph-title"><h2 id="graph-title">Graph</h2>
      <div class="dag-wrap"><svg id="dag" xmlns="http://www.w3.org/2000/svg"></svg></div></section>
    <section aria-labelledby="runs-title"><h2 id="runs-title">Recent runs</h2>
      <div id="runs-area"></div>
      <p><a href="/runs?workflow=${encodeURIComponent(name)}">All runs of ${name}</a></p></section>`);

  renderDag(ctx.main.querySelector('#dag'), graph, {
    label: `Task graph of ${name}`,
    interactive: false,
    info: (id) => ({ subtitle: types.get(id) ?? '', title: `${id} (${types.get(id) ?? 'task'})` }),
  });

  const table = new RunsTable(ctx.main.querySelector('#runs-area'), { filters: { workflow: name }, showWorkflow: false });
  table.render(runs?.runs ?? []);

  const head = ctx.main.querySelector('header.page-head');
  const pause = head.querySelector('button.pause-toggle');
  const trigger = head.querySelector('button.trigger');
  const area = ctx.main.querySelector('#trigger-area');
  const refreshFacts = async () => {
    Object.assign(w, await get(path, null, { signal: ctx.signal }));
    setHTML(ctx.main.querySelector('#workflow-facts'), factsHTML(w));
    setPauseButton(pause, w);
  };
  pause.addEventListener('click', () => whileBusy(pause, async () => {
    w.paused = await togglePause(w, ctx.signal);
    setPauseButton(pause, w);
    await refreshFacts();
  }));
  const closeTrigger = () => { setHTML(area, ''); trigger.setAttribute('aria-expanded', 'false'); trigger.focus(); };
  trigger.addEventListener('click', () => {
    if (trigger.getAttribute('aria-expanded') === 'true') { closeTrigger(); return; }
    setHTML(area, triggerFormHTML(w));
    trigger.setAttribute('aria-expanded', 'true');
    wireTriggerForm(area.querySelector('form'), w, ctx, closeTrigger);
  });

  subscribeEvents({
    signal: ctx.signal,
    onError: reportError,
    onEvent(type, data) { if (type === 'run' && data?.workflow === name) table.upsert(data); },
    poll: async () => {
      table.loading();
      try {
        const fresh = await get('/api/v1/runs', { workflow: name, limit: 20 }, { signal: ctx.signal });
        table.render(fresh?.runs ?? []);
      } finally {
        table.pending = null;
      }
    },
  });
  return {};
}

