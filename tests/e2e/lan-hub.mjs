// What the browser tests share: a demo office served by `loket-hub serve` on a free port,
// its API for setting things up, and Debian's chromium (never a downloaded browser).

import { execFileSync, spawn } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import net from 'node:net';
import { chromium } from 'playwright-core';
import { scratch } from './webdriver.mjs';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const hubBin = join(root, 'target/debug/loket-hub');
export const shots = join(root, 'target/e2e-screenshots');

function freePort() {
  return new Promise((ok, fail) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => ok(port)); });
    s.on('error', fail);
  });
}

async function waitUntilServing(base) {
  for (let i = 0; i < 100; i++) {
    try {
      await fetch(`${base}/`);
      return true;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return false;
}

/**
 * A demo office (Balangan, Perekonomian) filled with a demo day on the latest working day
 * before today, served on a free port. Returns `{ base, day, db, api, stop, restart }`:
 * `restart()` starts the hub again on the same database and port after `stop()`. With `until`
 * ("10:30") the demo day stops there and is left open, as `loket-hub demo --until` leaves it.
 */
export async function startHub({ until } = {}) {
  const db = join(scratch(), 'loket.db');
  let day = null;
  for (let back = 1; back <= 14 && !day; back++) {
    const d = new Date(Date.now() - back * 86400000).toISOString().slice(0, 10);
    try {
      execFileSync(hubBin, ['demo', '--db', db, '--date', d, ...(until ? ['--until', until] : [])], { stdio: 'pipe' });
      day = d;
    } catch { /* a weekend or holiday */ }
  }
  if (!day) throw new Error('no working day for the demo in the last two weeks');
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  // `serve` refuses root unless told; test machines and containers run as root.
  const asRoot = process.getuid?.() === 0 ? ['--allow-root'] : [];
  const serve = () => spawn(hubBin, ['serve', '--db', db, '--listen', `127.0.0.1:${port}`, ...asRoot], { stdio: ['ignore', 'ignore', 'ignore'] });
  let hub = serve();
  /** One operation over HTTP, as a browser would send it; throws on a refusal. */
  const api = async (op, args, token) => {
    const res = await fetch(`${base}/api/dispatch`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(args === undefined ? { op } : { op, args }),
      signal: AbortSignal.timeout(30000),
    });
    const body = await res.json();
    if (!res.ok) throw new Error(`${op}: ${res.status} ${JSON.stringify(body)}`);
    return body;
  };
  /** Kills the hub at once, as a power cut or a crash would; resolves once it is gone. */
  const stop = () => {
    const child = hub;
    const gone = child.exitCode !== null || child.signalCode !== null
      ? Promise.resolve()
      : new Promise((ok) => child.once('exit', ok));
    child.kill('SIGKILL');
    child.unref();
    return gone;
  };
  const restart = async () => {
    await stop();
    hub = serve();
    if (!(await waitUntilServing(base))) throw new Error('the hub did not start again');
  };
  if (await waitUntilServing(base)) return { base, port, day, db, api, stop, restart };
  stop();
  throw new Error('the hub did not start');
}

/** Headless Debian chromium; `args` are added to its command line (e.g. `--lang=en-US`). */
export function launchChromium(args = []) {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    timeout: 60000,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--autoplay-policy=no-user-gesture-required', ...args],
  });
}

/** A new browser window at `base`, logged in as `user`. */
export async function loggedIn(browser, base, user, pin, options = {}) {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, ...options });
  const page = await context.newPage();
  await page.goto(base);
  await page.fill('#login-user', user);
  await page.fill('#login-pin', pin);
  await page.click('#login-submit');
  await page.waitForSelector('#logout');
  return page;
}
