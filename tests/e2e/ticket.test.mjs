// The desk's printouts in a real browser on the LAN (headless Debian chromium, Playwright):
// the queue ticket is a receipt, 58 mm wide (80 mm when the admin says so) and one page long,
// with the short service label, the time of issue, the official's room, the drawer slot that
// holds the card and how many guests wait ahead; with "Cetak karcis otomatis" it prints at
// check-in; the slip "Kekurangan Persyaratan" lists only what the guest must bring, with the
// time and the officer's name; "Tamu hari ini" shows short labels (the full name on hover).
//
// window.print() is replaced by a counter: a headless browser has no print dialog, and the
// page that would go to the printer is then printed to PDF with its own CSS page size.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { hubBin, shots, startHub, launchChromium, loggedIn as login } from './lan-hub.mjs';

let hub;
let browser;
const pins = { admin: '258046', resepsionis: '135792' };
let official;

before(async () => {
  assert.ok(existsSync(hubBin), 'loket-hub is built');
  mkdirSync(shots, { recursive: true });
  hub = await startHub();
  const admin = (await hub.api('auth.bootstrap', { username: 'admin', display_name: 'Admin Setda', pin: pins.admin })).token;
  await hub.api('auth.save_account', { username: 'resepsionis', display_name: 'Siti Rahmawati', role: 'resepsionis', pin: pins.resepsionis }, admin);
  const office = await hub.api('office.get', undefined, admin);
  official = office.officials.find((o) => o.active && o.services.includes('balangan-perekonomian-1'));
  assert.ok(official, 'the demo office has an official for the first Perekonomian service');
  browser = await launchChromium();
});

after(async () => {
  try {
    if (browser) await browser.close();
  } finally {
    if (hub) hub.stop();
  }
});

/** A logged-in page whose window.print() only counts. */
async function loggedIn(user, options) {
  const page = await login(browser, hub.base, user, pins[user], options);
  await page.context().addInitScript(() => {
    window.print = () => { window.__printed = (window.__printed || 0) + 1; };
  });
  await page.reload();
  await page.waitForSelector('#logout');
  return page;
}

const printed = (page) => page.evaluate(() => window.__printed || 0);

async function pickService(page) {
  await page.fill('#visit-service', 'bumd');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => {
    const list = document.querySelector('.checklist-box');
    // Perekonomian's checklist holds only the desk's own steps, so nothing to tick is drawn.
    return list && list.dataset.service === 'balangan-perekonomian-1';
  });
}

/** Checks a guest in for the official, every requirement shown; returns their ticket. */
async function checkIn(page, name, nik) {
  await page.click('.finder-row button');
  await page.fill('#guest-name', name);
  await page.fill('#guest-id-number', nik);
  await page.fill('#visit-purpose', 'Konsultasi pengelolaan BUMD');
  await pickService(page);
  await page.selectOption('#visit-official', String(official.id));
  const boxes = page.locator('.req-item');
  for (let i = 0; i < await boxes.count(); i++) await boxes.nth(i).check();
  await page.click('#checkin-submit');
  await page.waitForFunction((n) => {
    const box = document.querySelector('.ticket-done');
    return box && box.textContent.includes(`${n} —`);
  }, name);
  return (await page.textContent('#last-ticket')).trim();
}

