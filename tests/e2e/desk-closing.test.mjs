// The drawer and closing at the desk, in a real browser on the LAN (headless Debian chromium,
// Playwright): an earlier day left open mid-morning (`loket-hub demo --until 10:30`) shows as
// a banner with its guests and cards; its waiting guests are not called today; a card not
// held at check-in is held later from the visit's row; the cards show their time in WITA; the
// earlier day and then today are closed from the dialog, recording what happened to each card
// and guest.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { hubBin, shots, startHub, launchChromium, loggedIn } from './lan-hub.mjs';

let hub;
let browser;
let admin;
let page;
const pin = '135792';

before(async () => {
  assert.ok(existsSync(hubBin), 'loket-hub is built');
  mkdirSync(shots, { recursive: true });
  hub = await startHub({ until: '10:30' });
  admin = (await hub.api('auth.bootstrap', { username: 'admin', display_name: 'Admin Setda', pin: '258046' })).token;
  await hub.api('auth.save_account', { username: 'resepsionis', display_name: 'Siti Rahmawati', role: 'resepsionis', pin }, admin);
  browser = await launchChromium();
  page = await loggedIn(browser, hub.base, 'resepsionis', pin);
  await page.goto(`${hub.base}/#/meja`);
  await page.waitForSelector('#checkin-submit');
});

after(async () => {
  try {
    if (browser) await browser.close();
  } finally {
    if (hub) hub.stop();
  }
});

const api = (op, args) => hub.api(op, args, admin);

/** Picks, in the open closing dialog, an ending for every line that has a choice. */
async function recordEveryLine(dialog) {
  const choices = dialog.locator('select.closing-choice');
  const n = await choices.count();
  for (let i = 0; i < n; i++) {
    const choice = choices.nth(i);
    const kinds = await choice.locator('option').evaluateAll((os) => os.map((o) => o.value));
    const pick = ['left_behind', 'security', 'guest'].find((k) => kinds.includes(k));
    await choice.selectOption(pick);
    if (pick === 'security') {
      await dialog.locator('.closing-line').nth(i).locator('input.who-officer').fill('Pak Udin (satpam)');
    }
  }
  return n;
}

test('an earlier day left open is shown, kept out of today\'s queue, and closed from the desk', async () => {
  const banner = page.locator('section.earlier');
  await banner.waitFor();
  const day = await api('desk.today');
  const earlier = day.earlier.find((e) => e.date === hub.day);
  assert.ok(earlier, `the demo day ${hub.day} is listed as not closed`);
  assert.match(await banner.textContent(), new RegExp(earlier.date_label));
  // Its waiting guests and its cards are listed with what can happen to them.
  const own = earlier.closing.filter((l) => l.office_day === hub.day);
  assert.ok(own.some((l) => l.status === 'waiting'), 'guests still waiting at 10.30');
  assert.ok(own.some((l) => l.slot !== null), 'cards still in the drawer');
  assert.equal(await banner.locator('.earlier-lines li').count(), own.length);
  const waiting = own.find((l) => l.status === 'waiting' && l.slot !== null);
  if (waiting) {
    const li = banner.locator(`.earlier-lines li[data-visit-id="${waiting.visit_id}"]`);
    const offered = await li.locator('button').evaluateAll((bs) => bs.map((b) => b.dataset.ending));
    assert.deepEqual(offered, ['guest', 'other', 'security'], 'no "Tertinggal" for a guest still waiting');
  }
  // A guest still with an official: the desk may record what became of the consultation.
  const serving = own.find((l) => l.status === 'serving');
  assert.ok(serving, 'a guest with an official at 10.30');
  const servingLine = banner.locator(`.earlier-lines li[data-visit-id="${serving.visit_id}"]`);
  assert.equal(await servingLine.locator('button[data-desk-finish]').count(), 1);
  assert.equal(await servingLine.locator('button[data-ending]').count(), 0, 'no ending before that');
  // The drawer shows earlier cards with their date and time in WITA, never UTC.
  const held = await page.locator('.held li').allTextContents();
  assert.ok(held.length > 0);
  assert.ok(held.every((t) => /\d\d\.\d\d WITA/.test(t) && !/UTC/.test(t)), held.join('\n'));
  assert.ok(held.some((t) => t.includes(earlier.date_label)), 'an earlier card says its day');
  await page.screenshot({ path: join(shots, 'desk-earlier-day.png') });

  // Nobody from the earlier day is called today.
  const official = (await api('office.get')).officials.find((o) => o.active);
  await assert.rejects(api('queue.call_next', { official_id: official.id }), /Tidak ada tamu yang menunggu/);

  // The guests still with an official are finished by the official first.
  for (const o of (await api('office.get')).officials) {
    const q = await api('queue.list', { official_id: o.id });
    for (const v of [...q.current, ...q.earlier].filter((c) => c.status === 'serving')) {
      await api('queue.finish', { official_id: o.id, visit_id: v.id, outcome: { result: 'Selesai dibahas', closed: true } });
    }
  }
  await page.reload();
  await page.waitForSelector('section.earlier');
  await page.click(`section.earlier button[data-close="${hub.day}"]`);
  const dialog = page.locator('dialog.closing[open]');
  await dialog.waitFor();
  // Closing with nothing recorded is refused, in the dialog, naming what is left.
  await dialog.locator('#closing-submit').click();
  await dialog.locator('.form-error:not([hidden])').waitFor();
  assert.match(await dialog.locator('.form-error').textContent(), /Hari belum dapat ditutup: .*laci \d+/);
  const lines = await recordEveryLine(dialog);
  assert.ok(lines >= own.length);
  await page.screenshot({ path: join(shots, 'desk-closing-earlier.png') });
  await dialog.locator('#closing-submit').click();
  await page.locator('section.earlier').waitFor({ state: 'detached' });
  const after = await api('desk.today');
  assert.equal(after.earlier.length, 0);
  assert.ok(after.held.every((c) => c.left_behind || c.office_day === after.date), 'only left-behind cards of that day stay');
});

