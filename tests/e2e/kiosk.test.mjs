// The survey kiosk in a real browser (headless Debian chromium, Playwright), on a tablet-sized
// screen: a guest is served and finished through the hub's operations, the kiosk shows their
// ticket (and a second guest's, live, without reloading), the guest taps their ticket, answers
// the nine questions with the faces, sends, and sees the thank-you; the chief's recap counts
// the answer and the kiosk no longer lists the ticket.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { hubBin, shots, startHub, launchChromium } from './lan-hub.mjs';

let hub;
let base;
let api;
let browser;
let admin;
let kioskToken;
let official;

/** A guest checked in today, called, served and finished: ready for the survey. */
async function servedGuest(name, nik) {
  const done = await api('desk.check_in', {
    guest: { name, id_type: 'ktp', id_number: nik },
    service: 'balangan-perekonomian-1', purpose: 'Konsultasi pengelolaan BUMD', admitted_note: 'uji kios',
  }, admin);
  const ids = { official_id: official.id, visit_id: done.visit_id };
  await api('queue.call', ids, admin);
  await api('queue.start', ids, admin);
  await api('queue.finish', { ...ids, outcome: { result: 'Dijelaskan tata cara penyertaan modal', closed: true } }, admin);
  return done.ticket;
}

before(async () => {
  assert.ok(existsSync(hubBin), `loket-hub is built (${hubBin})`);
  mkdirSync(shots, { recursive: true });
  hub = await startHub();
  ({ base, api } = hub);
  admin = (await api('auth.bootstrap', { username: 'admin', display_name: 'Admin Setda', pin: '258046' })).token;
  const office = await api('office.get', undefined, admin);
  official = office.officials.find((o) => o.services.includes('balangan-perekonomian-1'));
  assert.ok(official, 'the demo office has an official for the service');
  kioskToken = (await api('auth.create_kiosk', { name: 'Tablet loket' }, admin)).token;
  browser = await launchChromium();
});

after(async () => {
  try {
    if (browser) await browser.close();
  } finally {
    if (hub) hub.stop();
  }
});

test('a served guest finds their ticket on the kiosk, answers nine questions and is thanked', async (t) => {
  const first = await servedGuest('Rina Marlina', '6311015208900012');

  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, hasTouch: true });
  const kiosk = await context.newPage();
  await kiosk.goto(`${base}/kiosk.html`);
  await kiosk.fill('#token-input', kioskToken);
  await kiosk.click('#token-submit');
  await kiosk.waitForFunction((t) => [...document.querySelectorAll('.k-ticket-no')].some((e) => e.textContent === t), first);
  // The kiosk shows the ticket and the service, never the guest's name.
  assert.ok(!(await kiosk.textContent('body')).includes('Rina'), 'no name on the kiosk');
  assert.match(await kiosk.textContent('.k-privacy'), /anonim/);

  // A second guest finished while the kiosk waits appears by itself.
  const finishedAt = Date.now();
  const second = await servedGuest('Ahmad Fauzan', '6311011203850021');
  await kiosk.waitForFunction((t) => [...document.querySelectorAll('.k-ticket-no')].some((e) => e.textContent === t), second, { timeout: 5000 });
  t.diagnostic(`the kiosk listed the new ticket ${Date.now() - finishedAt} ms after it was finished`);
  await kiosk.screenshot({ path: join(shots, 'kiosk-waiting.png') });

  // The guest taps their ticket and answers.
  await kiosk.click(`.k-ticket[data-visit] >> text=${first}`);
  await kiosk.waitForSelector('#survey:not([hidden])');
  assert.equal(await kiosk.textContent('#survey-ticket'), `Tiket ${first}`);
  assert.equal(await kiosk.locator('.k-question').count(), 9);
  assert.ok(await kiosk.isDisabled('#send'), 'Kirim waits for all nine answers');
  const answers = [4, 3, 4, 4, 3, 4, 4, 2, 3];
  for (const [i, level] of answers.entries()) {
    // Each answer scrolls the next question into view (smoothly, a moment later): a tap made
    // while the page still moves may land beside the face, as a finger would. Tap until the
    // face is chosen, as a guest would.
    const choice = kiosk.locator('.k-question').nth(i).locator(`.k-choice[data-level="${level}"]`);
    for (let tries = 0; tries < 3 && (await choice.getAttribute('aria-checked')) !== 'true'; tries++) {
      await choice.click();
    }
    assert.equal(await choice.getAttribute('aria-checked'), 'true', `question ${i + 1} answered`);
  }
  await kiosk.fill('#comment', 'Petugas ramah, mohon kursi ruang tunggu ditambah.');
  assert.equal((await kiosk.textContent('#progress')).trim(), 'Semua pertanyaan terjawab.');
  await kiosk.evaluate(() => window.scrollTo(0, 0));
  await kiosk.screenshot({ path: join(shots, 'kiosk.png') });
  await kiosk.screenshot({ path: join(shots, 'kiosk-survey-full.png'), fullPage: true });
  await kiosk.click('#send');
  await kiosk.waitForSelector('#thanks:not([hidden])');
  assert.match(await kiosk.textContent('#thanks'), /Terima kasih/);
  await kiosk.screenshot({ path: join(shots, 'kiosk-thanks.png') });

  // The chief's recap counts it, anonymously; the kiosk returns to its list without the ticket.
  const day = new Date().toISOString().slice(0, 10);
  const from = new Date(Date.now() - 2 * 86400000).toISOString().slice(0, 10);
  const to = new Date(Date.now() + 2 * 86400000).toISOString().slice(0, 10);
  const report = await api('skm.report', { from, to }, admin);
  assert.equal(report.respondents, 1, `one answer around ${day}`);
  assert.deepEqual(report.overall.nrr, answers);
  assert.ok(!JSON.stringify(report).includes('Rina'));
  await kiosk.waitForSelector('#waiting:not([hidden])', { timeout: 10000 });
  await kiosk.waitForFunction((t) => ![...document.querySelectorAll('.k-ticket-no')].some((e) => e.textContent === t), first);
  assert.ok(await kiosk.isVisible(`.k-ticket >> text=${second}`), 'the other guest still waits for their survey');
});
