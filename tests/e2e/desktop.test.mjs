// The real desktop window under Xvfb: a newcomer searches the catalog, opens a service with
// the keyboard and reads its standard as the decree states it; the desk opens the
// waiting-room display as a second window. Saves screenshots.
//
// Needs the debug build of the shell (target/debug/loket), tauri-driver and Debian's
// WebKitWebDriver; `./loket.sh test` installs and builds all of them.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startDriver, Session, KEY, scratch, createFirstAdmin } from './webdriver.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const app = process.env.LOKET_APP || join(root, 'target/debug/loket');
const shots = join(root, 'target/e2e-screenshots');

let driver;
let session;

before(async () => {
  assert.ok(existsSync(app), `the desktop app is built at ${app}`);
  mkdirSync(shots, { recursive: true });
  driver = await startDriver();
  const db = join(scratch(), 'loket.db');
  driver.owns(db);
  session = await Session.open(driver.url, app, ['--db', db, '--listen', '127.0.0.1:0']);
  await createFirstAdmin(session);
});

after(async () => {
  try {
    if (session) await session.close();
  } finally {
    if (driver) await driver.stop();
  }
});

const resultIds = `return [...document.querySelectorAll('#results .result')].map(e => e.dataset.id)`;

test('the window opens on the catalog with both decrees loaded', async () => {
  const count = await session.until(
    `const t = document.getElementById('count').textContent; return /\\d+ layanan/.test(t) && t`,
    'the catalog list');
  assert.equal(count, '86 layanan');
  const title = await session.run('return document.title');
  assert.match(title, /Loket/);
  // The desk PC shows where officials open Loket on the LAN.
  const lan = await session.until(`const l = document.getElementById('lan'); return !l.hidden && l.textContent`, 'the LAN address');
  assert.match(lan, /Pejabat: https:\/\/[\d.]+:\d+/);
  const regions = await session.run(`return [...document.querySelectorAll('#region option')].map(o => o.textContent)`);
  assert.deepEqual(regions, ['Semua kabupaten', 'Kabupaten Balangan (WITA)', 'Kabupaten Blitar (WIB)']);
});

test('typing "remote akses" finds the service, and the keyboard opens it', async () => {
  await session.type('#query', 'remote akses');
  const ids = await session.until(
    `const ids = [...document.querySelectorAll('#results .result')].map(e => e.dataset.id);
     return ids[0] === 'balangan-pbj-7' && ids`, 'the search hit');
  assert.equal(ids[0], 'balangan-pbj-7');
  await session.press(KEY.ArrowDown, KEY.Enter);
  const name = await session.until(
    `const p = document.querySelector('#service .page[data-service-id="balangan-pbj-7"]');
     return p && p.querySelector('.service-name').textContent`, 'the service page');
  assert.match(name, /Layanan Permohonan Remote Akses/);
  const page = await session.run(`const p = document.querySelector('#service .page');
    return { parts: [...p.querySelectorAll('.part-title')].map(e => e.firstChild.textContent),
             components: p.querySelectorAll('.component').length,
             limit: p.querySelector('.facts').textContent,
             maklumat: p.querySelector('.maklumat').textContent }`);
  assert.deepEqual(page.parts, ['A. Penyampaian Pelayanan', 'B. Pengelolaan Pelayanan']);
  assert.equal(page.components, 14);
  assert.match(page.limit, /Maksimal 10 menit/);
  assert.match(page.maklumat, /SIAP MENYELENGGARAKAN PELAYANAN/);
  driver.screenshot(join(shots, 'desktop-remote-akses.png'));
});

test('a prefix finds the scholarship, with the matching component shown', async () => {
  await session.press(KEY.Escape);
  await session.run(`const q = document.getElementById('query'); q.value = ''; q.dispatchEvent(new Event('input'));`);
  await session.type('#query', 'beasis');
  const first = await session.until(
    `const r = document.querySelector('#results .result'); return r && r.dataset.id === 'balangan-kesra-7' && r.textContent`,
    'the scholarship hit');
  assert.match(first, /Beasiswa/);
  await session.press(KEY.ArrowDown, KEY.Enter);
  await session.until(`return !!document.querySelector('#service .page[data-service-id="balangan-kesra-7"]')`, 'the page');
  const ids = await session.run(resultIds);
  assert.ok(ids.length >= 1);
  driver.screenshot(join(shots, 'desktop-beasiswa.png'));
});

