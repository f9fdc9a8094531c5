// Many desks, one queue, in real browsers on the LAN (headless Debian chromium, Playwright):
// a receptionist checks in three guests, an official calls the next one from their own
// browser, the waiting-room display shows the ticket and the room and plays the Indonesian
// announcement (every clip, in order) within a second of the hub's answer, and the other
// official's queue updates by itself and chimes for every guest who joins, even one who
// joins as another leaves.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { hubBin, shots, startHub, launchChromium, loggedIn as login } from './lan-hub.mjs';

let hub;
let base;
let api;
let browser;
let admin;
const pins = { admin: '258046', resepsionis: '135792', pejabat1: '246813', pejabat2: '357924' };

before(async () => {
  assert.ok(existsSync(hubBin), 'loket-hub is built');
  mkdirSync(shots, { recursive: true });
  hub = await startHub();
  ({ base, api } = hub);
  admin = (await api('auth.bootstrap', { username: 'admin', display_name: 'Admin Setda', pin: pins.admin })).token;
  const office = await api('office.get', undefined, admin);
  // Two officials who both handle the first Perekonomian service.
  const both = office.officials.filter((o) => o.services.includes('balangan-perekonomian-1')).slice(0, 2);
  assert.equal(both.length, 2, 'the demo office has two officials for the service');
  await api('auth.save_account', { username: 'resepsionis', display_name: 'Siti Rahmawati', role: 'resepsionis', pin: pins.resepsionis }, admin);
  await api('auth.save_account', { username: 'pejabat1', display_name: both[0].name, role: 'pejabat', official_id: both[0].id, pin: pins.pejabat1 }, admin);
  await api('auth.save_account', { username: 'pejabat2', display_name: both[1].name, role: 'pejabat', official_id: both[1].id, pin: pins.pejabat2 }, admin);
  const display = await api('auth.create_display', { name: 'TV ruang tunggu' }, admin);
  process.env.LOKET_DISPLAY_TOKEN = display.token;
  globalThis.officials = both;
  browser = await launchChromium();
});

after(async () => {
  try {
    if (browser) await browser.close();
  } finally {
    if (hub) hub.stop();
  }
});

function loggedIn(user) {
  return login(browser, base, user, pins[user]);
}

async function checkIn(page, name, nik) {
  await page.click('.finder-row button');
  await page.fill('#guest-name', name);
  await page.fill('#guest-id-number', nik);
  await page.fill('#visit-purpose', 'Konsultasi pengelolaan BUMD');
  // The service is searched as one types, and picked with Enter.
  await page.fill('#visit-service', 'bumd');
  await page.keyboard.press('Enter');
  assert.equal(await page.getAttribute('#visit-service', 'data-service'), 'balangan-perekonomian-1');
  // The checklist of the service just picked, not the one before it.
  await page.waitForFunction(() => {
    const list = document.querySelector('.checklist-box');
    return list && list.dataset.service === document.getElementById('visit-service').dataset.service;
  });
  // What the guest brings (Perekonomian's list is the desk's own steps, recorded by the form).
  const boxes = page.locator('.req-item');
  const count = await boxes.count();
  for (let i = 0; i < count; i++) await boxes.nth(i).check();
  await page.click('#checkin-submit');
  // The ticket box of this guest: the day's list may show them first, refreshed by the live
  // stream before the check-in's own answer arrives, while the box still shows the guest
  // before (reading it then took the wrong ticket, and checked the wrong guest out).
  await page.waitForFunction((n) => {
    const box = document.querySelector('.ticket-done');
    return box && box.textContent.includes(`${n} —`);
  }, name);
  await page.waitForFunction((n) => [...document.querySelectorAll('.visits .who')].some((w) => w.textContent === n), name);
  return (await page.textContent('#last-ticket')).trim();
}

/** What the display must say for a room of the demo office, word by word. */
const ROOM_CLIPS = {
  'Ruang Subbagian Perekonomian': ['kata-ruang', 'kata-subbagian', 'kata-perekonomian'],
  'Ruang Analis Kebijakan': ['kata-ruang', 'kata-analis', 'kata-kebijakan'],
};

