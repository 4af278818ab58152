// The JSON API client: bearer token from sessionStorage, error bodies as ApiError, and a
// Server-Sent Events reader over fetch (EventSource cannot send an Authorization header).

export const TOKEN_KEY = 'orchestrator.token';

function storage() {
  try { return globalThis.sessionStorage ?? null; } catch { return null; }
}

export function getToken() { return storage()?.getItem(TOKEN_KEY) || null; }
export function setToken(token) { storage()?.setItem(TOKEN_KEY, token); }
export function clearToken() { storage()?.removeItem(TOKEN_KEY); }

/** An API failure: `status` is the HTTP status (0 when the server could not be reached). */
export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
  }
}

let unauthorizedHandler = null;
/** Called with the ApiError whenever the server answers 401 (or no token is stored). */
export function onUnauthorized(handler) { unauthorizedHandler = handler; }

function unauthorized(err) {
  if (unauthorizedHandler) unauthorizedHandler(err);
  return err;
}

/** "?a=1&b=2" from an object, leaving out null/undefined/"" values. */
export function queryString(params) {
  if (!params) return '';
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== null && v !== undefined && v !== '') q.set(k, String(v));
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** Builds "/api/v1/a/b" with each segment percent-encoded. */
export function apiPath(...segments) {
  return '/api/v1/' + segments.map((s) => encodeURIComponent(String(s))).join('/');
}

function authHeaders(extra = {}) {
  const token = getToken();
  if (!token) throw unauthorized(new ApiError(401, 'no_token', 'Paste an API token to continue.'));
  return { Authorization: `Bearer ${token}`, ...extra };
}

async function errorFrom(res, method, path) {
  let code = 'http_' + res.status;
  let message = '';
  try {
    const text = await res.text();
    try {
      const body = JSON.parse(text);
      if (body && body.error) {
        code = body.error.code || code;
        message = body.error.message || '';
      }
    } catch {
      message = text.trim().slice(0, 500);
    }
  } catch { /* body unreadable */ }
  if (!message) message = `${method} ${path} failed: ${res.status} ${res.statusText}`.trim();
  return new ApiError(res.status, code, message);
}

/**
 * Sends a request and returns the decoded JSON body. Throws ApiError for non-2xx answers (the
 * server's error message as the message), and for network failures (status 0).
 */
