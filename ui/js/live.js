// Live updates: the hub tells every screen when something changed — browsers on the LAN
// through server-sent events (reconnecting by themselves), the desktop window through a Tauri
// event; screens also poll as a fallback.

import { desktopInvoke, token } from './api.js';

/** Calls `fn` soon after the hub reports a change. Returns a function that stops it. */
export function onChange(fn) {
  const tauri = desktopInvoke() && window.__TAURI__.event;
  if (tauri) {
    const unlisten = tauri.listen('loket-change', () => fn());
    return () => unlisten.then((stop) => stop());
  }
  if (!window.EventSource || !token()) return () => {};
  const source = new EventSource(`/api/events?token=${encodeURIComponent(token())}`);
  source.onmessage = () => fn();
  return () => source.close();
}
