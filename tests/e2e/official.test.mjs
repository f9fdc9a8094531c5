// The official's screen without friction, and the desk calling on an official's behalf, in
// headless Debian chromium against a demo office whose last working day was left open
// mid-morning (`startHub({ until })`): an earlier day's guest still with an official is shown
// apart with its date; "Tidak hadir" and "Panggil berikutnya" are closed with the rule's words
// while the rule says so; on a phone a refusal shows in the viewport, wherever the page is
// scrolled; the finish dialog's error shows inside the dialog; the transfer dialog searches
// every service of the kabupaten, grouped by bagian with the guest's own first; and the
// receptionist calls a guest for an official without an account, which the waiting-room
// display shows as the official's call and the history records in the official's name.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { hubBin, shots, startHub, launchChromium, loggedIn } from './lan-hub.mjs';

const PHONE = { width: 390, height: 844 };
const pins = { admin: '258046', resepsionis: '135792', pejabat: '246813' };
const SERVICE = 'balangan-perekonomian-1';
let hub;
let api;
let admin;
let browser;
let office;
/** The official who works the phone (with an account), and one without any account. */
let mine;
let deskOnly;
/** The earlier day's guest still with `mine`, if the demo left one. */
let earlier = null;

function guestRequest(name, n, officialId) {
  return {
    guest: { name, id_type: 'ktp', id_number: `63110152089${String(n).padStart(5, '0')}`, institution: 'Dinas Koperasi dan UKM' },
    service: SERVICE, purpose: 'Konsultasi penyertaan modal BUMD', admitted_note: 'uji pejabat', official_id: officialId,
    blanko: { topic: `Topik ${name}`, questions: 'Bagaimana tahapan penyusunan Perda penyertaan modal dan dokumen apa saja yang harus disiapkan oleh direksi?', documents: 'Laporan keuangan' },
  };
}

before(async () => {
  assert.ok(existsSync(hubBin), `loket-hub is built (${hubBin})`);
  mkdirSync(shots, { recursive: true });
  hub = await startHub({ until: '10:30' });
  ({ api } = hub);
  admin = (await api('auth.bootstrap', { username: 'admin', display_name: 'Admin Setda', pin: pins.admin })).token;
  office = await api('office.get', undefined, admin);
  const candidates = office.officials.filter((o) => o.active && o.services.includes(SERVICE));
  assert.ok(candidates.length >= 2, 'the demo office has two officials for the service');
  // The official the demo left with an earlier day's guest works the phone, if there is one.
  for (const o of candidates) {
    const q = await api('queue.list', { official_id: o.id }, admin);
    if (q.earlier.length) {
      mine = o;
      [earlier] = q.earlier;
      break;
    }
  }
  mine = mine || candidates[0];
  deskOnly = candidates.find((o) => o.id !== mine.id);
  await api('auth.save_account', { username: 'resepsionis', display_name: 'Siti Rahmawati', role: 'resepsionis', pin: pins.resepsionis }, admin);
  await api('auth.save_account', { username: 'pejabat', display_name: mine.name, role: 'pejabat', official_id: mine.id, pin: pins.pejabat }, admin);
  browser = await launchChromium();
});

after(async () => {
  try {
    if (browser) await browser.close();
  } finally {
    if (hub) hub.stop();
  }
});

/** The element's box lies wholly within the viewport's height. */
async function inView(page, locator, where) {
  const box = await locator.boundingBox();
  const height = page.viewportSize().height;
  assert.ok(box && box.y >= 0 && box.y + box.height <= height, `${where}: within the screen (${JSON.stringify(box)}, ${height} px)`);
}

