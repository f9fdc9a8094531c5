// A hub restart, as the desk PC rebooting or the hub crashing would cause, seen from open
// browsers (headless Debian chromium, Playwright): the desk and the official's screens say
// they are reconnecting, come back by themselves once the hub is up again on the same
// database and port, show a guest checked in elsewhere after the restart within a few
// seconds, and keep what the receptionist was typing. The receptionist had logged out and in
// again before, so the live stream still carried the old, revoked token: the reconnect must
// use the page's current one.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { hubBin, shots, startHub, launchChromium, loggedIn } from './lan-hub.mjs';

let hub;
let browser;
let admin;
const pins = { admin: '258046', resepsionis: '135792', pejabat: '246813' };

before(async () => {
  assert.ok(existsSync(hubBin), `loket-hub is built (${hubBin})`);
  mkdirSync(shots, { recursive: true });
  hub = await startHub();
  const { api } = hub;
  admin = (await api('auth.bootstrap', { username: 'admin', display_name: 'Admin Setda', pin: pins.admin })).token;
  const office = await api('office.get', undefined, admin);
  const official = office.officials.find((o) => o.services.includes('balangan-perekonomian-1'));
  await api('auth.save_account', { username: 'resepsionis', display_name: 'Siti Rahmawati', role: 'resepsionis', pin: pins.resepsionis }, admin);
  await api('auth.save_account', { username: 'pejabat', display_name: official.name, role: 'pejabat', official_id: official.id, pin: pins.pejabat }, admin);
  browser = await launchChromium();
});

after(async () => {
  try {
    if (browser) await browser.close();
  } finally {
    if (hub) hub.stop();
  }
});

const badge = (page, text, timeout = 10000) =>
  page.waitForFunction((t) => {
    const el = document.querySelector('.live-status');
    return el && el.textContent === t;
  }, text, { timeout });

test('after a hub restart the desk shows a new guest within seconds and keeps what was typed', async (t) => {
  const { base, api } = hub;
  const desk = await loggedIn(browser, base, 'resepsionis', pins.resepsionis);
  await desk.goto(`${base}/#/meja`);
  await desk.waitForSelector('#checkin-submit');
  await badge(desk, 'Terhubung');

  // Log out and in again: the open stream still carries the first (now revoked) token.
  await desk.click('#logout');
  await desk.fill('#login-user', 'resepsionis');
  await desk.fill('#login-pin', pins.resepsionis);
  await desk.click('#login-submit');
  await desk.waitForSelector('#logout');

  const official = await loggedIn(browser, base, 'pejabat', pins.pejabat);
  await official.waitForSelector('#call-next'); // an official lands on their own queue
  await badge(official, 'Terhubung');

  // The receptionist is half-way through a check-in when the hub goes down.
  await desk.fill('#guest-name', 'Budi Setengah Diketik');
  await desk.fill('#visit-purpose', 'Menanyakan penyertaan modal BUMD');

  await hub.stop();
  await badge(desk, 'Menyambung ulang…');
  await badge(official, 'Menyambung ulang…');
  await desk.screenshot({ path: join(shots, 'reconnect-down.png') });

  await hub.restart();
  // A guest checked in at another desk, after the restart.
  const { token } = await api('auth.login', { username: 'admin', pin: pins.admin });
  const checkedIn = Date.now();
  await api('desk.check_in', {
    guest: { name: 'Tamu Setelah Mulai Ulang', id_type: 'ktp', id_number: '6311015208900077' },
    service: 'balangan-perekonomian-1', purpose: 'Konsultasi', admitted_note: 'uji mulai ulang',
  }, token);
  await desk.waitForFunction(() => [...document.querySelectorAll('.visits .who')]
    .some((w) => w.textContent === 'Tamu Setelah Mulai Ulang'), null, { timeout: 8000 });
  const shownAfter = Date.now() - checkedIn;
  t.diagnostic(`the desk showed the guest ${shownAfter} ms after the check-in`);
  // The desk's safety-net poll runs every 20 s: this fast, only the reopened stream did it.
  assert.ok(shownAfter < 8000, `shown after ${shownAfter} ms`);
  await badge(desk, 'Terhubung');
  await badge(official, 'Terhubung');

  // Nothing typed was lost.
  assert.equal(await desk.inputValue('#guest-name'), 'Budi Setengah Diketik');
  assert.equal(await desk.inputValue('#visit-purpose'), 'Menanyakan penyertaan modal BUMD');
  await desk.screenshot({ path: join(shots, 'reconnect-back.png') });

  // The official's queue has the new guest too.
  await official.waitForFunction(() => [...document.querySelectorAll('.waiting .guest-line strong')]
    .some((s) => s.textContent === 'Tamu Setelah Mulai Ulang'), null, { timeout: 8000 });
});
