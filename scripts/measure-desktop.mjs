#!/usr/bin/env node
// Memory and cold start of the Loket desktop app against the floor, a blank Tauri 2 window
// (issue 13, "Lean"; BENCHMARKS.md).
//
// In each run, one after the other on the same X server and WebDriver (tauri-driver in
// front of Debian's WebKitWebDriver, as tests/e2e/webdriver.mjs drives the window):
//   1. cold start: Loket started directly (no WebDriver) on a fresh database, timed from
//      launch until the shell prints that the first screen's scripts ran and it answers
//      ("Jendela Loket siap", sent by ui/js/login.js once the first-run form has focus);
//   2. the floor: the blank window (src-tauri/crates/blank-window), settled;
//   3. Loket at start: its first screen, settled;
//   4. Loket after CHECKINS check-ins made through the window (the page's own Tauri `invoke`
//      of `dispatch`, in WebDriver `execute`, ten per call) by a receptionist who logged in
//      on the restarted page, while the desk screen shows and refreshes "Tamu hari ini"
//      after each; measured once the list shows them all;
//   5. Loket with the waiting-room display window open (`open_display`) through a busy
//      hour's events, compressed in time: CALLS guests called (by the admin's session, as an
//      official's screen would), every fourth recalled, each started and finished; each call
//      waits until the display window shows its ticket;
//   6. the floor with a second blank window (`--second`), for point 5.
// Memory is PSS (smaps_rollup) summed over the app's process and all its descendants
// (WebKitWebProcess, WebKitNetworkProcess), each shown; Loket is reported as a ratio to the
// floor measured in the same run.
//
// Usage: node scripts/measure-desktop.mjs [--bin PATH] [--blank PATH] [--no-build]
//          [--runs N] [--checkins N] [--calls N] [--settle SECONDS] [--no-cold] [--start-only]
// --start-only: only the first point (to try a setting quickly).
// --no-cold: no cold start (a build older than the "siap" line never prints it).
// --bin: the Loket binary to measure (e.g. /usr/bin/loket, installed from the .deb); without
// it target/release/loket, built first. The blank window is built unless --blank is given.
// Needs Xvfb, tauri-driver and WebKitWebDriver (as the desktop tests). Everything it starts
// it ends by process id; the scratch databases are removed.

import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startDriver, Session, scratch, createFirstAdmin } from '../tests/e2e/webdriver.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const target = process.env.CARGO_TARGET_DIR || join(root, 'target');

const opts = { runs: 2, checkins: 500, calls: 90, settle: 3, build: true, bin: null, blank: null, cold: true, quick: false };
for (let i = 2; i < process.argv.length; i++) {
  const a = process.argv[i];
  const value = () => process.argv[++i];
  if (a === '--bin') opts.bin = resolve(value());
  else if (a === '--blank') opts.blank = resolve(value());
  else if (a === '--no-build') opts.build = false;
  else if (a === '--no-cold') opts.cold = false;
  else if (a === '--start-only') opts.quick = true;
  else if (a === '--runs') opts.runs = Number(value());
  else if (a === '--checkins') opts.checkins = Number(value());
  else if (a === '--calls') opts.calls = Number(value());
  else if (a === '--settle') opts.settle = Number(value());
  else { console.error(`unknown argument: ${a}`); process.exit(2); }
}

const packages = [...(opts.bin ? [] : ['-p', 'loket']), ...(opts.blank ? [] : ['-p', 'loket-blank-window'])];
if (opts.build && packages.length) {
  const built = spawnSync('nice', ['-n', '10', 'cargo', 'build', '--release', ...packages], { cwd: root, stdio: 'inherit' });
  if (built.status !== 0) process.exit(1);
}
const loket = opts.bin || join(target, 'release/loket');
const blank = opts.blank || join(target, 'release/loket-blank-window');
for (const bin of [loket, blank]) {
  if (!existsSync(bin)) { console.error(`no binary at ${bin} (build it or drop --no-build)`); process.exit(1); }
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const mib = (kib) => kib / 1024;
const fmt = (x) => x.toFixed(1);

/** The process ids of `pid` and all its descendants. */
function tree(pid) {
  const out = [pid];
  let children = [];
  try {
    for (const task of readdirSync(`/proc/${pid}/task`)) {
      children.push(...readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number));
    }
  } catch { children = []; }
  for (const c of children) out.push(...tree(c));
  return out;
}

/** The app process started with `tag` among its arguments (found by its scratch database). */
function appPid(tag) {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const argv = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      if (argv.includes(tag) && !/tauri-driver|WebKitWebDriver|dbus/.test(argv[0])) return Number(entry);
    } catch { /* gone */ }
  }
  throw new Error(`no process runs with ${tag}`);
}

