// The check-in form at the desk, in headless Debian chromium against a demo office served by
// `loket-hub serve`: a whole check-in from the search to the ticket with the keyboard alone
// (three returning guests named Ahmad Zaini Rahman, the third picked), the submit button in view at
// 1366×768, a wrong field marked, focused and told what to do, the drawer slot named on the
// ticket, a full drawer said before the check-in, and a closed day refusing new guests until
// it is reopened, recorded.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { hubBin, shots, startHub, launchChromium, loggedIn } from './lan-hub.mjs';

let hub;
let browser;
let admin;
const pins = { admin: '258046', resepsionis: '135792' };

/** The three Ahmad Zaini Rahman, oldest visit first (the search lists the latest visit first). */
// A name the demo day never gives (it may give "Ahmad Zaini"), so exactly three match.
const zaini = [
  { nik: '6308011203850301', institution: null },
  { nik: '6308011203850302', institution: 'Dinas PUPR' },
  { nik: '6308011203850303', institution: 'Kecamatan Paringin' },
];

before(async () => {
  assert.ok(existsSync(hubBin), 'loket-hub is built');
  mkdirSync(shots, { recursive: true });
  hub = await startHub();
  admin = (await hub.api('auth.bootstrap', { username: 'admin', display_name: 'Admin Setda', pin: pins.admin })).token;
  await hub.api('auth.save_account', { username: 'resepsionis', display_name: 'Siti Rahmawati', role: 'resepsionis', pin: pins.resepsionis }, admin);
  for (const g of zaini) {
    const done = await hub.api('desk.check_in', {
      guest: { name: 'Ahmad Zaini Rahman', id_type: 'ktp', id_number: g.nik, institution: g.institution },
      service: 'balangan-perekonomian-2', purpose: 'Konsultasi UMKM', admitted_note: 'SPT menyusul',
    }, admin);
    await hub.api('desk.check_out', { visit_id: done.visit_id }, admin);
  }
  browser = await launchChromium();
});

after(async () => {
  try {
    if (browser) await browser.close();
  } finally {
    if (hub) hub.stop();
  }
});

async function desk(options) {
  const page = await loggedIn(browser, hub.base, 'resepsionis', pins.resepsionis, options);
  await page.goto(`${hub.base}/#/meja`);
  await page.waitForSelector('.checklist-box[data-service]');
  await page.waitForSelector('#visit-slot option', { state: 'attached' });
  return page;
}

const focused = (page) => page.evaluate(() => document.activeElement && document.activeElement.id);
const visitCount = async () => (await hub.api('desk.today', undefined, admin)).visits.length;