/** The PDF's pages as [width, height] in millimetres, from their MediaBox. */
function pageSizes(pdf) {
  const text = pdf.toString('latin1');
  return [...text.matchAll(/\/MediaBox\s*\[\s*([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s*\]/g)]
    .map((m) => [(Number(m[3]) - Number(m[1])) * 25.4 / 72, (Number(m[4]) - Number(m[2])) * 25.4 / 72]);
}

/** Clicks "Cetak tiket", waits for the print, and prints the page to PDF as the printer would. */
async function printTicketPdf(page) {
  const before = await printed(page);
  await page.click('#print-ticket');
  await page.waitForFunction((n) => (window.__printed || 0) > n, before);
  return page.pdf({ preferCSSPageSize: true, printBackground: true });
}

test('the ticket is a one-page receipt of 58 mm, or 80 mm by the setting, with what the guest needs', async () => {
  const desk = await loggedIn('resepsionis');
  await desk.goto(`${hub.base}/#/meja`);
  await desk.waitForSelector('#checkin-submit');
  await checkIn(desk, 'Rina Marlina', '6311015208900012');
  const ticket = await checkIn(desk, 'Ahmad Fauzan', '6311011203850021');

  const pdf = await printTicketPdf(desk);
  const sizes = pageSizes(pdf);
  assert.equal(sizes.length, 1, `one page, not ${sizes.length}`);
  const [[width, height]] = sizes;
  assert.ok(Math.abs(width - 58) <= 0.5, `the page is 58 mm wide, not ${width.toFixed(1)} mm`);
  assert.ok(height > 40 && height < 150, `the page is as long as the ticket, not ${height.toFixed(1)} mm`);

  const text = await desk.textContent('#print-area .ticket-print');
  assert.ok(text.includes(ticket), 'the ticket number');
  assert.ok(text.includes('1. Pengelolaan BUMD dan BULD'), `the short service label: ${text}`);
  assert.ok(!text.includes('Fasilitasi Pelayanan Koordinasi'), 'not the decree\'s full name');
  assert.match(text, /(Senin|Selasa|Rabu|Kamis|Jumat|Sabtu|Minggu), \d{1,2} \w+ \d{4} · \d{2}\.\d{2} WITA/, 'the time of issue');
  assert.ok(text.includes(official.room), 'the official\'s room');
  assert.match(text, /Laci kartu\s*Nomor \d+/, 'the drawer slot holding the card');
  assert.ok(text.includes('1 tamu menunggu sebelum Anda'), `the guest ahead: ${text}`);
  await desk.emulateMedia({ media: 'print' });
  await desk.locator('#print-area .ticket-print').screenshot({ path: join(shots, 'ticket-58mm.png') });
  await desk.emulateMedia({ media: 'screen' });

  // The admin chooses 80 mm paper; the browser's settings say it always shows the dialog.
  const admin = await loggedIn('admin');
  await admin.goto(`${hub.base}/#/pengaturan`);
  await admin.waitForSelector('#ticket-settings');
  assert.match(await admin.textContent('#ticket-print-where'), /selalu menampilkan dialog cetak/);
  await admin.selectOption('#ticket-paper', '80');
  await admin.evaluate(() => { document.getElementById('ticket-settings').dataset.before = '1'; });
  await admin.click('#save-ticket-settings');
  await admin.waitForFunction(() => document.getElementById('alert').textContent.includes('karcis disimpan'));
  // The settings drawn again, as saved.
  await admin.waitForFunction(() => {
    const panel = document.getElementById('ticket-settings');
    return panel && !panel.dataset.before && document.getElementById('ticket-paper').value === '80';
  });
  await admin.locator('#ticket-settings').screenshot({ path: join(shots, 'ticket-settings.png') });

  const wide = pageSizes(await printTicketPdf(desk));
  assert.equal(wide.length, 1, 'one page');
  assert.ok(Math.abs(wide[0][0] - 80) <= 0.5, `the page is 80 mm wide, not ${wide[0][0].toFixed(1)} mm`);
  // The first-run checklist's test ticket is printed as a guest's is: on the 80 mm paper.
  const beforeTest = await printed(admin);
  await admin.click('#checklist-printer-test');
  await admin.waitForFunction((n) => (window.__printed || 0) > n, beforeTest);
  assert.equal(await admin.getAttribute('#print-area .ticket-print', 'data-paper'), '80');
  assert.match(await admin.textContent('#print-area .ticket-print'), /Karcis uji printer/);
  const testPage = pageSizes(await admin.pdf({ preferCSSPageSize: true, printBackground: true }));
  assert.ok(Math.abs(testPage[0][0] - 80) <= 0.5, `the test ticket is 80 mm wide, not ${testPage[0][0].toFixed(1)} mm`);
  await desk.emulateMedia({ media: 'print' });
  await desk.locator('#print-area .ticket-print').screenshot({ path: join(shots, 'ticket-80mm.png') });
  await desk.emulateMedia({ media: 'screen' });

  // Printing at check-in: the ticket goes to print without a click.
  await hub.api('office.set_ticket', { paper_mm: 58, auto_print: true },
    (await hub.api('auth.login', { username: 'admin', pin: pins.admin })).token);
  await desk.reload();
  await desk.waitForSelector('#checkin-submit');
  const third = await checkIn(desk, 'Dewi Lestari', '6311014506900033');
  await desk.waitForFunction(() => (window.__printed || 0) >= 1);
  assert.ok((await desk.textContent('#print-area .ticket-print')).includes(third), 'the new guest\'s ticket printed by itself');
  assert.ok((await desk.textContent('#print-area .ticket-print')).includes('2 tamu menunggu sebelum Anda'));

  // Today's guests: short labels, the full name on hover, a line or two each.
  await desk.waitForFunction(() => document.querySelectorAll('.visits tbody tr[data-visit-id]').length >= 3);
  await desk.screenshot({ path: join(shots, 'ticket-desk-1366.png') });
  const cell = desk.locator('.visits tbody tr[data-visit-id] td.service-short').first();
  assert.equal((await cell.textContent()).trim(), '1. Pengelolaan BUMD dan BULD');
  assert.match(await cell.getAttribute('title'), /^Fasilitasi Pelayanan Koordinasi dan Konsultasi terkait Pengelolaan BUMD/);
  const lines = await cell.evaluate((td) => {
    const range = document.createRange();
    range.selectNodeContents(td);
    return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size;
  });
  assert.ok(lines <= 2, `the service takes ${lines} lines in today's list`);
  await admin.context().close();
  await desk.context().close();
});

test('the slip lists only what the guest must bring, with the time and the officer above the signature', async () => {
  const desk = await loggedIn('resepsionis');
  await desk.goto(`${hub.base}/#/meja`);
  await desk.waitForSelector('#checkin-submit');
  await desk.getByText('Datang atas nama instansi').click();
  await desk.fill('#visit-service', '');
  await pickService(desk);
  // The decree lists the blanko and handing the card among the requirements: the desk's own
  // steps, shown apart from the checklist, as the SPT/SPPD is (recorded by its box).
  const checklist = await desk.locator('.req-item').evaluateAll((items) => items.map((i) => i.value));
  assert.ok(!checklist.some((t) => t.startsWith('Mengisi Lembar Blanko')), `no desk step to tick: ${checklist}`);
  await desk.click('#print-missing');
  await desk.waitForFunction(() => (window.__printed || 0) >= 1);
  const slip = await desk.textContent('#print-area .sheet');
  assert.ok(!slip.includes('Mengisi Lembar Blanko'), 'not the desk\'s blanko');
  assert.ok(!slip.includes('Menyerahkan KTP/Tanda Pengenal lainnya kepada Staf'), 'not handing the card to the desk');
  assert.ok(slip.includes('Surat Penugasan'), `what the guest brings is listed: ${slip}`);
  assert.match(slip, /\d{1,2} \w+ \d{4} · \d{2}\.\d{2} WITA/, 'the time of issue');
  assert.equal((await desk.textContent('#print-area .sign .officer')).trim(), 'Siti Rahmawati');
  await desk.emulateMedia({ media: 'print' });
  await desk.locator('#print-area .sheet').screenshot({ path: join(shots, 'ticket-missing-slip.png') });
  await desk.context().close();
});

test('on a phone the desk\'s list of today\'s guests shows the short labels', async () => {
  const phone = await loggedIn('resepsionis', { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  await phone.goto(`${hub.base}/#/meja`);
  await phone.waitForSelector('.visits tbody tr[data-visit-id]');
  assert.equal((await phone.locator('td.service-short').first().textContent()).trim(), '1. Pengelolaan BUMD dan BULD');
  await phone.locator('.day').screenshot({ path: join(shots, 'ticket-desk-phone.png') });
  await phone.context().close();
});
