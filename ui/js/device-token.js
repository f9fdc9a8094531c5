// The token of a device page (the waiting-room display, the survey kiosk, the blanko tablet): taken once from the
// address (page.html#token=…, then hidden), asked for on the page's setup form when missing or
// refused, and the live stream that refreshes the page while the token is good.

import { setToken, token } from './api.js';
import { TokenEventSource } from './event-stream.js';
import { unencryptedNotice } from './transport.js';

/** How long to wait before reopening a live stream the browser gave up on. */
const EVENTS_RETRY_MS = 10000;

const $ = (id) => document.getElementById(id);

/**
 * Sets up the page's token form (`#setup`, `#setup-form`, `#setup-error`, `#token-input`)
 * and its live stream. `refresh` redraws the page; `setStatus('setup')` is called while the
 * token is asked. Returns `askToken(message)` for a refused token, and `begin()`, which
 * starts the page, or asks for a token when there is none.
 */
export function deviceToken({ refresh, setStatus }) {
  let events = null;

  function listen() {
    if (events) events.close();
    events = null;
    if (!window.fetch || !token()) return;
    const source = new TokenEventSource(token());
    source.onmessage = () => refresh();
    source.onopen = () => refresh();
    source.onerror = () => {
      if (source.readyState === TokenEventSource.CLOSED && events === source) {
        events = null;
        setTimeout(() => { if (!events) listen(); }, EVENTS_RETRY_MS);
      }
    };
    events = source;
  }

  function askToken(message) {
    if (events) events.close();
    events = null;
    setToken(null);
    setStatus('setup');
    $('setup').hidden = false;
    $('setup-error').textContent = message || '';
    $('setup-error').hidden = !message;
    $('token-input').value = '';
    $('token-input').focus();
  }

  function start() {
    $('setup').hidden = true;
    listen();
    refresh();
  }

  const insecure = unencryptedNotice();
  if (insecure) $('setup-error').before(insecure);

  $('setup-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const value = $('token-input').value.trim();
    if (!value) return;
    setToken(value);
    start();
  });
  const match = location.hash.match(/token=([0-9A-Za-z]+)/);
  if (match) {
    setToken(match[1]);
    history.replaceState(null, '', location.pathname + location.search);
  }

  return {
    askToken,
    begin: () => (token() ? start() : askToken()),
  };
}
