// A morning at the desk in words an Indonesian reads, in an English browser: dates typed and
// shown day first (07/12/2026 is 7 December) and sent as ISO, each role landing on its own
// screen with only its tabs and the office's clock, the admin's first-run checklist following
// what is set up, Pengaturan's notices that stay, and the complaint form choosing a service by
// its name.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { hubBin, shots, startHub, launchChromium, loggedIn } from './lan-hub.mjs';

let hub;
let browser;
const pins = { admin: '258046', resepsionis: '135792', kabag: '482615' };
/** An English browser on a PC whose clock is not the office's. */
const english = { locale: 'en-US', timezoneId: 'America/New_York' };

/** "2026-12-07" → "07/12/2026". */
const dmy = (iso) => iso.split('-').reverse().join('/');

/** Today in the office (Balangan: WITA) as ISO. */
function officeToday() {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Makassar', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}

before(async () => {
  assert.ok(existsSync(hubBin), `loket-hub is built (${hubBin})`);
  mkdirSync(shots, { recursive: true });
  hub = await startHub();
  const { api } = hub;
  const admin = (await api('auth.bootstrap', { username: 'admin', display_name: 'Admin Setda', pin: pins.admin })).token;
  await api('auth.save_account', { username: 'resepsionis', display_name: 'Siti Rahmawati', role: 'resepsionis', pin: pins.resepsionis }, admin);
  await api('auth.save_account', { username: 'kabag', display_name: 'Kepala Bagian Perekonomian', role: 'kepala_bagian', pin: pins.kabag }, admin);
  browser = await launchChromium(['--lang=en-US']);
});

after(async () => {
  try {
    if (browser) await browser.close();
  } finally {
    if (hub) hub.stop();
  }
});

test('each role lands on its own screen, sees only its tabs, and the office clock', async () => {
  const visibleTabs = (page) => page.$$eval('.tab', (tabs) => tabs.filter((t) => !t.hidden).map((t) => t.textContent));
  const desk = await loggedIn(browser, hub.base, 'resepsionis', pins.resepsionis, english);
  await desk.waitForFunction(() => location.hash === '#/meja');
  assert.deepEqual(await visibleTabs(desk), ['Katalog Standar', 'Meja Layanan']);
  await desk.waitForFunction(() => /^\d{2}\.\d{2} WITA$/.test(document.getElementById('clock').textContent));
  // The office's hour, not the browser's (New York).
  const officeHour = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Makassar', hour: '2-digit', hourCycle: 'h23' }).format(new Date());
  const shown = await desk.textContent('#clock');
  const next = String((Number(officeHour) + 1) % 24).padStart(2, '0');
  assert.ok(shown.startsWith(`${officeHour}.`) || shown.startsWith(`${next}.`), `clock ${shown}, office hour ${officeHour}`);
  await desk.locator('.topbar').screenshot({ path: join(shots, 'words-topbar-desk.png') });
  await desk.context().close();

  const chief = await loggedIn(browser, hub.base, 'kabag', pins.kabag, english);
  await chief.waitForFunction(() => location.hash === '#/laporan');
  assert.ok(!(await visibleTabs(chief)).includes('Pengaturan'));
  assert.ok((await visibleTabs(chief)).includes('Laporan'));
  // The report's date reads day first in an English browser, and is typed so.
  await chief.waitForFunction(() => /^\d{2}\/\d{2}\/\d{4}$/.test(document.getElementById('report-date')?.value || ''));
  await chief.fill('#report-date', dmy(hub.day));
  await chief.press('#report-date', 'Tab');
  const [year, month, day] = hub.day.split('-').map(Number);
  const MONTHS = ['Januari', 'Februari', 'Maret', 'April', 'Mei', 'Juni', 'Juli', 'Agustus', 'September', 'Oktober', 'November', 'Desember'];
  const long = `${day} ${MONTHS[month - 1]} ${year}`;
  await chief.waitForFunction((text) => document.getElementById('report-period')?.textContent.includes(text), long);
  assert.equal(await chief.inputValue('#report-date'), dmy(hub.day));
  await chief.context().close();
});

test('in an English browser a date is typed and shown day first, and sent as ISO', async () => {
  const admin = await loggedIn(browser, hub.base, 'admin', pins.admin, english);
  await admin.waitForFunction(() => location.hash === '#/pengaturan');
  await admin.waitForSelector('#holidays');
  assert.equal(await admin.getAttribute('#holiday-date', 'placeholder'), 'hh/bb/tttt');
  assert.equal(await admin.getAttribute('#holiday-date', 'type'), 'text');
  // The login log's period defaults to today in the office, day first.
  await admin.waitForSelector('#login-log table');
  assert.equal(await admin.inputValue('#login-log-to'), dmy(officeToday()));

  // Not a date: refused on screen, nothing added.
  await admin.fill('#holiday-date', '31/02/2027');
  await admin.fill('#holiday-name', 'Tanggal yang tidak ada');
  await admin.click('#holidays button[type=submit]');
  await admin.waitForSelector('#alert:not([hidden]):not(.ok)');
  assert.match(await admin.textContent('#alert'), /bukan tanggal.*07\/12\/2026/);
  assert.equal(await admin.$('#holidays tr[data-date="2027-02-28"], #holidays tr[data-date="2027-03-03"]'), null);

  // 07/12/2027 is 7 December, whatever the browser's language.
  await admin.fill('#holiday-date', '7/12/2027');
  await admin.fill('#holiday-name', 'Hari Jadi Kabupaten Balangan');
  await admin.click('#holidays button[type=submit]');
  await admin.waitForSelector('#holidays tr[data-date="2027-12-07"]');
  assert.match(await admin.textContent('#holidays tr[data-date="2027-12-07"]'), /Selasa, 7 Desember 2027/);
  // The notice stays after the page redrew itself.
  await admin.waitForSelector('#alert.ok:not([hidden])');
  assert.match(await admin.textContent('#alert'), /Hari libur 07\/12\/2027 ditambahkan/);
  await admin.waitForSelector('#login-log table');
  assert.ok(await admin.isVisible('#alert.ok'), 'the notice is still there once the page is drawn');
  await admin.screenshot({ path: join(shots, 'words-settings-en-US.png') });
  // The next action takes it away.
  await admin.click('#login-log-show');
  await admin.waitForSelector('#alert', { state: 'hidden' });
  await admin.context().close();
});

test('the admin\'s first-run checklist follows what is set up, and Pengaturan has a section menu', async () => {
  const admin = await loggedIn(browser, hub.base, 'admin', pins.admin, english);
  await admin.waitForSelector('#first-run');
  const state = () => admin.$$eval('#first-run li', (items) => Object.fromEntries(items.map((li) => [li.dataset.step, li.className])));
  // The demo office has its setup and officials; the accounts were made; no display, no printer yet.
  assert.deepEqual(await state(), { office: 'done', officials: 'done', accounts: 'done', display: 'todo', printer: 'todo' });
  assert.match(await admin.textContent('#first-run h2'), /3 dari 5 selesai/);
  await admin.locator('#first-run').screenshot({ path: join(shots, 'words-first-run.png') });

  // The step's link leads to where the display's token is made; each kind has its own name.
  await admin.click('#first-run li[data-step="display"] a');
  await admin.waitForFunction(() => document.activeElement && document.activeElement.closest('#device-tokens'));
  await admin.fill('#token-name-display', 'TV ruang tunggu');
  assert.equal(await admin.inputValue('#token-name-kiosk'), '', 'the kiosk has its own name field');
  await admin.click('#token-make-display');
  await admin.waitForSelector('.token-shown:has-text("Token layar untuk TV ruang tunggu")');
  await admin.waitForSelector('#first-run li[data-step="display"].done');

  // The section menu stays in view down the long page.
  const menu = admin.locator('.settings-menu');
  await admin.click('.settings-menu a:has-text("Data pribadi tamu")');
  await admin.waitForFunction(() => document.activeElement && document.activeElement.closest('#set-data-pribadi'));
  const box = await menu.boundingBox();
  assert.ok(box && box.y < 200, `the menu is still at the top (${JSON.stringify(box)})`);
  await admin.screenshot({ path: join(shots, 'words-settings-menu.png') });

  await admin.click('#checklist-printer-ok');
  await admin.waitForSelector('#first-run', { state: 'detached' });
  await admin.context().close();
});

test('the complaint form chooses a service by its name, never its code', async () => {
  const chief = await loggedIn(browser, hub.base, 'kabag', pins.kabag, english);
  await chief.waitForSelector('.complaint-record select');
  const select = chief.locator('.complaint-record label:has-text("Layanan") select');
  await chief.waitForFunction(() => document.querySelectorAll('.complaint-record select')[2]?.options.length > 1);
  const options = await select.evaluate((s) => [...s.options].map((o) => o.textContent));
  assert.ok(options.length > 1);
  for (const o of options) assert.doesNotMatch(o, /balangan-|perekonomian-\d/);
  const first = options[1];
  await select.selectOption({ label: first });
  // Received on the first day of the period listed, typed day first.
  const from = await chief.inputValue('.complaints-panel input.date-input');
  assert.match(from, /^\d{2}\/\d{2}\/\d{4}$/);
  await chief.fill('.complaint-record input.date-input', from);
  await chief.fill('.complaint-record textarea', 'Antrian panjang saat jam istirahat');
  await chief.click('.complaint-record button[type=submit]');
  const name = first.replace(/^\d+\.\s*/, '');
  // Its date reads day first. Read in the same look as the row is found: the report screen
  // redraws its panels when the live stream says the complaint was recorded.
  const received = await (await chief.waitForFunction((n) => {
    const row = [...document.querySelectorAll('.complaints tbody tr')]
      .find((tr) => [...tr.cells].some((td) => td.textContent === n));
    return row ? row.cells[0].textContent : null;
  }, name)).jsonValue();
  assert.equal(received, from);
  await chief.context().close();
});

test('on a phone, Pengaturan\'s section menu is one row and the page is no wider than the screen', async () => {
  const phone = await loggedIn(browser, hub.base, 'admin', pins.admin,
    { ...english, viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  await phone.waitForSelector('.settings-menu a');
  const { width, menu } = await phone.evaluate(() => ({
    width: document.documentElement.scrollWidth,
    menu: document.querySelector('.settings-menu').getBoundingClientRect().height,
  }));
  assert.ok(width <= 390, `the page is ${width} px wide`);
  assert.ok(menu < 80, `the section menu is ${menu} px tall`);
  await phone.screenshot({ path: join(shots, 'words-settings-phone.png') });
  await phone.context().close();
});
