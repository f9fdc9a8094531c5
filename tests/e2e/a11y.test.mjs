// Every screen under axe-core, on a demo day: the login, the catalog and a service's page,
// the desk, the official's queue on a PC and on a phone, the chief's report, the settings,
// the waiting-room display, the survey kiosk, the blanko tablet and /sertifikat. None may
// have a serious or critical accessibility violation (contrast, names, focusable scrolling
// regions, …).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { hubBin, shots, startHub, launchChromium, loggedIn } from './lan-hub.mjs';
import { assertAccessible } from './axe.mjs';

let hub;
let browser;
const pins = { admin: '258046', resepsionis: '135792', kabag: '482615', pejabat: '246813' };
const tokens = {};

before(async () => {
  assert.ok(existsSync(hubBin), `loket-hub is built (${hubBin})`);
  mkdirSync(shots, { recursive: true });
  hub = await startHub({ until: '10:30' });
  const { api } = hub;
  const admin = (await api('auth.bootstrap', { username: 'admin', display_name: 'Admin Setda', pin: pins.admin })).token;
  const office = await api('office.get', undefined, admin);
  const official = office.officials.find((o) => o.services.includes('balangan-perekonomian-1'));
  await api('auth.save_account', { username: 'pejabat', display_name: official.name, role: 'pejabat', official_id: official.id, pin: pins.pejabat }, admin);
  await api('auth.save_account', { username: 'resepsionis', display_name: 'Siti Rahmawati', role: 'resepsionis', pin: pins.resepsionis }, admin);
  await api('auth.save_account', { username: 'kabag', display_name: 'Kepala Bagian Perekonomian', role: 'kepala_bagian', pin: pins.kabag }, admin);
  tokens.display = (await api('auth.create_display', { name: 'TV ruang tunggu' }, admin)).token;
  tokens.kiosk = (await api('auth.create_kiosk', { name: 'Tablet survei' }, admin)).token;
  tokens.tablet = (await api('auth.create_tablet', { name: 'Tablet blanko' }, admin)).token;
  browser = await launchChromium();
});

after(async () => {
  try {
    if (browser) await browser.close();
  } finally {
    if (hub) hub.stop();
  }
});

test('the login screen', async () => {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  const page = await context.newPage();
  await page.goto(hub.base);
  await page.waitForSelector('#login-user');
  await assertAccessible(page, 'login');
  await context.close();
});

test('the catalog, a search and a service\'s page', async () => {
  const page = await loggedIn(browser, hub.base, 'resepsionis', pins.resepsionis);
  await page.goto(`${hub.base}/#/`);
  await page.fill('#query', 'remote akses');
  await page.waitForSelector('#results .result');
  await assertAccessible(page, 'catalog with results');
  await page.fill('#query', 'zzzqqq');
  await page.waitForSelector('#results .no-results');
  await assertAccessible(page, 'catalog without results');
  await page.goto(`${hub.base}/#/layanan/balangan-perekonomian-1`);
  await page.waitForSelector('.page[data-service-id="balangan-perekonomian-1"]');
  await assertAccessible(page, 'service page');
  await page.context().close();
});

test('the desk on a demo morning', async () => {
  const page = await loggedIn(browser, hub.base, 'resepsionis', pins.resepsionis);
  await page.goto(`${hub.base}/#/meja`);
  await page.waitForSelector('.visits tbody tr');
  await assertAccessible(page, 'desk');
  // The closing dialog of the demo's day, left open, with its bulk ending and its lines.
  await page.getByRole('button', { name: 'Tutup hari itu' }).first().click();
  await page.waitForSelector('dialog[open] .closing-line, dialog[open] li');
  await assertAccessible(page, 'desk: closing the day');
  await page.context().close();
});

test('the official\'s queue on a PC and on a phone', async () => {
  const page = await loggedIn(browser, hub.base, 'pejabat', pins.pejabat);
  await page.goto(`${hub.base}/#/pejabat`);
  await page.waitForSelector('.official .queue');
  await assertAccessible(page, 'official (PC)');
  await page.context().close();
  const phone = await loggedIn(browser, hub.base, 'pejabat', pins.pejabat,
    { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  await phone.waitForSelector('.official .queue');
  await assertAccessible(phone, 'official (phone)');
  await phone.context().close();
});

test('the chief\'s report', async () => {
  const page = await loggedIn(browser, hub.base, 'kabag', pins.kabag);
  await page.goto(`${hub.base}/#/laporan`);
  await page.waitForSelector('.report-services tbody tr, .report-body h2');
  await page.waitForSelector('.complaints-panel');
  await assertAccessible(page, 'report');
  await page.context().close();
});

test('the settings', async () => {
  const page = await loggedIn(browser, hub.base, 'admin', pins.admin);
  await page.goto(`${hub.base}/#/pengaturan`);
  await page.waitForSelector('#lan-form');
  await page.waitForSelector('#login-log table');
  await assertAccessible(page, 'settings');
  await page.context().close();
});

for (const [name, path] of [
  ['the waiting-room display', 'display.html'],
  ['the survey kiosk', 'kiosk.html'],
  ['the blanko tablet', 'blanko.html'],
]) {
  test(name, async () => {
    const kind = { 'display.html': 'display', 'kiosk.html': 'kiosk', 'blanko.html': 'tablet' }[path];
    const context = await browser.newContext({ viewport: path === 'display.html' ? { width: 1366, height: 768 } : { width: 800, height: 1280 } });
    const page = await context.newPage();
    await page.goto(`${hub.base}/${path}#token=${tokens[kind]}`);
    // The page has its state once the day's date is written from it.
    await page.waitForFunction(() => document.getElementById('date').textContent.trim() !== '');
    await assertAccessible(page, name);
    await context.close();
  });
}

test('the certificate page', async () => {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  const page = await context.newPage();
  const response = await page.goto(`${hub.base}/sertifikat`);
  assert.equal(response.status(), 200);
  await assertAccessible(page, '/sertifikat');
  await context.close();
});