test('a card held later from the row, shown in WITA, and today closed from the dialog', async () => {
  // Checked in without the card (as a LAN check-in might be), then held from the row.
  const done = await api('desk.check_in', {
    guest: { name: 'Rina Marlina', id_type: 'ktp', id_number: '6311015208900012' },
    service: 'balangan-perekonomian-1', purpose: 'Konsultasi pengelolaan BUMD', admitted_note: 'uji meja',
  });
  assert.ok(done.warnings.includes('Kartu identitas belum disimpan di laci.'));
  const row = page.locator(`.visits tr[data-visit-id="${done.visit_id}"]`);
  await row.waitFor();
  await row.locator('button', { hasText: 'Simpan kartu' }).click();
  const ask = page.locator('dialog[open]');
  await ask.locator('select.hold-slot').waitFor();
  const slot = await ask.locator('select.hold-slot').inputValue();
  await ask.locator('button', { hasText: 'Simpan' }).click();
  const card = page.locator(`.held li[data-visit-id="${done.visit_id}"]`);
  await card.waitFor();
  const text = await card.textContent();
  assert.match(text, /Rina Marlina/);
  assert.match(text, /••••0012/);
  assert.match(text, /sejak \d\d\.\d\d WITA/);
  assert.match(await row.textContent(), new RegExp(`Laci ${slot}`));
  assert.equal(await row.locator('button', { hasText: 'Simpan kartu' }).count(), 0, 'held once');
  // The list redrew the changed row in its place without a failure on screen.
  assert.equal(await page.locator('#alert:not(.ok):not([hidden])').count(), 0, 'no error after the row changed');
  // Waiting: the card may go back, to someone, or to security, but is never "left behind".
  const offered = await card.locator('button').evaluateAll((bs) => bs.map((b) => b.dataset.ending));
  assert.deepEqual(offered, ['guest', 'other', 'security']);
  // Another guest whose card a colleague collects, named.
  const [free] = (await api('desk.today')).free_slots;
  const other = await api('desk.check_in', {
    guest: { name: 'Ahmad Fauzan', id_type: 'sim', id_number: '990011223344' },
    service: 'balangan-perekonomian-1', purpose: 'Konsultasi', admitted_note: 'uji meja', slot: free,
  });
  const otherCard = page.locator(`.held li[data-visit-id="${other.visit_id}"]`);
  await otherCard.waitFor();
  await page.screenshot({ path: join(shots, 'desk-held-cards.png') });
  await otherCard.locator('button[data-ending="other"]').click();
  const who = page.locator('dialog[open]');
  await who.locator('input.who-name').fill('Budi');
  await who.locator('input.who-relation').fill('rekan kerja');
  await who.locator('button', { hasText: 'Simpan' }).click();
  await otherCard.waitFor({ state: 'detached' });
  const history = await api('visit.show', { visit_id: other.visit_id });
  assert.deepEqual(history.visit.card.to, { by: 'other', name: 'Budi', relation: 'rekan kerja' });
  assert.equal(history.visit.status, 'left');

  // Closing today: a line for Rina, recorded as leaving with her card.
  await page.click('#close-day');
  const dialog = page.locator('dialog.closing[open]');
  await dialog.waitFor();
  const line = dialog.locator(`.closing-line[data-visit-id="${done.visit_id}"]`);
  assert.match(await line.textContent(), new RegExp(`laci ${slot}`));
  const kinds = await line.locator('option').evaluateAll((os) => os.map((o) => o.value).filter(Boolean));
  assert.deepEqual(kinds, ['guest', 'other', 'security']);
  await line.locator('select').selectOption('security');
  await line.locator('input.who-officer').fill('Pak Udin (satpam)');
  await page.screenshot({ path: join(shots, 'desk-closing-today.png') });
  await dialog.locator('#closing-submit').click();
  await dialog.waitFor({ state: 'detached' });
  await page.waitForFunction(() => document.getElementById('close-day').disabled);
  const today = await api('desk.today');
  assert.ok(today.closed);
  const rina = await api('visit.show', { visit_id: done.visit_id });
  assert.deepEqual(rina.visit.card.to, { by: 'security', officer: 'Pak Udin (satpam)' });
});