test('on a phone the official sees the rules beside closed buttons, refusals in view and errors inside dialogs', async () => {
  const tickets = [];
  for (let i = 0; i < 5; i++) {
    tickets.push((await api('desk.check_in', guestRequest(`Tamu Ponsel ${i + 1}`, 100 + i, mine.id), admin)).ticket);
  }
  const context = await browser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
  const page = await context.newPage();
  await page.goto(hub.base);
  await page.fill('#login-user', 'pejabat');
  await page.fill('#login-pin', pins.pejabat);
  await page.tap('#login-submit');
  await page.waitForFunction(() => /5 menunggu/.test(document.getElementById('call-next')?.textContent || ''));

  if (earlier) {
    // An earlier day's guest is apart, under its date, and never recalled over today's ticket.
    const section = page.locator('.earlier-days');
    await section.waitFor();
    assert.match(await section.locator('h3').textContent(), /Dari hari sebelumnya/);
    assert.match(earlier.day_label, /^(Senin|Selasa|Rabu|Kamis|Jumat), \d{1,2} \w+ \d{4}$/);
    assert.match(await section.textContent(), new RegExp(`Terdaftar ${earlier.day_label}`));
    await section.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(shots, 'official-earlier-day.png') });
    const card = section.locator('article.current');
    if (earlier.status === 'called') {
      assert.ok(await card.getByRole('button', { name: 'Panggil ulang' }).isDisabled());
      assert.match(await card.locator('.rule-hint').first().textContent(), /tidak dipanggil ulang di layar/);
      await card.getByRole('button', { name: 'Tidak hadir' }).tap();
    } else {
      await card.getByRole('button', { name: 'Selesai' }).tap();
      const dialog = page.locator('#finish-dialog');
      await dialog.locator('textarea').nth(1).fill('Diselesaikan hari ini.');
      await dialog.getByRole('button', { name: 'Simpan hasil' }).tap();
      await dialog.waitFor({ state: 'detached' });
    }
    await section.waitFor({ state: 'detached' });
  }

  // Called: "Tidak hadir" waits for a recall, and "Panggil berikutnya" for the guest.
  await page.tap('#call-next');
  const current = page.locator('.now article.current').first();
  await current.waitFor();
  const notPresent = current.getByRole('button', { name: 'Tidak hadir' });
  assert.ok(await notPresent.isDisabled(), '"Tidak hadir" is closed before a recall');
  assert.match(await current.locator('.ruled:has(.not-present) .rule-hint').textContent(), /bisa ditandai setelah dipanggil ulang/);
  await page.waitForSelector('#call-next[disabled]');
  assert.match(await page.locator('#call-next-hint').textContent(), new RegExp(`Tamu ${tickets[0]} sudah dipanggil dan belum masuk`));
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: join(shots, 'official-phone-rules.png') });
  await current.getByRole('button', { name: 'Panggil ulang' }).tap();
  await page.waitForFunction(() => !document.querySelector('.now .current .not-present').disabled);

  // A refusal far down the page shows in the viewport: the admin has just made the official
  // inactive, and the official taps "Panggil" on the last guest in the list.
  const { services, ...fields } = office.officials.find((o) => o.id === mine.id);
  await page.evaluate(() => { document.querySelector('.queue-head').dataset.before = 'yes'; });
  await api('office.save_official', { ...fields, services, active: false }, admin);
  // The change reaches the screen live: wait for the queue drawn after it.
  await page.waitForFunction(() => !document.querySelector('.queue-head').dataset.before);
  const last = page.locator('.waiting-list li.waiting').last();
  await last.scrollIntoViewIfNeeded();
  assert.ok(await page.evaluate(() => window.scrollY) > 300, 'the page is scrolled down to the last guest');
  await last.getByRole('button', { name: 'Panggil' }).tap();
  const toast = page.locator('#official-toast');
  await toast.waitFor({ state: 'visible' });
  assert.match(await toast.textContent(), /tidak aktif/);
  await inView(page, toast, 'the refusal');
  await page.screenshot({ path: join(shots, 'official-phone-refusal.png') });
  await api('office.save_official', { ...fields, services, active: true }, admin);
  await toast.getByRole('button', { name: 'Tutup' }).tap();
  await toast.waitFor({ state: 'hidden' });

  // The finish dialog's own error: inside the dialog, next to "Hasil", above the backdrop.
  await page.evaluate(() => window.scrollTo(0, 0));
  await current.getByRole('button', { name: 'Mulai layanan' }).tap();
  await page.waitForFunction(() => /Sedang dilayani/.test(document.querySelector('.now .current .state').textContent));
  await page.locator('.now .current').first().getByRole('button', { name: 'Selesai' }).tap();
  const dialog = page.locator('#finish-dialog');
  await dialog.waitFor();
  await dialog.getByRole('button', { name: 'Simpan hasil' }).tap();
  const error = dialog.locator('.form-error');
  await error.waitFor({ state: 'visible' });
  assert.match(await error.textContent(), /Hasil konsultasi/);
  await inView(page, error, 'the finish error');
  const onTop = await error.evaluate((el) => {
    const r = el.getBoundingClientRect();
    return el.contains(document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2));
  });
  assert.ok(onTop, 'the error is on top, not behind the backdrop');
  assert.ok(await page.locator('#alert').isHidden(), 'nothing shows behind the backdrop');
  await page.screenshot({ path: join(shots, 'official-phone-finish-error.png') });
  await dialog.locator('textarea').nth(1).fill('Dijelaskan tahapannya.');
  await dialog.getByRole('button', { name: 'Simpan hasil' }).tap();
  await dialog.waitFor({ state: 'detached' });

  // Transfer: every service of the kabupaten, searched, grouped by bagian, the guest's first.
  const row = page.locator('.waiting-list li.waiting').first();
  await row.getByRole('button', { name: 'Alihkan' }).tap();
  const transfer = page.locator('#transfer-dialog');
  await transfer.waitFor();
  await page.focus('#transfer-service');
  await page.keyboard.press('ArrowDown');
  const groups = transfer.locator('.sp-group');
  await groups.first().waitFor();
  assert.ok(await groups.count() >= 5, 'the services are grouped by bagian');
  assert.match(await groups.first().textContent(), /Perekonomian/i);
  assert.ok(await transfer.locator('.service-option').count() > 40, 'every service of the kabupaten');
  await page.screenshot({ path: join(shots, 'official-phone-transfer.png') });
  await page.fill('#transfer-service', 'pengadaan');
  await transfer.locator('.service-option').first().waitFor();
  await page.keyboard.press('Enter');
  const picked = await page.getAttribute('#transfer-service', 'data-service');
  assert.ok(picked && picked !== SERVICE, `a service of another bagian is picked (${picked})`);
  await transfer.locator('input:not(#transfer-service)').last().fill('Ditangani bagian pengadaan');
  await transfer.getByRole('button', { name: 'Alihkan' }).tap();
  await transfer.waitFor({ state: 'detached' });
  await context.close();

  // The same rules at the desk PC's size.
  const desktop = await loggedIn(browser, hub.base, 'pejabat', pins.pejabat);
  await desktop.waitForSelector('#call-next:not([disabled])');
  await desktop.click('#call-next');
  await desktop.waitForSelector('#call-next-hint');
  assert.ok(await desktop.locator('.now .current .not-present').isDisabled());
  await desktop.screenshot({ path: join(shots, 'official-desktop-rules.png') });
  await desktop.context().close();
});