test('a returning guest checked in from search to ticket with the keyboard alone, the third Ahmad Zaini Rahman', async () => {
  const page = await desk();
  // The form opens with the cursor in the search.
  assert.equal(await focused(page), 'guest-find');
  await page.keyboard.type('ahmad zaini rahman');
  await page.waitForSelector('#guest-found[data-query="ahmad zaini rahman"]');
  assert.equal(await page.locator('.found-guest').count(), 3);
  // ↓ walks through every match, ↑ goes back; the one marked is announced by the box.
  for (const key of ['ArrowDown', 'ArrowDown', 'ArrowDown', 'ArrowDown', 'ArrowUp']) await page.keyboard.press(key);
  assert.equal(await page.getAttribute('#guest-find', 'aria-activedescendant'), 'found-guest-2');
  const third = await page.textContent('.found-guest[aria-selected="true"]');
  assert.match(third, /Ahmad Zaini Rahman · Pribadi\/masyarakat · KTP ••••0301/);
  assert.equal(await page.locator('.found-guest[aria-selected="true"]').count(), 1);
  assert.equal(await focused(page), 'guest-find', 'the cursor stays in the search');
  await page.screenshot({ path: join(shots, 'checkin-three-zaini.png') });
  await page.keyboard.press('Enter');
  // Picked: the guest's details filled, the cursor on to the service.
  assert.equal(await page.inputValue('#guest-name'), 'Ahmad Zaini Rahman');
  assert.match(await page.getAttribute('#guest-id-number', 'placeholder'), /••••0301/);
  assert.equal(await focused(page), 'visit-service');
  await page.keyboard.type('bumd');
  await page.keyboard.press('Enter');
  await page.waitForSelector('.checklist-box[data-service="balangan-perekonomian-1"]');
  // Perekonomian's list is the desk's own steps: nothing to tick, each recorded by the form.
  assert.equal(await page.locator('.req-item').count(), 0);
  assert.match(await page.textContent('.desk-steps'), /KTP\/tanda pengenal: pilih laci kartu/);
  // Tab to the drawer slot (the first free one is offered), then to the purpose.
  await page.keyboard.press('Tab');
  assert.equal(await focused(page), 'visit-slot');
  const slot = await page.inputValue('#visit-slot');
  assert.ok(slot, 'a free slot is offered');
  await page.keyboard.press('Tab');
  assert.equal(await focused(page), 'visit-purpose');
  await page.keyboard.type('Konsultasi penyertaan modal BUMD');
  const before = await visitCount();
  await page.keyboard.press('Enter');
  // The ticket, with the drawer slot the card goes into.
  const box = await page.waitForSelector('.ticket-done');
  assert.match(await box.textContent(), /Ahmad Zaini Rahman — 1\. Pengelolaan BUMD/);
  assert.equal(await page.textContent('#last-slot'), `KTP disimpan di laci nomor ${slot}.`);
  const ticket = (await page.textContent('#last-ticket')).trim();
  assert.match(ticket, /^[A-Z]{1,3}-\d{3}$/);
  await page.screenshot({ path: join(shots, 'checkin-ticket-slot.png') });
  // Ready for the next guest: the cursor in the search, no service chosen.
  await page.waitForFunction(() => document.activeElement && document.activeElement.id === 'guest-find');
  assert.equal(await page.getAttribute('#visit-service', 'data-service'), '');
  assert.equal(await page.inputValue('#visit-service'), '');
  // The third Ahmad Zaini Rahman, and no one else, is checked in, their card in that slot.
  const today = await hub.api('desk.today', undefined, admin);
  assert.equal(today.visits.length, before + 1);
  const visit = today.visits.find((v) => v.ticket === ticket);
  assert.equal(visit.guest.id_masked, '••••0301');
  assert.equal(visit.guest.institution, null);
  assert.equal(visit.card.slot, Number(slot));
  await page.context().close();
});

test('a wrong field is marked, focused and told what to do; the submit button stays in view', async () => {
  const page = await desk();
  // At 1366×768 the submit button is in view without scrolling.
  const button = await page.locator('#checkin-submit').boundingBox();
  assert.ok(button && button.y + button.height <= 768, `the submit button at ${JSON.stringify(button)}`);
  await page.screenshot({ path: join(shots, 'checkin-form-1366.png') });
  const before = await visitCount();
  await page.fill('#guest-name', 'Tamu Salah Ketik');
  await page.fill('#guest-id-number', '63080112O3850001');
  await page.fill('#visit-service', 'bumd');
  await page.keyboard.press('Enter');
  await page.fill('#visit-purpose', 'Konsultasi');
  await page.click('#checkin-submit');
  const nik = await page.waitForSelector('#guest-id-number-error');
  assert.match(await nik.textContent(), /^NIK hanya berisi angka, tanpa huruf; ketik 16 angka NIK/);
  assert.equal(await page.getAttribute('#guest-id-number', 'aria-invalid'), 'true');
  assert.equal(await page.getAttribute('#guest-id-number', 'aria-describedby'), 'guest-id-number-error');
  assert.equal(await focused(page), 'guest-id-number');
  assert.ok(await page.locator('.checkin .form-error').isHidden(), 'said at the field, not in a box far from it');
  await page.screenshot({ path: join(shots, 'checkin-field-error.png') });
  // Corrected; now a purpose of 5,000 characters: counted as typed, refused with the limit.
  await page.fill('#guest-id-number', '6308011203850001');
  await page.fill('#visit-purpose', 'a'.repeat(5000));
  assert.match(await page.textContent('#visit-purpose-count'), /5000\/500 karakter — terlalu panjang/);
  assert.equal((await page.inputValue('#visit-purpose')).length, 5000, 'nothing cut silently');
  await page.click('#checkin-submit');
  const purpose = await page.waitForSelector('#visit-purpose-error');
  assert.match(await purpose.textContent(), /^Terlalu panjang \(5000 karakter; paling banyak 500\)/);
  assert.equal(await focused(page), 'visit-purpose');
  assert.equal(await page.locator('#guest-id-number-error').count(), 0, 'the mark of the corrected field is gone');
  assert.equal(await visitCount(), before, 'nothing checked in');
  await page.context().close();
});

