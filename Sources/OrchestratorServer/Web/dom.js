// HTML building with escaping by default, and the page-wide alert region.
//
// Every page builds markup with the `html` tagged template: interpolated values are escaped
// unless they are themselves `html` results (or wrapped in `raw`), so server strings (task ids,
// errors, log text) can never become markup. Arrays are joined. null/undefined render as "".

class SafeHTML {
  constructor(text) { this.text = text; }
  toString() { return this.text; }
}

const ESCAPES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes a value for use in element text or a quoted attribute. */
export function esc(value) {
  if (value === null || value === undefined) return '';
  return String(value).replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

/** Marks a string as already-safe markup. Only for strings this code built itself. */
export function raw(text) { return new SafeHTML(String(text)); }

function part(value) {
  if (value instanceof SafeHTML) return value.text;
  if (Array.isArray(value)) return value.map(part).join('');
  if (value === false) return '';
  return esc(value);
}

/** Tagged template: html`<td>${name}</td>` escapes `name`. */
export function html(strings, ...values) {
  let out = strings[0];
  for (let i = 0; i < values.length; i++) out += part(values[i]) + strings[i + 1];
  return new SafeHTML(out);
}

/** Replaces the children of `el` with the markup (an `html` result or an array of them); plain strings are escaped. */
export function setHTML(el, markup) {
  el.innerHTML = part(markup);
}

/** Parses one table row (built with `html`) into a <tr> element. */
export function rowFromHTML(markup) {
  const body = document.createElement('tbody');
  setHTML(body, markup);
  return body.firstElementChild;
}

// ---- Alert region (#message, role=alert) ----

function messageElement() { return document.getElementById('message'); }

/** Shows text in #message; `kind` is "error" or "info". The text is shown exactly as given. */
export function showMessage(text, kind = 'error') {
  const el = messageElement();
  if (!el) return;
  el.dataset.kind = kind;
  el.textContent = String(text);
}

export function clearMessage() {
  const el = messageElement();
  if (!el) return;
  el.textContent = '';
  delete el.dataset.kind;
}

/**
 * Shows an error in #message. Aborted requests are ignored, and 401s are left to the login
 * screen (api.js calls its unauthorized handler for them).
 */
export function reportError(err) {
  if (!err) return;
  if (err.name === 'AbortError') return;
  if (err.status === 401) return;
  showMessage(err.message || String(err), 'error');
  if (err.name !== 'ApiError') console.error(err);
}

/**
 * Runs `action` for a button click, marking the button busy (aria-disabled) meanwhile and
 * ignoring clicks until it is done. Unlike `disabled`, this keeps keyboard focus on the button.
 */
export async function whileBusy(button, action) {
  if (button.getAttribute('aria-disabled') === 'true') return;
  button.setAttribute('aria-disabled', 'true');
  button.classList.add('busy');
  try {
    await action();
  } catch (e) {
    reportError(e);
  } finally {
    button.removeAttribute('aria-disabled');
    button.classList.remove('busy');
  }
}