export async function request(method, path, { query, body, signal } = {}) {
  const headers = authHeaders({ Accept: 'application/json' });
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const url = path + queryString(query);
  let res;
  try {
    res = await fetch(url, {
      method, headers, signal, cache: 'no-store',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    throw new ApiError(0, 'network', `Could not reach the server (${method} ${path}): ${e.message}`);
  }
  if (!res.ok) {
    const err = await errorFrom(res, method, path);
    throw res.status === 401 ? unauthorized(err) : err;
  }
  if (res.status === 204) return null;
  const type = res.headers.get('content-type') || '';
  return type.includes('json') ? res.json() : res.text();
}

export const get = (path, query, options = {}) => request('GET', path, { ...options, query });
export const post = (path, body, options = {}) => request('POST', path, { ...options, body });

// ---- Server-Sent Events ----

/**
 * Incremental text/event-stream parser (the WHATWG rules): `push(chunk)` returns the events
 * completed by the chunk as {type, data, id}. Handles CRLF/CR/LF, multi-line data, comments.
 */
export class SSEParser {
  constructor() {
    this.buffer = '';
    this.first = true;
    this.lastId = null;
    this.retry = null;
    this.resetEvent();
  }

  resetEvent() { this.type = ''; this.data = []; }

  push(chunk) {
    const events = [];
    this.buffer += chunk;
    if (this.first && this.buffer.length > 0) {
      if (this.buffer.charCodeAt(0) === 0xfeff) this.buffer = this.buffer.slice(1);
      this.first = false;
    }
    let start = 0;
    for (;;) {
      let i = start;
      const n = this.buffer.length;
      while (i < n) {
        const c = this.buffer.charCodeAt(i);
        if (c === 10 || c === 13) break;
        i++;
      }
      if (i >= n) break;
      // A CR at the very end may be the first half of CRLF: wait for the next chunk.
      if (this.buffer.charCodeAt(i) === 13 && i === n - 1) break;
      const line = this.buffer.slice(start, i);
      start = this.buffer.charCodeAt(i) === 13 && this.buffer.charCodeAt(i + 1) === 10 ? i + 2 : i + 1;
      const event = this.line(line);
      if (event) events.push(event);
    }
    this.buffer = this.buffer.slice(start);
    return events;
  }

  line(line) {
    if (line === '') {
      if (this.data.length === 0) { this.resetEvent(); return null; }
      const event = { type: this.type || 'message', data: this.data.join('\n'), id: this.lastId };
      this.resetEvent();
      return event;
    }
    if (line[0] === ':') return null;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value[0] === ' ') value = value.slice(1);
    if (field === 'event') this.type = value;
    else if (field === 'data') this.data.push(value);
    else if (field === 'id' && !value.includes('\0')) this.lastId = value;
    else if (field === 'retry' && /^\d+$/.test(value)) this.retry = Number(value);
    return null;
  }
}

const sleep = (ms, signal) => new Promise((resolve) => {
  if (signal.aborted) return resolve();
  const t = setTimeout(done, ms);
  function done() { clearTimeout(t); signal.removeEventListener('abort', done); resolve(); }
  signal.addEventListener('abort', done);
});

/**
 * Opens an event stream and keeps it open, reconnecting with exponential backoff (1 s doubling to
 * 30 s, with jitter) when it fails or ends. Returns a handle:
 *   handle.close()            stops it (also when `signal` aborts)
 *   handle.controller         the AbortController behind it
 *   for await (const ev of handle) ...   the events as {type, data, id} (data JSON-decoded)
 * Options:
 *   path       string, or a function returning the path (called for every (re)connection,
 *              e.g. to resume a log at the current offset)
 *   onEvent(type, data, event)   called for every event
 *   onStatus({state, failures, error})   state: "connecting" | "open" | "retrying" | "closed"
 *   onError(error)   a non-retryable failure (400/403/404...), after which the stream closes
 *   reconnect  false to not reconnect after the stream ends
 * A 401 calls the unauthorized handler and closes the stream.
 */
export function openEventStream(path, { onEvent, onStatus, onError, signal, reconnect = true,
  initialDelay = 1000, maxDelay = 30000 } = {}) {
  const controller = new AbortController();
  let closed = false;
  const queue = [];
  const waiters = [];

  const status = (state, extra = {}) => { try { onStatus?.({ state, ...extra }); } catch (e) { console.error(e); } };

  function close() {
    if (closed) return;
    closed = true;
    controller.abort();
    for (const w of waiters.splice(0)) w({ value: undefined, done: true });
    status('closed');
  }
  if (signal) {
    if (signal.aborted) close();
    else signal.addEventListener('abort', close, { once: true });
  }

  function deliver(event) {
    let data = event.data;
    try { data = JSON.parse(event.data); } catch { /* not JSON: keep the text */ }
    const ev = { type: event.type, data, id: event.id };
    try { onEvent?.(ev.type, ev.data, ev); } catch (e) { console.error(e); onError?.(e); }
    const w = waiters.shift();
    if (w) w({ value: ev, done: false });
    else if (!onEvent) queue.push(ev);
  }

  async function run() {
    let failures = 0;
    let retryDelay = null;
    while (!closed) {
      const url = typeof path === 'function' ? path() : path;
      let opened = false;
      let error = null;
      status('connecting', { failures });
      try {
        const res = await fetch(url, {
          headers: authHeaders({ Accept: 'text/event-stream' }),
          signal: controller.signal,
          cache: 'no-store',
        });
        if (!res.ok) {
          const err = await errorFrom(res, 'GET', url);
          if (res.status === 401) { unauthorized(err); close(); return; }
          if (res.status >= 400 && res.status < 500 && res.status !== 408 && res.status !== 429) {
            onError?.(err); close(); return;
          }
          throw err;
        }
        opened = true;
        failures = 0;
        status('open', { failures });
        const parser = new SSEParser();
        const reader = res.body.getReader();
        const decoder = new TextDecoder();
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          for (const ev of parser.push(decoder.decode(value, { stream: true }))) {
            deliver(ev);
            if (closed) break;
          }
          if (closed) break;
        }
        if (parser.retry !== null) retryDelay = parser.retry;
      } catch (e) {
        if (closed || e.name === 'AbortError') return;
        if (e.status === 401) { close(); return; }
        error = e;
      }
      if (closed) return;
      if (!reconnect) { close(); return; }
      failures = opened ? 1 : failures + 1;
      const base = Math.min(maxDelay, (retryDelay ?? initialDelay) * 2 ** (failures - 1));
      const delay = opened ? Math.min(base, initialDelay) : base * (0.75 + Math.random() * 0.5);
      status('retrying', { failures, error, delay });
      await sleep(delay, controller.signal);
    }
  }
  run();

  return {
    controller,
    close,
    get closed() { return closed; },
    [Symbol.asyncIterator]() {
      return {
        next() {
          if (queue.length) return Promise.resolve({ value: queue.shift(), done: false });
          if (closed) return Promise.resolve({ value: undefined, done: true });
          return new Promise((resolve) => waiters.push(resolve));
        },
        return() { close(); return Promise.resolve({ value: undefined, done: true }); },
      };
    },
  };
}

/**
 * Subscribes to /api/v1/events for as long as `signal` is not aborted. When the stream has failed
 * `pollAfter` times in a row, calls `poll()` every `pollEvery` ms until it is open again (so the
 * page stays current without the stream).
 */
export function subscribeEvents({ onEvent, poll, signal, onError, pollAfter = 3, pollEvery = 5000 }) {
  let timer = null;
  const stopPolling = () => { if (timer) { clearInterval(timer); timer = null; } };
  signal?.addEventListener('abort', stopPolling, { once: true });
  return openEventStream('/api/v1/events', {
    signal,
    onEvent,
    onError,
    onStatus({ state, failures }) {
      if (state === 'open' || state === 'closed') stopPolling();
      else if (state === 'retrying' && failures >= pollAfter && poll && !timer) {
        timer = setInterval(() => { Promise.resolve(poll()).catch(() => {}); }, pollEvery);
      }
    },
  });
}