test('the desk calls a guest for an official without an account; the display shows the call in their name', async () => {
  const checked = await api('desk.check_in', guestRequest('Tamu Meja', 200, deskOnly.id), admin);
  const hoursBefore = (await api('desk.today', undefined, admin)).outside_hours;
  const page = await loggedIn(browser, hub.base, 'resepsionis', pins.resepsionis);
  await page.goto(`${hub.base}/#/meja`);
  const row = page.locator(`tr[data-visit-id="${checked.visit_id}"]`);
  await row.waitFor();
  await row.getByRole('button', { name: 'Panggil…' }).click();
  const dialog = page.locator('#on-behalf-dialog');
  await dialog.waitFor();
  await dialog.locator('#ob-official').selectOption(String(deskOnly.id));
  // Outside the service hours the desk's call is warned, as the official's own is; within
  // them it is not. (The hours are the real clock's: compared only when they did not change
  // while the page loaded.)
  const hoursAfter = (await api('desk.today', undefined, admin)).outside_hours;
  if (hoursBefore === hoursAfter) {
    const warned = dialog.locator('#ob-outside-hours');
    assert.equal(await warned.count(), hoursAfter ? 1 : 0, `outside hours: ${hoursAfter}`);
    if (hoursAfter) assert.ok((await warned.textContent()).includes(hoursAfter));
  }
  await page.screenshot({ path: join(shots, 'desk-on-behalf.png') });
  await dialog.locator('button[data-action="call"]').click();
  await dialog.waitFor({ state: 'detached' });
  await row.getByRole('button', { name: 'Mulai layanan…' }).waitFor();

  // The waiting room shows (and speaks) the call as the official's own.
  const display = await api('auth.create_display', { name: 'TV uji' }, admin);
  const state = await api('display.state', undefined, display.token);
  assert.equal(state.calls[0].ticket, checked.ticket);
  assert.equal(state.calls[0].room, deskOnly.room);
  assert.ok(state.calls[0].clips.length > 3, 'the call is announced');
  // The history names the receptionist, in the official's name.
  const shown = await api('visit.show', { visit_id: checked.visit_id }, admin);
  const called = shown.entries.find((e) => e.kind === 'called');
  assert.match(called.actor, new RegExp(`Siti Rahmawati \\(resepsionis\\), meja layanan atas nama ${deskOnly.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
  await page.context().close();
});