test('on a phone the check-in form fits the width', async () => {
  const page = await desk({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  await page.screenshot({ path: join(shots, 'checkin-phone.png') });
  assert.ok(overflow <= 0, `scrolls sideways by ${overflow} px`);
  await page.context().close();
});

test('a closed day refuses a new guest until the desk reopens it, with the reason recorded', async () => {
  // Everything of today accounted for, then closed.
  const today = await hub.api('desk.today', undefined, admin);
  const settle = today.closing.map((l) => ({
    visit_id: l.visit_id,
    ending: l.endings.includes('guest') ? { by: 'guest' } : { by: 'left_behind' },
  }));
  await hub.api('desk.close_day', { settle }, admin);
  const page = await desk();
  const banner = await page.waitForSelector('#closed-day:not([hidden])');
  assert.match(await banner.textContent(), /sudah ditutup/);
  await page.fill('#guest-name', 'Tamu Sesudah Tutup');
  await page.fill('#guest-id-number', '6308014506900401');
  await page.fill('#visit-service', 'umkm');
  await page.keyboard.press('Enter');
  await page.fill('#visit-purpose', 'Konsultasi UMKM');
  const before = await visitCount();
  await page.click('#checkin-submit');
  const error = await page.waitForSelector('.form-error:not([hidden])');
  assert.match(await error.textContent(), /^Hari .* sudah ditutup; check-in tamu baru tidak dapat dicatat lagi\. .*Buka kembali hari/);
  assert.equal(await visitCount(), before);
  await page.screenshot({ path: join(shots, 'checkin-closed-day.png') });
  // Reopened, with the reason; what was typed is still there, and the guest gets a ticket.
  await page.click('#reopen-day');
  const dialog = page.locator('dialog[open]');
  await dialog.locator('#reopen-reason').fill('Tamu rombongan datang sesudah tutup');
  await dialog.locator('button', { hasText: 'Simpan' }).click();
  await page.waitForSelector('#closed-day', { state: 'hidden' });
  assert.equal(await page.inputValue('#guest-name'), 'Tamu Sesudah Tutup');
  await page.click('#checkin-submit');
  await page.waitForFunction(() => /Tamu Sesudah Tutup —/.test(document.querySelector('.ticket-done')?.textContent || ''));
  assert.equal(await visitCount(), before + 1);
  assert.equal((await hub.api('desk.today', undefined, admin)).closed, false);
  await page.context().close();
});

test('"Kartu tidak disimpan" stands when another guest checks in meanwhile', async () => {
  const page = await desk();
  await page.fill('#visit-service', 'bumd');
  await page.keyboard.press('Enter');
  await page.waitForSelector('.slot-box:not([hidden])');
  await page.selectOption('#visit-slot', '');
  // Another desk checks a guest in: the day and its free slots are drawn again.
  const other = await hub.api('desk.check_in', {
    guest: { name: 'Tamu Meja Lain', id_type: 'sim', id_number: 'SIM55000001' },
    service: 'balangan-perekonomian-1', purpose: 'Konsultasi',
  }, admin);
  await page.waitForSelector(`tr[data-visit-id="${other.visit_id}"]`);
  assert.equal(await page.inputValue('#visit-slot'), '', 'the choice of no card stands');
  await page.context().close();
});

test('a full drawer is said before the check-in, not after the ticket', async () => {
  // Every free slot filled with a guest's card.
  const { free_slots: free } = await hub.api('desk.today', undefined, admin);
  for (const [i, slot] of free.entries()) {
    await hub.api('desk.check_in', {
      guest: { name: `Tamu Laci ${slot}`, id_type: 'sim', id_number: `SIM77${String(i).padStart(6, '0')}` },
      service: 'balangan-perekonomian-1', purpose: 'Konsultasi', slot,
    }, admin);
  }
  const page = await desk();
  await page.fill('#visit-service', 'bumd');
  await page.keyboard.press('Enter');
  const full = await page.waitForSelector('#drawer-full:not([hidden])');
  assert.match(await full.textContent(), /Laci kartu penuh/);
  assert.equal(await page.locator('.ticket-done').count(), 0, 'said before any ticket');
  await page.screenshot({ path: join(shots, 'checkin-drawer-full.png') });
  await page.context().close();
});
