// The waiting-room TV on a busy morning (headless Debian chromium, Playwright): three guests
// called at once all stand whole under the big number, a long room name and a long ticket
// ("CSR-001") included, at 1920×1080 and at 1366×768; a TV browser started with autoplay
// allowed speaks the calls without anyone touching it, and one without asks for a click; a
// call to a room the voice cannot say still sends the guest somewhere ("silakan menuju
// ruangan sesuai layar"); outside the hours, with no one called, the TV says when service
// resumes.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { hubBin, shots, startHub, launchChromium, loggedIn } from './lan-hub.mjs';

const LONG_ROOM = 'Ruang Rapat Asisten Perekonomian dan Pembangunan Lantai 2';
const CSR_SERVICE = 'balangan-perekonomian-1';

let hub;
let browser;
let admin;
let displayToken;
let officials;

before(async () => {
  assert.ok(existsSync(hubBin), 'loket-hub is built');
  mkdirSync(shots, { recursive: true });
  hub = await startHub();
  admin = (await hub.api('auth.bootstrap', { username: 'admin', display_name: 'Admin Setda', pin: '258046' })).token;
  const office = await hub.api('office.get', undefined, admin);
  // The first service gets its own series, CSR-001 (a long ticket).
  const setup = office.setup;
  await hub.api('office.setup', { ...setup, prefixes: [...setup.prefixes, { scope: `service:${CSR_SERVICE}`, prefix: 'CSR' }] }, admin);
  officials = office.officials.filter((o) => o.active).slice(0, 3);
  assert.equal(officials.length, 3, 'the demo office has three officials');
  displayToken = (await hub.api('auth.create_display', { name: 'TV ruang tunggu' }, admin)).token;
  browser = await launchChromium();
});

after(async () => {
  try {
    if (browser) await browser.close();
  } finally {
    if (hub) hub.stop();
  }
});

let guests = 0;

/** A guest checked in today for `service`; returns `{ visit_id, ticket }`. */
async function checkIn(service) {
  guests += 1;
  const visit = await hub.api('desk.check_in', {
    guest: { name: `Tamu Uji ${guests}`, id_type: 'ktp', id_number: `63110152089000${String(guests).padStart(2, '0')}` },
    service, purpose: 'Konsultasi', admitted_note: 'uji layar',
  }, admin);
  return visit;
}

/** Saves an official with another room (and title); returns the words the hub warns of. */
async function setRoom(official, room, title = official.title) {
  const saved = await hub.api('office.save_official', { ...official, room, title }, admin);
  return saved.unsaid_room_words;
}

/** The TV: display.html with its token in the address, at a size. */
async function openTv(context) {
  const tv = await context.newPage();
  await tv.goto(`${hub.base}/display.html#token=${displayToken}`);
  await tv.waitForFunction(() => document.body.dataset.connection === 'online');
  return tv;
}

/** For each call card on screen: whether its text overflows sideways or is cut off. */
function clipped(tv) {
  return tv.evaluate(() => {
    const panel = document.getElementById('now').getBoundingClientRect();
    const cards = [document.getElementById('now-ticket'), document.getElementById('now-room'), document.getElementById('now-official'),
      ...document.querySelectorAll('#also .d-also-item, #also .d-also-ticket, #also .d-also-room, #also .d-also-official')];
    const bad = [];
    for (const el of cards) {
      const r = el.getBoundingClientRect();
      const name = `${el.id || el.className}: ${el.textContent}`;
      if (el.scrollWidth > el.clientWidth) bad.push(`${name} overflows sideways`);
      if (r.width === 0 || r.height === 0) bad.push(`${name} is not shown`);
      if (r.top < panel.top - 0.5 || r.bottom > panel.bottom + 0.5 || r.left < panel.left - 0.5 || r.right > panel.right + 0.5) {
        bad.push(`${name} lies outside the panel`);
      }
    }
    // The tickets never wrap: one line each.
    for (const el of [document.getElementById('now-ticket'), ...document.querySelectorAll('.d-also-ticket, .d-call-ticket')]) {
      const line = parseFloat(getComputedStyle(el).lineHeight) || parseFloat(getComputedStyle(el).fontSize) * 1.3;
      if (el.getBoundingClientRect().height > line * 1.5) bad.push(`${el.textContent} wraps`);
    }
    const now = document.getElementById('now');
    if (now.scrollHeight > now.clientHeight + 1) bad.push(`the panel's content is ${now.scrollHeight - now.clientHeight}px too tall`);
    for (const el of document.querySelectorAll('.d-call')) {
      if (el.scrollWidth > el.clientWidth) bad.push(`last call ${el.textContent} overflows`);
    }
    return bad;
  });
}