test('a call made in one browser reaches the display, its voice and the other official at once', async (t) => {
  const desk = await loggedIn('resepsionis');
  await desk.goto(`${base}/#/meja`);
  await desk.waitForSelector('#checkin-submit');

  const one = await loggedIn('pejabat1');
  await one.goto(`${base}/#/pejabat`);
  const two = await loggedIn('pejabat2');
  await two.goto(`${base}/#/pejabat`);
  await two.waitForSelector('#call-next');
  // Logging in took taps on the page: sound is allowed, so "Aktifkan bunyi" is not offered.
  await two.waitForSelector('#chime-on', { state: 'hidden' });
  assert.equal(await two.evaluate(() => window.__chimes || 0), 0, 'no chime before anyone joined');

  const tv = await (await browser.newContext({ viewport: { width: 1366, height: 768 } })).newPage();
  await tv.goto(`${base}/display.html`);
  await tv.fill('#token-input', process.env.LOKET_DISPLAY_TOKEN);
  await tv.click('#token-submit');
  // Chromium runs with autoplay allowed, as a TV in kiosk mode: no "Aktifkan suara" click.
  await tv.waitForFunction(() => document.body.dataset.autoplay === 'yes');

  const tickets = [];
  for (const [name, nik] of [['Rina Marlina', '6311015208900012'], ['Ahmad Fauzan', '6311011203850021'], ['Dewi Lestari', '6311014506900033']]) {
    tickets.push(await checkIn(desk, name, nik));
  }
  // Both officials see the three guests, without reloading; the second one heard them join.
  await two.waitForFunction(() => document.getElementById('call-next').textContent.includes('3 menunggu'), null, { timeout: 8000 });
  await two.waitForFunction(() => window.__chimes >= 1, null, { timeout: 3000 });

  // The display notes the moment the big ticket changes.
  await tv.evaluate(() => {
    const el = document.getElementById('now-ticket');
    new MutationObserver(() => { window.__shownAt = window.__shownAt || Date.now(); })
      .observe(el, { childList: true, characterData: true, subtree: true });
  });
  const clickedAt = Date.now();
  const answer = one.waitForResponse((r) => r.url().endsWith('/api/dispatch') && (r.request().postData() || '').includes('"queue.call_next"'));
  await one.click('#call-next');
  const response = await answer;
  await response.finished();
  const timing = response.request().timing();
  const answeredAt = timing.startTime + timing.responseEnd;
  const [first] = tickets;
  assert.equal(first, 'P-001', "the day's first ticket");
  await tv.waitForFunction((t) => document.getElementById('now-ticket').textContent.trim() === t, first, { timeout: 3000 });
  const shownAt = await tv.evaluate(() => window.__shownAt);
  const shownAfterAnswer = shownAt - answeredAt;
  t.diagnostic(`the display showed the call ${shownAt - clickedAt} ms after the click, ${shownAfterAnswer} ms after the hub answered the official`);
  assert.ok(shownAfterAnswer < 1000, `the display showed the call ${shownAfterAnswer} ms after the call-next answer`);
  const room = (await tv.textContent('#now-room')).trim();
  assert.equal(room, globalThis.officials[0].room, "the display names the official's room");

  // The other official's queue drops to two, by itself.
  await two.waitForFunction(() => document.getElementById('call-next').textContent.includes('2 menunggu'), null, { timeout: 3000 });

  // The announcement, every clip in order: chime, "nomor antrian", P, nol, nol, satu,
  // "silakan menuju", the room word by word.
  const played = await tv.waitForFunction(() => (window.__queueLength === 0 && (window.__played || []).length > 0) && window.__played, null, { timeout: 20000 });
  assert.ok(ROOM_CLIPS[room], `the test knows how to say ${room}`);
  assert.deepEqual(await played.jsonValue(),
    ['chime', 'nomor-antrian', 'huruf-p', 'nol', 'nol', 'satu', 'silakan-menuju', ...ROOM_CLIPS[room]]);
  await tv.screenshot({ path: join(shots, 'lan-display.png') });
  await two.screenshot({ path: join(shots, 'lan-official.png') });

  // A guest joins while another leaves, between two refreshes of the second official's screen
  // (it does not redraw under an open dialog): the count stays at two, the chime still rings.
  await two.locator('.waiting-list .waiting').first().getByRole('button', { name: 'Tunda' }).click();
  await two.waitForSelector('dialog[open]');
  const chimesBefore = await two.evaluate(() => window.__chimes);
  const day = await api('desk.today', undefined, admin);
  const leaving = day.visits.find((v) => v.ticket === tickets[1]);
  await api('desk.check_out', { visit_id: leaving.id }, admin);
  await api('desk.check_in', {
    guest: { name: 'Yusuf Maulana', id_type: 'ktp', id_number: '6311010907880044' },
    service: 'balangan-perekonomian-1', purpose: 'Konsultasi pengelolaan BUMD', admitted_note: 'uji bunyi',
  }, admin);
  await two.locator('dialog[open]').getByRole('button', { name: 'Batal' }).click();
  // The list settles on Dewi and Yusuf: two waiting, as before.
  try {
    await two.waitForFunction(() => {
      const names = [...document.querySelectorAll('.waiting .guest-line strong')].map((s) => s.textContent);
      return names.join('|') === 'Dewi Lestari|Yusuf Maulana' && document.getElementById('call-next').textContent.includes('(2 menunggu)');
    }, null, { timeout: 8000 });
  } catch (e) {
    const names = await two.evaluate(() => [...document.querySelectorAll('.waiting .guest-line strong')].map((s) => s.textContent));
    const server = await api('queue.list', { official_id: globalThis.officials[1].id }, admin);
    throw new Error(`screen: ${names.join('|')}; server: ${server.waiting.map((v) => v.guest ? v.guest.name : v.ticket).join('|')}; ${e.message}`);
  }
  assert.equal(await two.evaluate(() => window.__chimes), chimesBefore + 1, 'the new guest chimed though the count did not change');
});
