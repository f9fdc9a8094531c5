// Closing a day in a minute, in a real browser on the LAN (headless Debian chromium,
// Playwright): today with nineteen guests still open at closing time — cards in the drawer,
// guests still waiting, guests served who have not collected their card, and one
// consultation the official never finished — is closed from the dialog with a handful of
// clicks: the desk records what became of the unfinished consultation, one exception is
// chosen, the common ending is recorded for all the rest at once after one confirmation that
// says how many, and the day is closed. The drawer, the visits' histories and the chief's
// report show the right endings afterwards.

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
  hub = await startHub();
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

/** Today's closing list, as the desk has it now. */
async function todaysLines() {
  return (await api('desk.today')).closing;
}

/** Nineteen guests checked in today, sixteen of them with a card in the drawer. */
async function aBusyDay() {
  const { free_slots: slots } = await api('desk.today');
  const visits = [];
  for (let i = 1; i <= 19; i++) {
    const done = await api('desk.check_in', {
      guest: { name: `Tamu Sore ${i}`, id_type: 'ktp', id_number: `631101010190${String(i).padStart(4, '0')}` },
      service: 'balangan-perekonomian-1', purpose: 'Konsultasi', admitted_note: 'uji tutup hari',
      ...(i <= 16 ? { slot: slots[i - 1] } : {}),
    });
    visits.push(done.visit_id);
  }
  return visits;
}

