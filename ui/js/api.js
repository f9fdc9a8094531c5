// The one way a screen talks to Loket: send an operation to the core's dispatcher.
//
// In the desktop window the request goes over Tauri IPC (`dispatch` command); in a browser
// on the LAN it will go over HTTP to the hub. Both reach the same `loket_core::api::dispatch`,
// so a screen never knows or cares which transport it is on.

/**
 * An error from the core: `code`, the on-screen `message` (Bahasa Indonesia), `details`, and
 * for a wrong form field its key `field` (e.g. `purpose`), so the form can point at it.
 */
export class LoketError extends Error {
  constructor({ code, message, details, field }) {
    super(message);
    this.code = code;
    this.details = details || {};
    this.field = field || null;
  }
}

/**
 * Tauri's IPC `invoke`, in Loket's own desktop window only (its pages come from Tauri itself:
 * tauri://localhost, or http://tauri.localhost on Windows). The desktop app's waiting-room
 * display window is a page of the LAN server: Tauri puts its globals there too, but that page
 * talks HTTP like any browser, and may call no command.
 */
export function desktopInvoke() {
  const own = location.protocol === 'tauri:' || location.hostname === 'tauri.localhost';
  return own && window.__TAURI__ && window.__TAURI__.core && window.__TAURI__.core.invoke;
}

const tauriInvoke = desktopInvoke;

async function overHttp(request) {
  let response;
  try {
    response = await fetch('/api/dispatch', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...(token() ? { Authorization: `Bearer ${token()}` } : {}) },
      body: JSON.stringify(request),
    });
  } catch (e) {
    throw new LoketError({ code: 'offline', message: 'Tidak dapat menghubungi server Loket. Periksa jaringan lalu coba lagi.' });
  }
  const body = await response.json().catch(() => null);
  if (!response.ok) {
    throw new LoketError(body && body.code ? body : { code: 'http', message: `Server menjawab ${response.status}.` });
  }
  return body;
}

const TOKEN_KEY = 'loket.session';
const listeners = [];
// Where this page keeps its token: the main window in sessionStorage (a session per tab);
// a page that calls `keepTokenInLocalStorage` in localStorage.
let tokenStorage = () => sessionStorage;
let tokenKey = TOKEN_KEY;

/**
 * Keeps this page's token in localStorage under `key`, so that it outlives a restart: for
 * the waiting-room display, given its token once. Call it before any other call.
 */
export function keepTokenInLocalStorage(key) {
  tokenStorage = () => localStorage;
  tokenKey = key;
}

/** The session token of this screen, if logged in. */
export function token() {
  return tokenStorage().getItem(tokenKey);
}

/** Remembers (or forgets, with null) this screen's session. */
export function setToken(value) {
  if (value) tokenStorage().setItem(tokenKey, value);
  else tokenStorage().removeItem(tokenKey);
}

/** Calls `fn(error)` whenever the session is missing or has ended. */
export function onSessionEnded(fn) {
  listeners.push(fn);
}

async function send(request) {
  const invoke = tauriInvoke();
  if (!invoke) return overHttp(request);
  try {
    return await invoke('dispatch', { request, token: token() });
  } catch (e) {
    if (e && typeof e === 'object' && e.code) throw new LoketError(e);
    throw new LoketError({ code: 'ipc', message: String(e) });
  }
}

/** Runs one operation, e.g. `call('catalog.search', { query: 'sirup' })`. */
export async function call(op, args) {
  const request = args === undefined ? { op } : { op, args };
  try {
    return await send(request);
  } catch (e) {
    if (e.code === 'unauthorized' && !op.startsWith('auth.')) {
      setToken(null);
      listeners.forEach((fn) => fn(e));
    }
    throw e;
  }
}

/**
 * Exports the guest log of `{ from, to, format }` as a file. In the desktop window the native
 * save dialog asks where (the answer is the path saved to, or null when the user cancelled);
 * in a browser the file downloads under its suggested name (the answer is that name).
 */
export async function exportFile(args) {
  const invoke = tauriInvoke();
  if (invoke) {
    try {
      return await invoke('export_report', { args, token: token() });
    } catch (e) {
      if (e && typeof e === 'object' && e.code) throw new LoketError(e);
      throw new LoketError({ code: 'ipc', message: String(e) });
    }
  }
  let response;
  try {
    response = await fetch('/api/export', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...(token() ? { Authorization: `Bearer ${token()}` } : {}) },
      body: JSON.stringify(args),
    });
  } catch {
    throw new LoketError({ code: 'offline', message: 'Tidak dapat menghubungi server Loket. Periksa jaringan lalu coba lagi.' });
  }
  if (!response.ok) {
    const body = await response.json().catch(() => null);
    throw new LoketError(body && body.code ? body : { code: 'http', message: `Server menjawab ${response.status}.` });
  }
  const disposition = response.headers.get('Content-Disposition') || '';
  const name = (disposition.match(/filename="([^"]+)"/) || [])[1] || `buku-tamu.${args.format}`;
  const url = URL.createObjectURL(await response.blob());
  const link = Object.assign(document.createElement('a'), { href: url, download: name });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
  return name;
}
