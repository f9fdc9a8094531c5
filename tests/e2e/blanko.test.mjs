// The blanko tablet and the desk's visit dialog in a real browser (headless Debian chromium,
// Playwright) against the hub: a guest checked in at the desk finds their ticket number on
// the tablet (no name shown), writes their blanko and sends it; the desk opens the visit and
// sees the blanko and who wrote it in the history; the receptionist corrects the group size,
// undoes an accidental "Pulang" with a correction, and the original entries stay in the
// history marked void.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { hubBin, shots, startHub, launchChromium, loggedIn } from './lan-hub.mjs';

let hub;
let base;
let api;
let browser;
let admin;
let tabletToken;

before(async () => {
  assert.ok(existsSync(hubBin), `loket-hub is built (${hubBin})`);
  mkdirSync(shots, { recursive: true });
  hub = await startHub();
  ({ base, api } = hub);
  admin = (await api('auth.bootstrap', { username: 'admin', display_name: 'Admin Setda', pin: '258046' })).token;
  tabletToken = (await api('auth.create_tablet', { name: 'Tablet meja' }, admin)).token;
  browser = await launchChromium();
});

after(async () => {
  try {
    if (browser) await browser.close();
  } finally {
    if (hub) hub.stop();
  }
});

test('a guest writes the blanko on the tablet and the desk sees it, corrects the visit and undoes a check-out', async () => {
  const done = await api('desk.check_in', {
    guest: { name: 'Rina Marlina', id_type: 'ktp', id_number: '6311015208900012' },
    service: 'balangan-perekonomian-1', purpose: 'Konsultasi penyertaan modal BUMD', admitted_note: 'uji tablet',
  }, admin);
  const ticket = done.ticket;

  // The tablet: the token once, then the ticket numbers waiting for a blanko.
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, hasTouch: true });
  const tablet = await context.newPage();
  await tablet.goto(`${base}/blanko.html`);
  await tablet.fill('#token-input', tabletToken);
  await tablet.click('#token-submit');
  await tablet.waitForFunction((t) => [...document.querySelectorAll('.k-ticket-no')].some((e) => e.textContent === t), ticket);
  const shown = await tablet.textContent('body');
  assert.ok(!shown.includes('Rina') && !shown.includes('0012'), 'no name or ID number on the tablet');
  await tablet.screenshot({ path: join(shots, 'blanko-tablet-waiting.png') });

  await tablet.click(`.k-ticket[data-visit="${done.visit_id}"]`);
  await tablet.waitForSelector('#form:not([hidden])');
  assert.equal(await tablet.textContent('#form-ticket'), `Tiket ${ticket}`);
  // An empty topic is refused with the field named; nothing is sent.
  await tablet.fill('#questions', 'Bagaimana prosedur penambahan penyertaan modal pada PT Balangan Mandiri?');
  await tablet.click('#send');
  await tablet.waitForSelector('#form-error:not([hidden])');
  assert.match(await tablet.textContent('#form-error'), /Topik konsultasi/);
  await tablet.fill('#topic', 'Penyertaan modal PT Balangan Mandiri');
  await tablet.fill('#documents', 'Draft Perda penyertaan modal');
  await tablet.fill('#contact', '0812 3456 7890');
  await tablet.screenshot({ path: join(shots, 'blanko-tablet-form.png') });
  await tablet.click('#send');
  await tablet.waitForSelector('#thanks:not([hidden])');
  await tablet.screenshot({ path: join(shots, 'blanko-tablet-thanks.png') });

  // The desk: the visit's dialog shows the blanko and that the tablet wrote it.
  const desk = await loggedIn(browser, base, 'admin', '258046', { viewport: { width: 1366, height: 900 } });
  await desk.goto(`${base}/#/meja`);
  const row = `tr[data-visit-id="${done.visit_id}"]`;
  await desk.waitForSelector(row);
  await desk.click(`${row} >> text=Rincian`);
  await desk.waitForSelector('.visit-dialog .vd-history');
  const dialog = desk.locator('.visit-dialog');
  assert.match(await dialog.textContent(), /Penyertaan modal PT Balangan Mandiri/);
  const filled = dialog.locator('tr[data-kind="blanko_filled"]');
  assert.match(await filled.textContent(), /tablet Tablet meja/);
  assert.match(await filled.textContent(), /W(IT)?A|WIB|WIT/, 'the time in the office zone');
  assert.ok(await dialog.locator('text=Cetak blanko A5').isVisible(), 'the blanko can be printed from the visit');

  // A correction: the group size, with its reason; the check-in stays as it was.
  await desk.selectOption('#vd-what', 'group_size');
  await desk.fill('#vd-value', '3');
  await desk.fill('#vd-note', 'Dua rekan menyusul');
  await desk.click('#vd-correct');
  await desk.waitForFunction(() => document.getElementById('vd-group')?.textContent === '3');
  assert.match(await dialog.locator('tr[data-kind="corrected"]').last().textContent(), /Koreksi jumlah orang: 3.*Alasan: Dua rekan menyusul/s);
  await dialog.locator('.vd-history').screenshot({ path: join(shots, 'visit-dialog-history.png') });
  await desk.click('.visit-dialog >> text=Tutup');

  // An accidental "Pulang", undone by voiding it.
  await desk.click(`${row} >> text=Pulang`);
  await desk.waitForSelector(`${row}[data-status="left"]`);
  await desk.click(`${row} >> text=Rincian`);
  await desk.waitForSelector('.visit-dialog tr[data-kind="left"]');
  await desk.click('.visit-dialog tr[data-kind="left"] >> text=Batalkan');
  await desk.fill('#vd-note', 'Tombol Pulang tertekan, tamu masih menunggu');
  await desk.screenshot({ path: join(shots, 'visit-dialog-koreksi.png') });
  await desk.click('#vd-correct');
  await desk.waitForSelector('.visit-dialog tr[data-kind="left"].voided');
  assert.match(await dialog.locator('.vd-head .status').textContent(), /Menunggu/);
  assert.match(await dialog.locator('tr[data-kind="left"]').textContent(), /dibatalkan/);
  await dialog.screenshot({ path: join(shots, 'visit-dialog.png') });
  await desk.click('.visit-dialog >> text=Tutup');
  await desk.waitForSelector(`${row}[data-status="waiting"]`);

  // The tablet no longer lists the ticket: its blanko is written.
  await tablet.waitForSelector('#waiting:not([hidden])', { timeout: 10000 });
  await tablet.waitForFunction((t) => ![...document.querySelectorAll('.k-ticket-no')].some((e) => e.textContent === t), ticket);
});
