// A small W3C WebDriver client for the desktop window: tauri-driver in front of Debian's
// WebKitWebDriver, the real Loket binary in a real window under Xvfb. Plain fetch, no
// dependencies, so it runs on a bare Node.

import { spawn, execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import net from 'node:net';

const ELEMENT = 'element-6066-11e4-a52e-4f735466cecc';
export const KEY = { ArrowDown: '\uE015', ArrowUp: '\uE013', Enter: '\uE007', Escape: '\uE00C' };

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** No WebDriver command may hang a test run: each gets at most this long. */
const COMMAND_MS = 60000;

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

async function waitForPort(port, ms) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    const ok = await new Promise((resolve) => {
      const s = net.connect(port, '127.0.0.1', () => { s.end(); resolve(true); });
      s.on('error', () => resolve(false));
    });
    if (ok) return;
    await sleep(100);
  }
  throw new Error(`nothing listens on port ${port} after ${ms} ms`);
}

/** Starts Xvfb on a free display unless DISPLAY is already set; returns the environment. */
async function display(children) {
  if (process.env.DISPLAY) return {};
  for (let n = 90; n < 120; n++) {
    if (existsSync(`/tmp/.X11-unix/X${n}`) || existsSync(`/tmp/.X${n}-lock`)) continue;
    const xvfb = spawn('Xvfb', [`:${n}`, '-screen', '0', '1366x768x24', '-nolisten', 'tcp'], { stdio: 'ignore' });
    children.push(xvfb);
    for (let i = 0; i < 50 && !existsSync(`/tmp/.X11-unix/X${n}`); i++) await sleep(100);
    return { DISPLAY: `:${n}` };
  }
  throw new Error('no free X display for Xvfb');
}

/** A running tauri-driver and the processes it needs; `stop()` ends them all. */
export async function startDriver() {
  const children = [];
  const apps = [];
  const port = await freePort();
  const nativePort = await freePort();
  const screen = await display(children);
  const env = {
    ...process.env,
    ...screen,
    NO_AT_BRIDGE: '1',
    WEBKIT_DISABLE_COMPOSITING_MODE: '1',
  };
  const driverBin = process.env.TAURI_DRIVER
    || [join(process.env.HOME || '', '.cargo/bin/tauri-driver'), '/usr/local/bin/tauri-driver'].find(existsSync)
    || 'tauri-driver';
  const driver = spawn('dbus-run-session', ['--', driverBin, '--port', String(port),
    '--native-port', String(nativePort), '--native-driver', '/usr/bin/WebKitWebDriver'],
  { env, stdio: ['ignore', 'ignore', 'pipe'], detached: true });
  let log = '';
  driver.stderr.on('data', (d) => { log += d; });
  children.push(driver);
  await waitForPort(port, 20000);
  return {
    url: `http://127.0.0.1:${port}`,
    /** The X display the windows are on (for an app started without WebDriver). */
    display: screen.DISPLAY || process.env.DISPLAY,
    log: () => log,
    /**
     * Answers the native save dialog titled `title` as a person would: waits for it, gives
     * it the keyboard, replaces the suggested name with `path` and presses Enter.
     */
    async answerSaveDialog(title, path) {
      const env = { ...process.env, DISPLAY: screen.DISPLAY || process.env.DISPLAY };
      const xdo = (...args) => execFileSync('xdotool', args, { env, timeout: 20000 }).toString().trim();
      let id = '';
      for (let i = 0; i < 100 && !id; i++) {
        try { id = xdo('search', '--onlyvisible', '--name', title).split('\n')[0]; } catch { await sleep(200); }
      }
      if (!id) {
        let names = '';
        try { names = xdo('search', '--name', '.', 'getwindowname', '%@'); } catch (e) { names = String(e); }
        throw new Error(`no dialog "${title}" appeared; windows: ${names.replace(/\n/g, ' | ')}`);
      }
      await sleep(500);
      xdo('windowfocus', '--sync', id);
      xdo('key', '--clearmodifiers', 'ctrl+a');
      xdo('type', '--delay', '20', path);
      await sleep(300);
      xdo('key', 'Return');
    },
    /** A PNG of the whole X screen: the real window as a person would see it. */
    screenshot(path) {
      execFileSync('import', ['-display', screen.DISPLAY || process.env.DISPLAY, '-window', 'root', path]);
    },
    /**
     * Ends every process the run started, WebKit's and the app's included, and lets go of
     * their pipes so that Node can exit: TERM first, KILL for whatever is left.
     */
    async stop() {
      const signal = (sig) => {
        for (const c of children) {
          try { process.kill(-c.pid, sig); } catch { try { c.kill(sig); } catch { /* gone */ } }
        }
        // The app may run in a process group of its own: it is found by its scratch database.
        for (const db of apps) spawnSync('pkill', [`-${sig.replace('SIG', '')}`, '-f', db]);
      };
      signal('SIGTERM');
      await sleep(1000);
      signal('SIGKILL');
      for (const c of children) {
        c.stderr?.destroy();
        c.unref();
      }
    },
    /** Remembers an app's scratch database, so that `stop()` can find the app. */
    owns(db) {
      apps.push(db);
    },
  };
}