test('a day with many open cards and an unfinished consultation closes with a few clicks', async () => {
  const visits = await aBusyDay();
  // Two are served and finished; one is called and started, and the official never finishes.
  const official = (await api('office.get')).officials.find((o) => o.active);
  const serve = async (visit_id, finish) => {
    await api('queue.call', { official_id: official.id, visit_id });
    await api('queue.start', { official_id: official.id, visit_id });
    if (finish) await api('queue.finish', { official_id: official.id, visit_id, outcome: { result: 'Selesai dibahas', closed: true } });
  };
  await serve(visits[0], true);
  await serve(visits[1], true);
  await serve(visits[2], false);
  const unfinished = { visit: visits[2] };
  const lines = await todaysLines();
  assert.equal(lines.length, 19, 'nineteen cards and guests still open');
  assert.equal(lines.filter((l) => l.slot !== null).length, 16, 'sixteen cards in the drawer');
  const blocked = lines.find((l) => l.visit_id === unfinished.visit);
  assert.deepEqual(blocked.endings, [], 'nothing to record for it until the desk says what happened');
  assert.ok(blocked.desk_may_finish);
  // The exception: a guest already served whose card stays behind.
  const exception = lines.find((l) => l.visit_id === visits[1]);
  assert.ok(exception.endings.includes('left_behind'));
  const exceptionEnding = 'left_behind';

  // On a phone the dialog fits the screen: the common ending and its button are in view.
  const phone = await loggedIn(browser, hub.base, 'resepsionis', pin, { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  await phone.goto(`${hub.base}/#/meja`);
  await phone.waitForSelector(`.visits tr[data-visit-id="${visits[18]}"]`);
  await phone.click('#close-day');
  const small = phone.locator('dialog.closing[open]');
  await small.waitFor();
  const box = await small.locator('#closing-bulk').boundingBox();
  assert.ok(box.x >= 0 && box.x + box.width <= 390, `the bulk button is on screen (${JSON.stringify(box)})`);
  await phone.screenshot({ path: join(shots, 'desk-closing-bulk-phone.png') });
  await small.locator(`button[data-desk-finish="${unfinished.visit}"]`).click();
  await phone.locator('dialog[open]:not(.closing)').waitFor();
  await phone.screenshot({ path: join(shots, 'desk-closing-unfinished-phone.png') });
  await phone.context().close();

  let clicks = 0;
  const click = async (locator) => { clicks++; await locator.click(); };
  const started = Date.now();

  await page.reload();
  await page.waitForSelector(`.visits tr[data-visit-id="${visits[18]}"]`);
  await click(page.locator('#close-day'));
  const dialog = page.locator('dialog.closing[open]');
  await dialog.waitFor();
  assert.equal(await dialog.locator('.closing-line').count(), lines.length);
  const bulkButton = dialog.locator('#closing-bulk');
  const fitting = lines.filter((l) => l.endings.includes('guest')).length;
  assert.equal(await bulkButton.textContent(), `Catat untuk ${fitting} kartu dan tamu`);
  await page.screenshot({ path: join(shots, 'desk-closing-bulk-open.png') });

  // 1. The unfinished consultation: the desk records what happened, with its reason.
  const line = dialog.locator(`.closing-line[data-visit-id="${unfinished.visit}"]`);
  assert.match(await line.textContent(), /bila pejabat tidak menyelesaikannya/);
  await click(line.locator(`button[data-desk-finish="${unfinished.visit}"]`));
  const ask = page.locator('dialog[open]:not(.closing)');
  await ask.waitFor();
  assert.match(await ask.textContent(), /atas nama meja layanan, bukan pejabat/);
  await click(ask.getByLabel('Selesai tanpa dicatat pejabat'));
  await page.screenshot({ path: join(shots, 'desk-closing-unfinished.png') });
  await click(ask.locator('button.ask-ok'));
  await ask.waitFor({ state: 'detached' });
  // Its line now offers the endings of a guest who was served (or is gone, if no card).
  await page.waitForFunction((id) => {
    const l = document.querySelector(`dialog.closing .closing-line[data-visit-id="${id}"]`);
    return !l || l.querySelector('select.closing-choice');
  }, unfinished.visit);

  // 2. One exception, chosen on its line.
  const exceptionLine = dialog.locator(`.closing-line[data-visit-id="${exception.visit_id}"]`);
  clicks++;
  await exceptionLine.locator('select.closing-choice').selectOption(exceptionEnding);
  if (exceptionEnding === 'security') await exceptionLine.locator('input.who-officer').fill('Pak Udin (satpam)');

  // 3. Everything else at once: one confirmation that says how many.
  const remaining = await todaysLines();
  const expected = remaining.filter((l) => l.visit_id !== exception.visit_id && l.endings.includes('guest'));
  assert.equal(await bulkButton.textContent(), `Catat untuk ${expected.length} kartu dan tamu`);
  await click(bulkButton);
  const confirm = page.locator('dialog[open]:not(.closing)');
  await confirm.waitFor();
  assert.match(await confirm.locator('h3').textContent(), new RegExp(`Catat untuk ${expected.length} kartu dan tamu\\?`));
  assert.match(await confirm.textContent(), /Kartu dikembalikan ke tamu, tamu pulang/);
  assert.match(await confirm.textContent(), /1 lainnya tidak termasuk/);
  await page.screenshot({ path: join(shots, 'desk-closing-bulk-confirm.png') });
  await click(confirm.locator('button.ask-ok'));
  await confirm.waitFor({ state: 'detached' });
  // Only the exception is left, its choice kept.
  await page.waitForFunction(() => document.querySelectorAll('dialog.closing .closing-line').length === 1);
  assert.equal(await exceptionLine.locator('select.closing-choice').inputValue(), exceptionEnding);
  await page.screenshot({ path: join(shots, 'desk-closing-bulk-exception.png') });

  // 4. The day closes.
  await click(dialog.locator('#closing-submit'));
  await dialog.waitFor({ state: 'detached' });
  await page.waitForFunction(() => document.getElementById('close-day').disabled);
  const seconds = (Date.now() - started) / 1000;
  assert.ok(clicks <= 8, `closed in ${clicks} clicks`);
  console.log(`# closed ${lines.length} open cards and guests in ${clicks} clicks, ${seconds.toFixed(1)} s`);

  // The drawer: the card left behind (if that was the exception) stays, nothing else of the day.
  const after = await api('desk.today');
  assert.ok(after.closed);
  const ofDay = after.held.filter((c) => c.office_day === after.date);
  assert.deepEqual(ofDay.map((c) => [c.visit_id, c.left_behind]), [[exception.visit_id, true]]);
  assert.match(await page.locator(`.held li[data-visit-id="${exception.visit_id}"]`).textContent(), /tertinggal/);
  // Each guest of the bulk action has their own ending: card back, gone.
  for (const l of expected.filter((x) => x.slot !== null).slice(0, 3)) {
    const shown = await api('visit.show', { visit_id: l.visit_id });
    assert.deepEqual(shown.visit.card.to, { by: 'guest' });
    assert.equal(shown.visit.status, 'left');
  }
  // The unfinished consultation: recorded by the desk, not by the official.
  const done = await api('visit.show', { visit_id: unfinished.visit });
  assert.deepEqual(done.visit.desk_finish, { what: 'served_unrecorded' });
  assert.equal(done.visit.outcome, null);
  const entry = done.entries.find((e) => e.kind === 'finished_by_desk');
  assert.equal(entry.what, 'Diakhiri oleh meja layanan (bukan pejabat) — selesai tanpa dicatat pejabat');
  assert.equal(entry.actor, 'Siti Rahmawati (resepsionis)');
  // The chief's report tells it apart from the officials' own finishes.
  const report = await api('report.performance', { date: after.date, span: 'day' });
  assert.equal(report.recap.finished_by_desk, 1);
  assert.equal(report.recap.in_progress, 0);
  const chief = await loggedIn(browser, hub.base, 'admin', '258046');
  await chief.goto(`${hub.base}/#/laporan`);
  const stat = chief.locator('.stat', { hasText: 'Diakhiri meja' });
  await stat.waitFor();
  assert.equal(await stat.locator('.stat-value').textContent(), '1');
  await chief.screenshot({ path: join(shots, 'report-finished-by-desk.png') });
  await chief.context().close();
});
