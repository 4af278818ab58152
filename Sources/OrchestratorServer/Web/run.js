// One run (/runs/{id}), with the task panel open on /runs/{id}/tasks/{task}: header with status,
// times, params, Retry/Cancel; the DAG coloured by task state; the Gantt of attempts; a task
// table. Live from /api/v1/events: task events recolour nodes at once, and the run is fetched
// again (debounced) for the times, attempts and the header.
import { apiPath, get, post, subscribeEvents } from './api.js';
import { layout, renderDag, setTaskState, updateDagStates } from './dag.js';
import { html, reportError, setHTML, showMessage, whileBusy } from './dom.js';
import { ATTEMPT_STATES, FINISHED_RUN_STATES, formatDuration, runDuration, stateBadge, stateClass,
  stateLabel, timeHTML, valueText } from './format.js';
import { renderGantt } from './gantt.js';
import { TaskPanel } from './task.js';

function summaryHTML(run) {
  return html`<dl class="facts">
    <div><dt>Workflow</dt><dd><a href="/workflows/${encodeURIComponent(run.workflow)}">${run.workflow}</a></dd></div>
    <div><dt>Trigger</dt><dd>${run.trigger ?? '—'}</dd></div>
    <div><dt>Logical date</dt><dd>${timeHTML(run.logical_date)}</dd></div>
    <div><dt>Queued</dt><dd>${timeHTML(run.queued_at)}</dd></div>
    <div><dt>Started</dt><dd>${timeHTML(run.started_at)}</dd></div>
    <div><dt>Ended</dt><dd>${timeHTML(run.ended_at)}</dd></div>
    <div><dt>Duration</dt><dd>${runDuration(run)}</dd></div>
    ${run.workflow_hash ? html`<div><dt>Workflow version</dt><dd><code title="${run.workflow_hash}">${String(run.workflow_hash).slice(0, 12)}</code></dd></div>` : ''}
  </dl>
  ${run.error ? html`<div class="run-error"><h2>Error</h2><pre id="run-error" class="error-text">${run.error}</pre></div>` : ''}`;
}

function paramsHTML(params) {
  const entries = Object.entries(params ?? {});
  if (!entries.length) return html`<p class="muted">No params.</p>`;
  return html`<div class="table-wrap"><table id="run-params" class="data kv">
    <thead><tr><th scope="col">Name</th><th scope="col">Value</th></tr></thead>
    <tbody>${entries.map(([k, v]) => html`<tr><th scope="row"><code>${k}</code></th><td><code class="value">${valueText(v)}</code></td></tr>`)}</tbody>
  </table></div>`;
}

function taskRowHTML(runId, t) {
  return html`<tr data-task="${t.id}" data-state="${t.state}">
    <th scope="row"><a href="/runs/${encodeURIComponent(runId)}/tasks/${encodeURIComponent(t.id)}">${t.id}</a></th>
    <td class="task-state">${stateBadge(t.state)}</td>
    <td class="num task-attempts">${t.attempts ?? 0}</td>
    <td>${timeHTML(t.started_at)}</td>
    <td class="num">${formatDuration(t.duration_ms)}</td>
    <td class="error-cell">${t.error ?? ''}</td>
  </tr>`;
}

const legendHTML = (states) => html`<ul class="legend" aria-label="Colour key">${states.map((s) => html`<li>${stateBadge(s)}</li>`)}</ul>`;

/** Tasks of the run in graph order, with a pending record for a task the run has not touched. */
function taskList(run, order) {
  const byId = new Map((run.tasks ?? []).map((t) => [String(t.id), t]));
  const ids = [...order];
  for (const id of byId.keys()) if (!ids.includes(id)) ids.push(id);
  return ids.map((id) => byId.get(id) ?? { id, state: 'pending', attempts: 0 });
}