/** A WebDriver session on the Loket window. */
export class Session {
  static async open(driverUrl, application, args) {
    let lastError;
    // tauri-driver may accept a connection before WebKitWebDriver behind it is ready.
    for (let attempt = 0; attempt < 5; attempt++) {
      try {
        const res = await fetch(`${driverUrl}/session`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ capabilities: { alwaysMatch: { 'tauri:options': { application, args } } } }),
          signal: AbortSignal.timeout(COMMAND_MS),
        });
        const body = await res.json();
        if (!res.ok) throw new Error(`session not created: ${JSON.stringify(body)}`);
        return new Session(driverUrl, body.value.sessionId);
      } catch (e) {
        lastError = e;
        await sleep(1000);
      }
    }
    throw lastError;
  }

  constructor(driverUrl, id) {
    this.base = `${driverUrl}/session/${id}`;
  }

  async cmd(method, path, body, ms = COMMAND_MS) {
    const res = await fetch(`${this.base}${path}`, {
      method,
      headers: { 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(ms),
    });
    const json = await res.json();
    if (!res.ok) throw new Error(`${method} ${path}: ${JSON.stringify(json.value)}`);
    return json.value;
  }

  /** Runs a script in the page and returns its value. */
  run(script, ...args) {
    return this.cmd('POST', '/execute/sync', { script, args });
  }

  /** Waits until the script returns something truthy, and returns it. */
  async until(script, what, ms = 10000, ...args) {
    const end = Date.now() + ms;
    for (;;) {
      const value = await this.run(script, ...args);
      if (value) return value;
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
      await sleep(100);
    }
  }

  async find(css) {
    const value = await this.cmd('POST', '/element', { using: 'css selector', value: css });
    return value[ELEMENT] || value.ELEMENT || Object.values(value)[0];
  }

  /** Types into an element as a user would, key by key. */
  async type(css, text) {
    const id = await this.find(css);
    await this.cmd('POST', `/element/${id}/value`, { text });
  }

  /** Clicks an element as a user would; if the screen redraws it meanwhile, finds it again. */
  async click(css) {
    for (let attempt = 0; ; attempt++) {
      const id = await this.find(css);
      try {
        await this.cmd('POST', `/element/${id}/click`, {});
        return;
      } catch (e) {
        if (attempt >= 3 || !/stale element/.test(e.message)) throw e;
        await sleep(200);
      }
    }
  }

  /** Chooses an option of a select by its value, as picking it would. */
  choose(css, value) {
    return this.run(`const s = document.querySelector(arguments[0]); s.value = arguments[1];
      s.dispatchEvent(new Event('change', { bubbles: true })); return s.value`, css, value);
  }

  /** Presses keys on whatever has focus. */
  async press(...keys) {
    const actions = keys.flatMap((k) => [{ type: 'keyDown', value: k }, { type: 'keyUp', value: k }]);
    await this.cmd('POST', '/actions', { actions: [{ type: 'key', id: 'keyboard', actions }] });
    await this.cmd('DELETE', '/actions');
  }

  /** The handles of the app's windows, the current one among them. */
  handles() {
    return this.cmd('GET', '/window/handles');
  }

  /** The handle of the window commands go to now. */
  handle() {
    return this.cmd('GET', '/window');
  }

  /** Sends the next commands to the window of `handle`. */
  switchTo(handle) {
    return this.cmd('POST', '/window', { handle });
  }

  /** Ends the session (and so the app); never waits more than a few seconds. */
  close() {
    return this.cmd('DELETE', '', undefined, 5000).catch(() => {});
  }
}

/** A fresh folder for a test's database. */
export function scratch() {
  return mkdtempSync(join(tmpdir(), 'loket-e2e-'));
}

/**
 * On a database without accounts, creates the first admin through the first-run screen. The
 * admin lands on Pengaturan; the window is then taken to the catalog, where tests begin.
 */
export async function createFirstAdmin(session) {
  await session.until(`return document.getElementById('boot-user')`, 'the first-run screen');
  await session.type('#boot-name', 'Admin Setda');
  await session.type('#boot-pin', '258046');
  await session.type('#boot-pin2', '258046');
  await session.click('#boot-submit');
  await session.until(`return document.getElementById('login').hidden && document.getElementById('logout')`, 'the admin logged in');
  await session.until(`return location.hash === '#/pengaturan' && !document.getElementById('screen-settings').hidden`, 'the admin on Pengaturan');
  await session.run(`location.hash = '#/'; return 1`);
  await session.until(`return !document.getElementById('screen-catalog').hidden`, 'the catalog');
}
