// The single-page shell: History API router, page dispatch, login and log-out.
//
// Every page is an async function (ctx) → instance. ctx = {main, params, query, signal, navigate,
// setTitle}; `signal` aborts when the user leaves the page (closing its event streams and
// timers). An instance may have update(ctx) → true to take a new URL of the same page in place
// (e.g. the runs filters, or another task of the same run) instead of being rendered anew.
import { clearToken, getToken, onUnauthorized } from './api.js';
import { clearMessage, html, reportError, setHTML, showMessage } from './dom.js';
import { renderLogin } from './login.js';
import { runsPage } from './runs.js';
import { runPage } from './run.js';
import { streamPage, streamsPage } from './streams.js';
import { workflowPage, workflowsPage } from './workflows.js';

const ROUTES = [
  { pattern: /^\/$/, keys: [], page: workflowsPage, nav: 'workflows' },
  { pattern: /^\/workflows\/([^/]+)$/, keys: ['name'], page: workflowPage, nav: 'workflows' },
  { pattern: /^\/runs$/, keys: [], page: runsPage, nav: 'runs' },
  { pattern: /^\/runs\/([^/]+)$/, keys: ['run'], page: runPage, nav: 'runs' },
  { pattern: /^\/runs\/([^/]+)\/tasks\/([^/]+)$/, keys: ['run', 'task'], page: runPage, nav: 'runs' },
  { pattern: /^\/streams$/, keys: [], page: streamsPage, nav: 'streams' },
  { pattern: /^\/streams\/([^/]+)$/, keys: ['stream'], page: streamPage, nav: 'streams' },
];

const main = document.getElementById('main');
const logoutLink = document.getElementById('logout-link');
let current = null;     // {route, instance, controller}
let loginReason = '';

function normalise(pathname) {
  return pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname;
}

function match(pathname) {
  const path = normalise(pathname);
  for (const route of ROUTES) {
    const m = route.pattern.exec(path);
    if (!m) continue;
    const params = {};
    try {
      route.keys.forEach((k, i) => { params[k] = decodeURIComponent(m[i + 1]); });
    } catch {
      return null;
    }
    return { route, params };
  }
  return null;
}

function setTitle(text) { document.title = `${text} — Orchestrator`; }

function markNav(nav) {
  for (const a of document.querySelectorAll('#nav a[data-nav]')) {
    if (a.dataset.nav === nav) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
}

function leave() {
  if (current) current.controller.abort();
  current = null;
}

/** Goes to `path` (pushing a history entry unless `replace`) and renders it. */
export function navigate(path, { replace = false } = {}) {
  if (replace) history.replaceState(null, '', path);
  else history.pushState(null, '', path);
  render({ moved: !replace });
}

function showLogin() {
  leave();
  logoutLink.hidden = true;
  markNav(null);
  if (!main.querySelector('#login-form')) renderLogin(main, { onToken: () => { loginReason = ''; clearMessage(); render({}); } });
  if (loginReason) showMessage(loginReason, 'error');
}

async function render({ moved = false } = {}) {
  const url = new URL(location.href);
  if (!getToken()) { showLogin(); return; }
  logoutLink.hidden = false;
  const found = match(url.pathname);
  clearMessage();
  if (current && found && current.route === found.route && current.instance?.update) {
    const ctx = { ...current.ctx, params: found.params, query: url.searchParams };
    let taken = false;
    try { taken = await current.instance.update(ctx); } catch (e) { reportError(e); taken = true; }
    if (taken) { current.ctx = ctx; return; }
  }
  leave();
  if (!found) {
    markNav(null);
    setTitle('Not found');
    setHTML(main, html`<h1>Not found</h1><p>There is no page at <code>${url.pathname}</code>.</p><p><a href="/">Workflows</a></p>`);
    return;
  }
  markNav(found.route.nav);
  const controller = new AbortController();
  const ctx = { main, params: found.params, query: url.searchParams, signal: controller.signal, navigate, setTitle };
  const entry = { route: found.route, controller, ctx, instance: null };
  current = entry;
  setHTML(main, html`<p class="loading">Loading…</p>`);
  if (moved) { window.scrollTo(0, 0); main.focus({ preventScroll: true }); }
  try {
    entry.instance = (await found.route.page(ctx)) || null;
  } catch (e) {
    if (controller.signal.aborted) return;
    reportError(e);
    if (e.status !== 401 && main.querySelector('.loading')) {
      setHTML(main, html`<h1>Could not load this page</h1><p class="error-text">${e.message || String(e)}</p>
        <p><button type="button" id="reload-button">Try again</button></p>`);
      main.querySelector('#reload-button').addEventListener('click', () => render({}));
    }
  }
}

onUnauthorized((err) => {
  clearToken();
  loginReason = err.code === 'no_token' ? '' : `The server refused the token (${err.status}): ${err.message}`;
  showLogin();
});

logoutLink.addEventListener('click', (ev) => {
  ev.preventDefault();
  clearToken();
  loginReason = '';
  showLogin();
  showMessage('Logged out.', 'info');
});

document.addEventListener('click', (ev) => {
  if (ev.defaultPrevented || ev.button !== 0 || ev.metaKey || ev.ctrlKey || ev.shiftKey || ev.altKey) return;
  const a = ev.target.closest?.('a[href]');
  if (!a || a.id === 'logout-link' || (a.target && a.target !== '_self') || a.hasAttribute('download')) return;
  const url = new URL(a.href, location.href);
  if (url.origin !== location.origin) return;
  if (url.hash && url.pathname === location.pathname && url.search === location.search) return;
  if (!match(url.pathname)) return;
  ev.preventDefault();
  navigate(url.pathname + url.search + url.hash);
});

window.addEventListener('popstate', () => render({}));
// A page put in the back/forward cache would keep its event streams open, each holding one of
// the browser's six HTTP/1.1 connections to this server: a few such pages block the next page
// load. Close them on the way out and render afresh if the page is shown again.
window.addEventListener('pagehide', (ev) => { if (ev.persisted) leave(); });
window.addEventListener('pageshow', (ev) => { if (ev.persisted) render({}); });
window.addEventListener('unhandledrejection', (ev) => { reportError(ev.reason); });

render({});