/** PSS (and RSS) of the app and each of its descendants, in KiB. */
function memory(pid) {
  const parts = [];
  for (const p of tree(pid)) {
    try {
      const name = readFileSync(`/proc/${p}/comm`, 'utf8').trim();
      const rollup = readFileSync(`/proc/${p}/smaps_rollup`, 'utf8');
      const field = (f) => Number((rollup.match(new RegExp(`^${f}:\\s+(\\d+)`, 'm')) || [0, 0])[1]);
      parts.push({ name, pss: field('Pss'), rss: field('Rss') });
    } catch { /* gone */ }
  }
  return { pss: parts.reduce((s, p) => s + p.pss, 0), rss: parts.reduce((s, p) => s + p.rss, 0), parts };
}

const describe = (m) => `PSS ${fmt(mib(m.pss))} MiB (${m.parts.map((p) => `${p.name} ${fmt(mib(p.pss))}`).join(', ')})`;

/** Launches Loket without WebDriver and times it until its first screen answers. */
async function coldStart(display) {
  const dir = scratch();
  const started = process.hrtime.bigint();
  const app = spawn(loket, ['--db', join(dir, 'loket.db'), '--listen', '127.0.0.1:0'], {
    env: { ...process.env, DISPLAY: display, NO_AT_BRIDGE: '1' }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const ms = await new Promise((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`no "siap" line within 30 s; output: ${out}`)), 30000);
    app.stdout.on('data', (d) => {
      out += d;
      const line = out.match(/Jendela Loket siap, (\d+) ms/);
      if (line) {
        clearTimeout(timer);
        done({ outside: Number(process.hrtime.bigint() - started) / 1e6, inside: Number(line[1]) });
      }
    });
    app.stderr.on('data', (d) => { out += d; });
    app.on('exit', (code) => fail(new Error(`the app exited (${code}): ${out}`)));
  });
  for (const p of tree(app.pid).reverse()) { try { process.kill(p, 'SIGTERM'); } catch { /* gone */ } }
  await new Promise((r) => { if (app.exitCode !== null) r(); else app.on('exit', r); });
  rmSync(dir, { recursive: true, force: true });
  return ms;
}

