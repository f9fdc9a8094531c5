// Live updates: the hub tells every screen when something changed — browsers on the LAN
// through server-sent events (read with fetch, the token in a header: event-stream.js), the desktop window through a Tauri event — and screens poll
// slowly as a safety net.
//
// In a browser the stream must survive a network drop and a hub restart: every time it
// (re)opens the screens refresh, since changes made while it was down were never sent; a
// stream the browser gave up on (a refused reconnect, e.g. a token that changed) is opened
// again with the page's current token, waiting longer after each failure. A refresh only
// re-reads data: screens keep their forms out of what they redraw, so nothing typed is lost.
//
// `liveStatus()` is the small "Terhubung" / "Menyambung ulang…" badge screens show.

import { desktopInvoke, token } from './api.js';
import { showError } from './alert.js';
import { h } from './dom.js';
import { TokenEventSource } from './event-stream.js';

/** The safety-net poll, unless a screen asks for another interval. */
const POLL_MS = 20000;
/** First wait before opening a stream the browser closed, doubled after each failure. */
const RETRY_FIRST_MS = 500;
/** Longest wait between two attempts. */
const RETRY_MAX_MS = 5000;
/** Errors that mean the hub is out of reach, not that it refused. */
const OFFLINE = new Set(['offline', 'http']);

const LABELS = {
  connecting: 'Menyambung…',
  online: 'Terhubung',
  reconnecting: 'Menyambung ulang…',
};

const subscribers = new Set();
let source = null;
let sourceToken = null;
let retryTimer = null;
let retryMs = RETRY_FIRST_MS;
let state = 'connecting';

/** Tauri's events, in Loket's own desktop window only (see `desktopInvoke`). */
function tauriEvents() {
  return desktopInvoke() && window.__TAURI__.event;
}

/** The stream's state: 'connecting', 'online' or 'reconnecting'. */
export function liveState() {
  return state;
}

function setState(next) {
  if (state === next) return;
  state = next;
  for (const el of document.querySelectorAll('.live-status')) paint(el);
}

function paint(el) {
  el.dataset.state = state;
  el.textContent = LABELS[state];
}

/**
 * The badge that says whether live updates reach this screen; it follows the stream by
 * itself. Nothing in the desktop window, where the hub runs in the same process.
 */
export function liveStatus() {
  if (tauriEvents()) return null;
  const el = h('span', { class: 'live-status', role: 'status', 'aria-live': 'polite' });
  paint(el);
  return el;
}

/** Runs a subscriber's refresh, one at a time; a request made meanwhile runs once after. */
function run(sub) {
  if (sub.running) {
    sub.again = true;
    return;
  }
  sub.running = true;
  sub.again = false;
  Promise.resolve()
    .then(() => sub.fn())
    .then(() => {
      if (source && source.readyState === TokenEventSource.OPEN) setState('online');
    })
    .catch((e) => {
      if (e && OFFLINE.has(e.code)) setState('reconnecting');
      else if (!e || e.code !== 'unauthorized') showError(e);
    })
    .finally(() => {
      sub.running = false;
      if (sub.again) run(sub);
    });
}

/** Refreshes every screen listening; nothing while logged out (the login form is up). */
function runAll() {
  if (token()) subscribers.forEach(run);
}

function closeSource() {
  clearTimeout(retryTimer);
  retryTimer = null;
  if (source) source.close();
  source = null;
  sourceToken = null;
}

/** Opens the stream with the page's current token (closing one opened with another). */
function open() {
  closeSource();
  if (!subscribers.size || tauriEvents() || !window.fetch || !token()) return;
  const opened = new TokenEventSource(token());
  source = opened;
  sourceToken = token();
  opened.onopen = () => {
    if (source !== opened) return;
    retryMs = RETRY_FIRST_MS;
    setState('online');
    runAll(); // whatever changed while the stream was down
  };
  opened.onmessage = () => {
    if (source === opened) runAll();
  };
  opened.onerror = () => {
    if (source !== opened) return;
    setState('reconnecting');
    // The stream ended (a 401, the session ended, the hub stopped or is starting): try
    // again, a little later each time.
    if (opened.readyState === TokenEventSource.CLOSED) scheduleReopen();
  };
}

function scheduleReopen() {
  clearTimeout(retryTimer);
  const wait = retryMs;
  retryMs = Math.min(retryMs * 2, RETRY_MAX_MS);
  retryTimer = setTimeout(() => {
    retryTimer = null;
    open();
  }, wait);
}

/** Reopens at once when the stream is not open or uses a token that is no longer the page's. */
function checkStream() {
  if (!subscribers.size || tauriEvents()) return;
  const stale = !source || source.readyState === TokenEventSource.CLOSED || sourceToken !== token();
  if (stale && !retryTimer) open();
}

window.addEventListener('online', () => { retryMs = RETRY_FIRST_MS; open(); });
document.addEventListener('visibilitychange', () => {
  if (document.visibilityState === 'visible') {
    checkStream();
    runAll();
  }
});

/**
 * Calls `fn` soon after the hub reports a change, when the stream (re)opens, and every
 * `pollMs` (default 20 s) anyway. `fn` may return a promise: calls never overlap, an
 * unreachable hub shows on the badge rather than as an error. Returns a function that stops.
 */
export function onChange(fn, { pollMs = POLL_MS } = {}) {
  const sub = { fn, running: false, again: false, timer: null, unlisten: null };
  subscribers.add(sub);
  sub.timer = setInterval(() => {
    if (document.visibilityState === 'hidden' || !token()) return;
    checkStream();
    run(sub);
  }, pollMs);
  const tauri = tauriEvents();
  if (tauri) {
    setState('online');
    sub.unlisten = tauri.listen('loket-change', () => { if (token()) run(sub); });
  } else if (!source) {
    open();
  }
  return () => {
    subscribers.delete(sub);
    clearInterval(sub.timer);
    if (sub.unlisten) sub.unlisten.then((stop) => stop());
    if (!subscribers.size) closeSource();
  };
}