test('logging out asks for the PIN again; a wrong PIN is refused in Indonesian', async () => {
  await session.click('#logout');
  await session.until(`return !document.getElementById('login').hidden && document.getElementById('login-user')`, 'the login form');
  await session.type('#login-user', 'admin');
  await session.type('#login-pin', '9999');
  await session.click('#login-submit');
  const error = await session.until(`const e = document.querySelector('#login .form-error'); return e && !e.hidden && e.textContent`, 'the refusal');
  assert.match(error, /PIN salah/);
  assert.match(error, /Sisa 4 percobaan/);
  driver.screenshot(join(shots, 'desktop-login.png'));
  // Wrong PINs slow the next attempt down: wait it out, then the right PIN opens the app.
  await new Promise((r) => setTimeout(r, 1200));
  await session.type('#login-pin', '258046');
  await session.click('#login-submit');
  await session.until(`return document.getElementById('login').hidden && document.getElementById('logout')`, 'logged in again');
  const who = await session.run(`return document.getElementById('who').textContent`);
  assert.match(who, /Admin Setda/);
});

test('"Buka layar ruang tunggu" opens the display as a second window on the LAN server; again, it only comes forward', async () => {
  // The display shows the office's day: set the office up as the admin would.
  await session.run(`return import('./js/api.js').then((api) =>
    api.call('office.setup', { region: 'balangan', unit: 'perekonomian', slots: 5 })).then(() => true)`);
  const main = await session.handle();
  assert.deepEqual(await session.handles(), [main]);
  await session.click('#open-display');
  let handles = [];
  for (let i = 0; i < 100 && handles.length < 2; i++) {
    handles = await session.handles();
    if (handles.length < 2) await new Promise((r) => setTimeout(r, 100));
  }
  assert.equal(handles.length, 2, 'a second window');
  const shown = await session.until(`const a = document.getElementById('alert'); return !a.hidden && a.textContent`, 'the notice');
  // Xvfb has one monitor: a normal window.
  assert.match(shown, /Layar ruang tunggu dibuka di jendela baru/);

  const display = handles.find((h) => h !== main);
  await session.switchTo(display);
  const page = await session.until(`return document.body.dataset.connection === 'online'
    && document.getElementById('kabupaten').textContent.includes('Balangan') && {
      title: document.title, url: location.href, kabupaten: document.getElementById('kabupaten').textContent,
      setup: document.getElementById('setup').hidden, now: document.getElementById('now-go').textContent }`,
  'the display, online', 20000);
  assert.equal(page.title, 'Loket — Layar Ruang Tunggu');
  assert.equal(page.kabupaten, 'Sekretariat Daerah Kabupaten Balangan');
  assert.equal(page.now, 'Belum ada panggilan');
  assert.ok(page.setup, 'the display token came with the window: no token is asked');
  // The hub's own address, the token kept and gone from the address.
  assert.match(page.url, /^http:\/\/127\.0\.0\.1:\d+\/display\.html$/);
  // WebKitGTK here plays sound without a click: "Aktifkan suara" is never asked, so the
  // calls are heard after a reload or a restart with nobody at the window.
  const autoplay = await session.until(`return document.body.dataset.autoplay
    && { autoplay: document.body.dataset.autoplay, button: document.getElementById('sound').hidden }`, 'the autoplay probe', 10000);
  assert.deepEqual(autoplay, { autoplay: 'yes', button: true });
  // The voice clips come from the same server.
  const clip = await session.run(`return fetch('/audio/chime.wav').then((r) => r.status + ' ' + r.headers.get('content-type'))`);
  assert.equal(clip, '200 audio/wav');
  // A page of the LAN server: Tauri's IPC refuses it every command.
  const ipc = await session.run(`return window.__TAURI_INTERNALS__.invoke('lan_status').then(() => 'allowed', () => 'refused')`);
  assert.equal(ipc, 'refused');
  driver.screenshot(join(shots, 'desktop-display-window.png'));

  // Again: the open window comes forward, no third one.
  await session.switchTo(main);
  await session.click('#open-display');
  await session.until(`return /sudah terbuka/.test(document.getElementById('alert').textContent)`, 'the second notice');
  assert.equal((await session.handles()).length, 2);
});