/** The blank window (one or two), settled; its memory. */
async function floor(driver, second) {
  const dir = scratch();
  const tag = join(dir, 'tag');
  const session = await Session.open(driver.url, blank, ['--tag', tag, ...(second ? ['--second'] : [])]);
  try {
    await session.until(`return document.readyState === 'complete' && document.body.textContent.includes('Blank')`, 'the blank page');
    for (const end = Date.now() + 10000; second && (await session.handles()).length < 2; await sleep(100)) {
      if (Date.now() > end) throw new Error('the second blank window did not open');
    }
    await sleep(opts.settle * 1000);
    return memory(appPid(tag));
  } finally {
    await session.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Calls `op` through the window's own IPC, as its screens do, for the window's session or
 * for the session whose token comes third. */
const invoke = `const [op, args, token] = arguments;
  return window.__TAURI__.core.invoke('dispatch', { request: { op, args }, token: token || sessionStorage.getItem('loket.session') })`;

/** Loket at start, after the check-ins, and with the display through the hour's events. */
async function loketRun(driver) {
  const dir = scratch();
  const db = join(dir, 'loket.db');
  driver.owns(db);
  const session = await Session.open(driver.url, loket, ['--db', db, '--listen', '127.0.0.1:0']);
  const figures = {};
  try {
    await session.until(`return document.getElementById('boot-user')`, 'the first-run screen');
    await sleep(opts.settle * 1000);
    const pid = appPid(db);
    figures.start = memory(pid);
    if (opts.quick) return figures;

    // The desk PC's morning: the receptionist starts the window and logs in; it opens on
    // the desk. (The admin, created first, made their account.)
    await createFirstAdmin(session);
    await session.run(invoke, 'auth.save_account',
      { username: 'resepsionis', display_name: 'Siti Rahmawati', role: 'resepsionis', pin: '135792' });
    const admin = (await session.run(invoke, 'auth.login', { username: 'admin', pin: '258046' })).token;
    // The office as the admin sets it up once: the Perekonomian desk of Balangan, a drawer,
    // and the official who receives its guests.
    await session.run(invoke, 'office.setup', { region: 'balangan', unit: 'perekonomian', slots: 50 }, admin);
    let official = (await session.run(invoke, 'office.get', {}, admin)).officials.find((o) => o.active);
    if (!official) {
      await session.run(invoke, 'office.save_official', { name: 'Rahmat Hidayat', title: 'Kepala Bagian Perekonomian',
        room: 'Ruang Kabag Perekonomian', services: ['balangan-perekonomian-1'] }, admin);
      official = (await session.run(invoke, 'office.get', {}, admin)).officials.find((o) => o.active);
    }
    await session.click('#logout');
    await session.until(`return document.getElementById('login-user')`, 'the login form');
    await session.run(`location.reload(); return 1`);
    await session.until(`return document.getElementById('login-user')`, 'the login form after a restart');
    await session.type('#login-user', 'resepsionis');
    await session.type('#login-pin', '135792');
    await session.click('#login-submit');
    await session.until(`return location.hash === '#/meja' && document.getElementById('checkin-submit')`, 'the desk', 20000)
      .catch(async (e) => {
        const seen = await session.run(`return location.hash + ' | ' + document.body.innerText.slice(0, 600)`);
        throw new Error(`${e.message}; the window shows: ${seen}`);
      });
    const visits = [];
    for (let i = 0; i < opts.checkins; i += 10) {
      const n = Math.min(10, opts.checkins - i);
      const made = await session.run(`const [from, n] = arguments;
        const invoke = window.__TAURI__.core.invoke;
        const token = sessionStorage.getItem('loket.session');
        return (async () => {
          const made = [];
          for (let i = from; i < from + n; i++) {
            made.push(await invoke('dispatch', { token, request: { op: 'desk.check_in', args: {
              guest: { name: 'Tamu Ukur ' + (i + 1), id_type: 'ktp', id_number: '631101010190' + String(i + 1).padStart(4, '0') },
              service: 'balangan-perekonomian-1', purpose: 'Konsultasi rencana usaha', admitted_note: 'pengukuran memori' } } }));
          }
          return made;
        })()`, i, n);
      visits.push(...made);
    }
    await session.until(`return document.querySelectorAll('.visits tr[data-visit-id]').length === arguments[0]`,
      `"Tamu hari ini" listing ${opts.checkins} guests`, 60000, opts.checkins);
    await sleep(opts.settle * 1000);
    figures.checkins = memory(pid);

    const main = await session.handle();
    const opened = await session.run(`return window.__TAURI__.core.invoke('open_display', { token: sessionStorage.getItem('loket.session') })`);
    if (!opened.opened) throw new Error('the display window did not open');
    let display;
    for (const end = Date.now() + 20000; !display; await sleep(100)) {
      display = (await session.handles()).find((h) => h !== main);
      if (!display && Date.now() > end) throw new Error('no second window');
    }
    const onDisplay = async (ticket) => {
      await session.switchTo(display);
      await session.until(`return document.getElementById('now-ticket').textContent === arguments[0]`, `ticket ${ticket} on the display`, 20000, ticket);
      await session.switchTo(main);
    };
    for (let k = 0; k < Math.min(opts.calls, visits.length); k++) {
      const { visit_id, ticket } = visits[k];
      // The calls come from an official's screen; here through this window's IPC with the
      // admin's session: they reach the display by the LAN server's event stream as any does.
      const who = { official_id: official.id, visit_id };
      await session.run(invoke, 'queue.call', who, admin);
      await onDisplay(ticket);
      if (k % 4 === 0) await session.run(invoke, 'queue.recall', who, admin);
      await session.run(invoke, 'queue.start', who, admin);
      await session.run(invoke, 'queue.finish', { ...who, outcome: { result: 'Selesai dibahas', closed: true } }, admin);
    }
    await sleep(opts.settle * 1000);
    figures.display = memory(pid);
    return figures;
  } finally {
    await session.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const binSize = (p) => `${(statSync(p).size / 1048576).toFixed(1)} MiB`;
console.log(`Loket: ${loket} (${binSize(loket)}); floor: ${blank} (${binSize(blank)})`);
console.log(`machine: ${cpus().length} cores, ${cpus()[0].model}; load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
console.log(`check-ins: ${opts.checkins}; calls in the hour: ${opts.calls}; settle ${opts.settle} s`);

const driver = await startDriver();
const rows = [];
try {
  for (let run = 1; run <= opts.runs; run++) {
    const cold = opts.cold ? await coldStart(driver.display) : null;
    if (cold) console.log(`run ${run}: cold start to an answering first screen ${Math.round(cold.outside)} ms (the shell's own count ${cold.inside} ms)`);
    const one = await floor(driver, false);
    console.log(`run ${run}: floor, one blank window: ${describe(one)}`);
    const l = await loketRun(driver);
    const two = opts.quick ? null : await floor(driver, true);
    if (two) console.log(`run ${run}: floor, two blank windows: ${describe(two)}`);
    const points = [['at start', l.start, one], [`after ${opts.checkins} check-ins`, l.checkins, one], [`display, ${opts.calls} calls`, l.display, two]];
    for (const [point, m, f] of points.filter(([, m]) => m)) {
      console.log(`run ${run}: Loket ${point}: ${describe(m)}; ratio ${(m.pss / f.pss).toFixed(3)}`);
      rows.push({ run, point, floor: mib(f.pss), loket: mib(m.pss), ratio: m.pss / f.pss });
    }
    if (cold) rows.push({ run, point: 'cold start', ms: Math.round(cold.outside) });
    console.log(`run ${run}: load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
  }
} finally {
  await driver.stop();
}
console.log('\n| run | point | floor PSS MiB | Loket PSS MiB | ratio |\n|---|---|---:|---:|---:|');
for (const r of rows) {
  if (r.ms !== undefined) console.log(`| ${r.run} | cold start | | ${r.ms} ms | |`);
  else console.log(`| ${r.run} | ${r.point} | ${fmt(r.floor)} | ${fmt(r.loket)} | ${r.ratio.toFixed(3)} |`);
}
