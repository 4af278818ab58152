// The token form shown when no token is stored or the server refused the stored one.
import { setToken } from './api.js';
import { html, setHTML } from './dom.js';

/**
 * Renders the form into `main`; calls `onToken()` once a token is stored. The page URL is left
 * as it is, so continuing means rendering the requested page.
 */
export function renderLogin(main, { onToken }) {
  document.title = 'Sign in — Orchestrator';
  setHTML(main, html`
    <section class="login">
      <h1>Sign in</h1>
      <form id="login-form" class="stack" autocomplete="off">
        <label for="token-input">Paste an API token</label>
        <input id="token-input" name="token" type="password" required spellcheck="false" autocomplete="off"
               autocapitalize="off" aria-describedby="token-help">
        <p id="token-help" class="muted small">
          The token is kept in this browser tab only (session storage) and sent as a bearer token.
          Make one with <code>orchestrator token create --name NAME --scopes runs:read,runs:write</code>.
        </p>
        <div><button id="login-button" type="submit" class="primary">Continue</button></div>
      </form>
    </section>`);
  const form = main.querySelector('#login-form');
  const input = main.querySelector('#token-input');
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const token = input.value.trim();
    if (!token) { input.focus(); return; }
    setToken(token);
    onToken();
  });
  input.focus();
}