export async function runPage(ctx) {
  const runId = ctx.params.run;
  let run = await get(apiPath('runs', runId), null, { signal: ctx.signal });
  const graph = run.graph ?? { nodes: [], edges: [] };
  const positions = layout(graph).nodes;
  const order = positions.slice().sort((a, b) => a.layer - b.layer || a.order - b.order).map((n) => n.id);
  let taskId = ctx.params.task ?? null;

  setHTML(ctx.main, html`
    <nav class="crumbs" aria-label="Breadcrumb"><a href="/runs">Runs</a> <span aria-hidden="true">›</span>
      <a href="/workflows/${encodeURIComponent(run.workflow)}">${run.workflow}</a> <span aria-hidden="true">›</span></nav>
    <header class="page-head">
      <h1>Run <span class="mono">${run.id}</span></h1>
      <span id="run-status" class="${stateClass(run.status)}">${stateLabel(run.status)}</span>
      <span id="cancel-note" class="muted small" hidden>cancel requested</span>
      <div class="actions">
        <button type="button" id="retry-button" hidden>Retry</button>
        <button type="button" id="cancel-button" class="danger" hidden>Cancel</button>
      </div>
    </header>
    <section id="run-summary" aria-label="Run details"></section>
    <section aria-labelledby="params-title"><h2 id="params-title">Params</h2><div id="run-params-wrap"></div></section>
    <section aria-labelledby="graph-title"><h2 id="graph-title">Graph</h2>
      <p class="muted small">Select a task (click, or Tab to it and press Enter) to see its attempts and log.</p>
      <div class="dag-wrap"><svg id="dag" xmlns="http://www.w3.org/2000/svg"></svg></div>
      ${legendHTML(['pending', 'queued', 'running', 'succeeded', 'failed', 'up_for_retry', 'upstream_failed', 'skipped', 'cancelled', 'interrupted'])}
    </section>
    <section id="task-panel" class="panel" aria-labelledby="task-title" hidden></section>
    <section aria-labelledby="gantt-title"><h2 id="gantt-title">Timeline</h2>
      <div class="gantt-wrap"><svg id="gantt" xmlns="http://www.w3.org/2000/svg"></svg></div>
      ${legendHTML(ATTEMPT_STATES)}
    </section>
    <section aria-labelledby="tasks-title"><h2 id="tasks-title">Tasks</h2>
      <div class="table-wrap"><table id="tasks-table" class="data">
        <thead><tr><th scope="col">Task</th><th scope="col">State</th><th scope="col" class="num">Attempts</th>
          <th scope="col">Started</th><th scope="col" class="num">Duration</th><th scope="col">Error</th></tr></thead>
        <tbody></tbody></table></div>
    </section>`);

  const $ = (sel) => ctx.main.querySelector(sel);
  const dag = $('#dag');
  const gantt = $('#gantt');
  const statusEl = $('#run-status');
  const retry = $('#retry-button');
  const cancel = $('#cancel-button');
  const tbody = $('#tasks-table tbody');
  const taskUrl = (id) => `/runs/${encodeURIComponent(runId)}/tasks/${encodeURIComponent(id)}`;
  const select = (id) => { focusPanel = true; ctx.navigate(taskUrl(id)); };
  let focusPanel = false;

  const states = () => new Map(taskList(run, order).map((t) => [String(t.id), t.state]));
  const current = states();
  renderDag(dag, graph, {
    label: `Task graph of run ${run.id}`,
    onSelect: select,
    info: (id) => ({ state: current.get(id) ?? 'pending', selected: id === taskId }),
  });

  let ganttTimer = null;
  const drawGantt = () => {
    const model = renderGantt(gantt, run, { order, onSelect: select });
    if (model.running && !ganttTimer) ganttTimer = setInterval(drawGantt, 2000);
    else if (!model.running && ganttTimer) { clearInterval(ganttTimer); ganttTimer = null; }
  };
  ctx.signal.addEventListener('abort', () => { if (ganttTimer) clearInterval(ganttTimer); });

  const setStatus = (status) => {
    statusEl.className = stateClass(status);
    statusEl.textContent = stateLabel(status);
    const finished = FINISHED_RUN_STATES.has(status);
    retry.hidden = !finished;
    cancel.hidden = !(status === 'queued' || status === 'running');
  };

  const renderRun = () => {
    setStatus(run.status);
    $('#cancel-note').hidden = !run.cancel_requested || FINISHED_RUN_STATES.has(run.status);
    setHTML($('#run-summary'), summaryHTML(run));
    setHTML($('#run-params-wrap'), paramsHTML(run.params));
    updateDagStates(dag, states(), { selected: taskId ?? '' });
    drawGantt();
    const tasks = taskList(run, order);
    const rows = new Map([...tbody.rows].map((tr) => [tr.dataset.task, tr]));
    if (rows.size !== tasks.length || tasks.some((t) => !rows.has(String(t.id)))) {
      setHTML(tbody, tasks.map((t) => taskRowHTML(run.id, t)));
    } else {
      // Same tasks: replace the cells but not the rows, so focus on a task link survives.
      for (const t of tasks) {
        const tr = rows.get(String(t.id));
        const fresh = document.createElement('tbody');
        setHTML(fresh, taskRowHTML(run.id, t));
        const cells = fresh.firstElementChild.cells;
        tr.dataset.state = t.state;
        for (let i = 1; i < cells.length; i++) tr.cells[i].replaceWith(cells[i].cloneNode(true));
      }
    }
  };

  const panel = new TaskPanel($('#task-panel'), {
    signal: ctx.signal, navigate: ctx.navigate, onAttemptEnd: () => scheduleRefetch(0),
  });
  ctx.signal.addEventListener('abort', () => panel.destroy());

  const openPanel = (query) => {
    if (!taskId) { panel.hide(); return; }
    const attempt = Number.parseInt(query.get('attempt') ?? '', 10);
    panel.show(run, taskId, Number.isFinite(attempt) && attempt > 0 ? attempt : null);
    ctx.setTitle(`Task ${taskId} · Run ${run.id}`);
  };

  let refetchTimer = null;
  let refetching = null;
  const refetch = async () => {
    refetchTimer = null;
    if (refetching) { scheduleRefetch(300); return; }
    try {
      refetching = get(apiPath('runs', runId), null, { signal: ctx.signal });
      run = await refetching;
      renderRun();
      if (taskId) panel.refresh(run);
    } catch (e) {
      reportError(e);
    } finally {
      refetching = null;
    }
  };
  function scheduleRefetch(delay = 400) {
    if (ctx.signal.aborted) return;
    if (refetchTimer) clearTimeout(refetchTimer);
    refetchTimer = setTimeout(refetch, delay);
  }
  ctx.signal.addEventListener('abort', () => { if (refetchTimer) clearTimeout(refetchTimer); });

  retry.addEventListener('click', () => whileBusy(retry, async () => {
    const result = await post(apiPath('runs', runId, 'retry'), undefined, { signal: ctx.signal });
    const next = result?.run ?? result;
    if (next?.id !== undefined && String(next.id) !== String(runId)) {
      ctx.navigate(`/runs/${encodeURIComponent(next.id)}`);
    } else {
      showMessage(`Run ${runId} will be retried.`, 'info');
      scheduleRefetch(0);
    }
  }));
  cancel.addEventListener('click', () => whileBusy(cancel, async () => {
    const result = await post(apiPath('runs', runId, 'cancel'), undefined, { signal: ctx.signal });
    showMessage(`Cancel requested for run ${runId} (it was ${stateLabel(result?.status ?? run.status)}).`, 'info');
    scheduleRefetch(0);
  }));

  ctx.setTitle(`Run ${run.id}`);
  renderRun();
  openPanel(ctx.query);
  if (taskId) panel.focus();

  subscribeEvents({
    signal: ctx.signal,
    onError: reportError,
    onEvent(type, data) {
      if (!data) return;
      if (type === 'task' && String(data.run) === String(runId)) {
        const id = String(data.task);
        setTaskState(dag, id, data.state);
        const tr = [...tbody.rows].find((r) => r.dataset.task === id);
        if (tr) {
          tr.dataset.state = data.state;
          setHTML(tr.querySelector('.task-state'), stateBadge(data.state));
          if (data.attempts !== undefined) tr.querySelector('.task-attempts').textContent = String(data.attempts);
        }
        if (id === taskId) panel.setState(data.state);
        scheduleRefetch();
      } else if (type === 'run' && String(data.id) === String(runId)) {
        if (data.status) setStatus(data.status);
        scheduleRefetch(100);
      }
    },
    poll: () => refetch(),
  });

  return {
    /** Another task (or attempt) of the same run: swap the panel, keep the page. */
    update(next) {
      if (String(next.params.run) !== String(runId)) return false;
      const previous = taskId;
      taskId = next.params.task ?? null;
      updateDagStates(dag, {}, { selected: taskId ?? '' });
      openPanel(next.query);
      if (!taskId) ctx.setTitle(`Run ${run.id}`);
      if (taskId && (focusPanel || taskId !== previous)) panel.focus();
      if (!taskId && previous) {
        const node = [...dag.querySelectorAll('g.node')].find((g) => g.getAttribute('data-task') === previous);
        node?.focus();
      }
      focusPanel = false;
      return true;
    },
  };
}
