// Live updates: in a browser on the LAN, the hub tells every screen when something changed
// (server-sent events, reconnecting by themselves); screens also poll as a fallback, and the
// desktop window, which has no event stream yet, relies on the poll.

import { token } from './api.js';

/** Calls `fn` soon after the hub reports a change. Returns a function that stops it. */
export function onChange(fn) {
  if (window.__TAURI__ || !window.EventSource || !token()) return () => {};
  const source = new EventSource(`/api/events?token=${encodeURIComponent(token())}`);
  source.onmessage = () => fn();
  return () => source.close();
}