test('three guests called at once all stand whole under the big number, at 1920×1080 and 1366×768', async () => {
  // The room of the newest call is long; one of the others too.
  assert.deepEqual(await setRoom(officials[2], LONG_ROOM), [], 'every word of the long room has a clip');
  assert.deepEqual(await setRoom(officials[1], LONG_ROOM), []);
  const csr = await checkIn(CSR_SERVICE);
  assert.equal(csr.ticket, 'CSR-001');
  const second = await checkIn(officials[1].services[0] || CSR_SERVICE);
  const third = await checkIn(officials[2].services[0] || CSR_SERVICE);
  await hub.api('queue.call', { official_id: officials[0].id, visit_id: csr.visit_id }, admin);
  await hub.api('queue.call', { official_id: officials[1].id, visit_id: second.visit_id }, admin);
  await hub.api('queue.call', { official_id: officials[2].id, visit_id: third.visit_id }, admin);
  const tickets = [third.ticket, second.ticket, csr.ticket];

  for (const [width, height] of [[1920, 1080], [1366, 768]]) {
    const context = await browser.newContext({ viewport: { width, height } });
    const tv = await openTv(context);
    await tv.waitForFunction((n) => document.querySelectorAll('#also .d-also-item').length === n, 2);
    assert.equal((await tv.textContent('#now-ticket')).trim(), tickets[0], 'the newest call is the big one');
    assert.deepEqual(await tv.$$eval('#also .d-also-ticket', (els) => els.map((e) => e.textContent)), tickets.slice(1));
    assert.equal((await tv.textContent('#now-room')).trim(), LONG_ROOM, 'the long room, whole');
    assert.ok((await tv.textContent('#also')).includes(LONG_ROOM));
    assert.deepEqual(await clipped(tv), [], `nothing clipped at ${width}×${height}`);
    await tv.screenshot({ path: join(shots, `display-three-calls-${width}x${height}.png`) });
    await context.close();
  }
  // On a phone-sized screen (someone checks the TV's address on their phone) nothing spills
  // sideways either.
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const small = await openTv(phone);
  await small.waitForFunction(() => document.querySelectorAll('#also .d-also-item').length === 2);
  assert.ok(await small.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), 'no sideways scroll');
  await small.screenshot({ path: join(shots, 'display-three-calls-phone.png') });
  await phone.close();
});

test('with autoplay allowed the TV speaks a call without any click; without it, it asks for one', async () => {
  // launchChromium starts chromium with --autoplay-policy=no-user-gesture-required, as the
  // README tells a TV to be started.
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  const tv = await openTv(context);
  await tv.waitForFunction(() => document.body.dataset.autoplay === 'yes');
  assert.equal(await tv.isVisible('#sound'), false, '"Aktifkan suara" is not offered');
  // A room whose words the voice cannot say (nor the title, said in its place): the save
  // stands, with the words to warn of.
  const official = officials[0];
  assert.deepEqual(await setRoom(official, 'Ruang Kenanga', 'Penata Kenanga'), ['Kenanga']);
  const visit = await checkIn(CSR_SERVICE);
  await hub.api('queue.call', { official_id: official.id, visit_id: visit.visit_id }, admin);
  const played = await tv.waitForFunction(() => window.__queueLength === 0 && (window.__played || []).includes('sesuai-layar') && window.__played,
    null, { timeout: 20000 });
  const clips = await played.jsonValue();
  // "Nomor antrian C, S, R, nol, nol, …, silakan menuju ruangan sesuai layar".
  assert.deepEqual(clips.slice(0, 5), ['chime', 'nomor-antrian', 'huruf-c', 'huruf-s', 'huruf-r'], visit.ticket);
  assert.deepEqual(clips.slice(-3), ['silakan-menuju', 'kata-ruangan', 'sesuai-layar']);
  assert.equal((await tv.textContent('#now-room')).trim(), 'Ruang Kenanga', 'the screen shows the room as it is');
  await context.close();

  // A browser that refuses sound until touched: the button is offered.
  const strict = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--autoplay-policy=document-user-activation-required'],
  });
  try {
    const page = await openTv(await strict.newContext({ viewport: { width: 1366, height: 768 } }));
    await page.waitForFunction(() => document.body.dataset.autoplay === 'no');
    await page.waitForSelector('#sound', { state: 'visible' });
  } finally {
    await strict.close();
  }
});

