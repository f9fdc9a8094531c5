// The chief's screen in a browser on the LAN (headless Debian chromium, Playwright): the
// Kepala Bagian opens the demo day, sees the figures and the charts, tells which service kept
// guests waiting longest, and downloads the day's guest log as Excel and PDF.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { hubBin, shots, startHub, launchChromium, loggedIn } from './lan-hub.mjs';
import { scratch } from './webdriver.mjs';

let hub;
let browser;
let page;
let admin;

before(async () => {
  assert.ok(existsSync(hubBin), 'loket-hub is built');
  mkdirSync(shots, { recursive: true });
  hub = await startHub();
  admin = (await hub.api('auth.bootstrap', { username: 'admin', display_name: 'Admin Setda', pin: '258046' })).token;
  await hub.api('auth.save_account', { username: 'kabag', display_name: 'Kepala Bagian Perekonomian', role: 'kepala_bagian', pin: '482615' }, admin);
  await hub.api('auth.save_account', { username: 'resepsionis', display_name: 'Siti Rahmawati', role: 'resepsionis', pin: '135792' }, admin);
  browser = await launchChromium();
  page = await loggedIn(browser, hub.base, 'kabag', '482615', { acceptDownloads: true, locale: 'id-ID', timezoneId: 'Asia/Makassar' });
  await page.goto(`${hub.base}/#/laporan`);
  await page.waitForSelector('#report-date');
  await page.fill('#report-date', hub.day.split('-').reverse().join('/'));
  await page.dispatchEvent('#report-date', 'change');
  await page.waitForFunction(() => document.querySelectorAll('.report-services tbody tr').length > 0);
});

after(async () => {
  try {
    if (browser) await browser.close();
  } finally {
    if (hub) hub.stop();
  }
});

test('the day in figures and charts, and the service that keeps guests waiting longest', async () => {
  const period = await page.textContent('#report-period');
  assert.match(period, /^(Senin|Selasa|Rabu|Kamis|Jumat), \d{1,2} [A-Z][a-z]+ 20\d\d$/);
  const guests = Number(await page.textContent('.stat:first-child .stat-value'));
  assert.ok(guests > 5, `a demo day has guests (${guests})`);
  // Three charts, each an SVG with its figures described.
  assert.equal(await page.locator('.chart svg').count(), 3);
  const desc = await page.locator('.chart svg desc').first().textContent();
  assert.match(desc, /\d{2}:00: \d+ tamu/);
  // The table names each service; the longest average wait is in the per-service chart.
  const rows = await page.locator('.report-services tbody tr').count();
  assert.ok(rows >= 1);
  const longest = await page.locator('#longest-wait').textContent();
  assert.match(longest, /menunggu paling lama/);
  await page.screenshot({ path: join(shots, 'report-chief.png') });
  await page.locator('.charts').screenshot({ path: join(shots, 'report-charts.png') });
});

test('the guest log downloads as Excel and as PDF under a name with the date', async () => {
  for (const [format, magic] of [['xlsx', 'PK'], ['pdf', '%PDF']]) {
    await page.selectOption('#export-format', format);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-go')]);
    assert.equal(download.suggestedFilename(), `buku-tamu-${hub.day}.${format}`);
    const path = join(scratch(), download.suggestedFilename());
    await download.saveAs(path);
    const bytes = readFileSync(path);
    assert.equal(bytes.subarray(0, magic.length).toString('latin1'), magic);
    assert.ok(bytes.length > 1000, `${format} is a real file (${bytes.length} bytes)`);
  }
});

test('a receptionist may not export the guest log, and is told so in Indonesian', async () => {
  const desk = await loggedIn(browser, hub.base, 'resepsionis', '135792');
  await desk.goto(`${hub.base}/#/laporan`);
  await desk.waitForSelector('#alert:not([hidden])');
  assert.match(await desk.textContent('#alert'), /tidak berwenang/);
  await desk.context().close();
});

test('a complaint being typed survives the live refresh of the chief\'s screen, cursor and all', async () => {
  const summary = page.locator('.complaint-record textarea');
  await summary.click();
  await summary.pressSequentially('Antrian panjang');
  // Anything recorded elsewhere redraws the figures; the marker goes with the old drawing.
  await page.evaluate(() => { document.getElementById('report-period').dataset.before = '1'; });
  await hub.api('auth.save_account', { username: 'resepsionis2', display_name: 'Rina Wati', role: 'resepsionis', pin: '147258' }, admin);
  await page.waitForFunction(() => { const p = document.getElementById('report-period'); return p && !p.dataset.before; });
  assert.equal(await summary.inputValue(), 'Antrian panjang', 'what was typed is still there');
  assert.ok(await summary.evaluate((el) => el === document.activeElement), 'the cursor is still in the box');
  await page.keyboard.type(' saat istirahat');
  assert.equal(await summary.inputValue(), 'Antrian panjang saat istirahat');
});