test('outside the hours, with no one called, the TV says when service resumes', async () => {
  // The clock is the hub's: the state it answers is given a break, as at 13.05.
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  const tv = await context.newPage();
  await tv.route('**/api/dispatch', async (route) => {
    const body = route.request().postData() || '';
    if (!body.includes('"display.state"')) return route.continue();
    const response = await route.fetch();
    const state = await response.json();
    state.current = [];
    state.notice = 'Istirahat sampai 14.00';
    return route.fulfill({ response, json: state });
  });
  await tv.goto(`${hub.base}/display.html#token=${displayToken}`);
  await tv.waitForFunction(() => document.getElementById('now-notice').textContent === 'Istirahat sampai 14.00');
  assert.equal(await tv.isVisible('#now-notice'), true);
  assert.equal(await tv.isVisible('#now-ticket'), false, 'no old ticket under the notice');
  await tv.screenshot({ path: join(shots, 'display-break.png') });
  // The display polls: a state still being rewritten when the page closes is let go, not
  // answered into a closed page.
  await tv.unrouteAll({ behavior: 'ignoreErrors' });
  await context.close();
});

test("the admin makes the TV's token and gets its link and QR code; a room the voice cannot say is saved with a warning", async () => {
  const admin = await loggedIn(browser, hub.base, 'admin', '258046');
  await admin.goto(`${hub.base}/#/pengaturan`);
  // An official's room with a word the clips lack: saved, and the admin told which word.
  await admin.locator('table.officials tbody tr').first().getByRole('button', { name: 'Ubah' }).click();
  const form = admin.locator('form', { has: admin.getByRole('button', { name: 'Simpan pejabat' }) });
  await form.locator('label.field', { hasText: /^Ruang/ }).locator('input').fill('Ruang Kenanga Lantai 2');
  await admin.getByRole('button', { name: 'Simpan pejabat' }).click();
  await admin.waitForFunction(() => /tidak dapat mengucapkan kata "Kenanga"/.test(document.getElementById('alert').textContent));
  assert.match(await admin.textContent('#alert'), /silakan menuju ruangan sesuai layar/);
  await admin.waitForFunction(() => [...document.querySelectorAll('table.officials td')].some((td) => td.textContent === 'Ruang Kenanga Lantai 2'));
  await admin.locator('#alert').screenshot({ path: join(shots, 'settings-room-warning.png') });

  // The TV's token: its link and QR code.
  await admin.fill('#token-name-display', 'TV lobi');
  await admin.click('#token-make-display');
  const url = (await admin.waitForSelector('#device-link-url')).textContent();
  const link = await url;
  assert.match(link, new RegExp(`^${hub.base.replace(/[.:/]/g, '\\$&')}/display\\.html#token=[0-9a-f]{64}$`));
  await admin.waitForFunction(() => document.getElementById('device-qr').complete && document.getElementById('device-qr').naturalWidth >= 200);
  await admin.locator('#device-link').screenshot({ path: join(shots, 'settings-display-link.png') });

  // The TV opens the link: no token asked, online, the token gone from the address.
  const tv = await (await browser.newContext({ viewport: { width: 1366, height: 768 } })).newPage();
  await tv.goto(link);
  await tv.waitForFunction(() => document.body.dataset.connection === 'online');
  assert.equal(await tv.isVisible('#setup'), false, 'no token asked');
  assert.equal(new URL(tv.url()).hash, '', 'the token is gone from the address');
  await tv.context().close();
  await admin.context().close();
});
