// The official's screen on a phone (390 × 844, touch), in headless Debian chromium: the
// official logs in, lands on their queue, calls the next guest, reads the blanko, opens the
// hold and transfer dialogs, starts the service and finishes it with the outcome dialog, all
// by tapping. Nothing is ever wider than the screen and "Keluar" stays in reach.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { hubBin, shots, startHub, launchChromium } from './lan-hub.mjs';

const WIDTH = 390;
const HEIGHT = 844;
let hub;
let browser;
const pin = '246813';

before(async () => {
  assert.ok(existsSync(hubBin), `loket-hub is built (${hubBin})`);
  mkdirSync(shots, { recursive: true });
  hub = await startHub();
  const { api } = hub;
  const admin = (await api('auth.bootstrap', { username: 'admin', display_name: 'Admin Setda', pin: '258046' })).token;
  const office = await api('office.get', undefined, admin);
  const official = office.officials.find((o) => o.services.includes('balangan-perekonomian-1'));
  await api('auth.save_account', { username: 'pejabat', display_name: official.name, role: 'pejabat', official_id: official.id, pin }, admin);
  await api('desk.check_in', {
    guest: { name: 'Rina Marlina', id_type: 'ktp', id_number: '6311015208900012', institution: 'Perusahaan Daerah Air Minum Tirta Balangan' },
    service: 'balangan-perekonomian-1', purpose: 'Konsultasi rencana penyertaan modal kepada BUMD tahun anggaran berikutnya',
    admitted_note: 'uji ponsel',
    blanko: { topic: 'Penyertaan modal BUMD', questions: 'Bagaimana tahapan penyusunan Perda penyertaan modal dan dokumen apa saja yang harus disiapkan oleh direksi?', documents: 'Laporan keuangan 2025' },
  }, admin);
  browser = await launchChromium();
});

after(async () => {
  try {
    if (browser) await browser.close();
  } finally {
    if (hub) hub.stop();
  }
});

/** The page is no wider than the phone, and `#logout` ("Keluar") is on screen, whole. */
async function fits(page, where) {
  const { scrollWidth, bodyWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    bodyWidth: document.body.scrollWidth,
  }));
  assert.ok(scrollWidth <= WIDTH, `${where}: the page is ${scrollWidth} px wide`);
  assert.ok(bodyWidth <= WIDTH, `${where}: the body is ${bodyWidth} px wide`);
}

async function keluarInReach(page, where) {
  const out = page.locator('#logout');
  assert.ok(await out.isVisible(), `${where}: "Keluar" is visible`);
  assert.equal((await out.textContent()).trim(), 'Keluar');
  const box = await out.boundingBox();
  assert.ok(box.x >= 0 && box.x + box.width <= WIDTH, `${where}: "Keluar" within the width (${JSON.stringify(box)})`);
  assert.ok(box.height >= 40, `${where}: "Keluar" is big enough to tap (${box.height} px)`);
}

/** The open dialog fits the screen, with a margin. */
async function dialogFits(page, where) {
  const box = await page.locator('dialog[open]').boundingBox();
  assert.ok(box.x >= 0 && box.x + box.width <= WIDTH, `${where}: the dialog is within the width (${JSON.stringify(box)})`);
  await fits(page, where);
}

test('an official works their queue on a phone: call, start, finish, all within the screen', async () => {
  const { base } = hub;
  const context = await browser.newContext({ viewport: { width: WIDTH, height: HEIGHT }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
  const page = await context.newPage();
  await page.goto(base);
  await page.waitForSelector('#login-submit');
  await fits(page, 'login');
  await page.screenshot({ path: join(shots, 'phone-login.png') });
  await page.fill('#login-user', 'pejabat');
  await page.fill('#login-pin', pin);
  await page.tap('#login-submit');

  // The official lands on their own queue.
  const callNext = page.locator('#call-next');
  await callNext.waitFor();
  await page.waitForFunction(() => document.getElementById('call-next').textContent.includes('1 menunggu'));
  await fits(page, 'queue');
  await keluarInReach(page, 'queue');
  const buttonBox = await callNext.boundingBox();
  assert.ok(buttonBox.height >= 44, `"Panggil berikutnya" is ${buttonBox.height} px tall`);
  await page.screenshot({ path: join(shots, 'phone-queue.png'), fullPage: true });

  await callNext.tap();
  const current = page.locator('.now article.current');
  await current.waitFor();
  await page.waitForSelector('.now .current dl.blanko');
  assert.match(await current.textContent(), /Penyertaan modal BUMD/);
  await fits(page, 'called');
  await keluarInReach(page, 'called');
  await page.screenshot({ path: join(shots, 'phone-called.png'), fullPage: true });

  // The hold and transfer dialogs fit, and can be left.
  await current.getByRole('button', { name: 'Tunda' }).tap();
  await page.waitForSelector('dialog[open]');
  await dialogFits(page, 'hold');
  await page.locator('dialog[open]').getByRole('button', { name: 'Batal' }).tap();
  await page.waitForSelector('dialog[open]', { state: 'detached' });

  await current.getByRole('button', { name: 'Alihkan' }).tap();
  await page.waitForSelector('dialog[open]');
  await dialogFits(page, 'transfer');
  await page.screenshot({ path: join(shots, 'phone-transfer.png') });
  await page.locator('dialog[open]').getByRole('button', { name: 'Batal' }).tap();
  await page.waitForSelector('dialog[open]', { state: 'detached' });

  await current.getByRole('button', { name: 'Mulai layanan' }).tap();
  await page.waitForFunction(() => /Sedang dilayani/.test(document.querySelector('.now .current .state').textContent));
  await fits(page, 'serving');

  // Finish with the outcome.
  await page.locator('.now .current').getByRole('button', { name: 'Selesai' }).tap();
  const dialog = page.locator('dialog[open]');
  await dialog.waitFor();
  await dialogFits(page, 'finish');
  await dialog.locator('textarea').nth(0).fill('Dijelaskan tahapan penyusunan Perda penyertaan modal.');
  await dialog.locator('textarea').nth(1).fill('Direksi menyiapkan analisis investasi dan laporan keuangan teraudit.');
  const save = dialog.getByRole('button', { name: 'Simpan hasil' });
  const saveBox = await save.boundingBox();
  assert.ok(saveBox.height >= 44 && saveBox.x + saveBox.width <= WIDTH, `"Simpan hasil" is tappable (${JSON.stringify(saveBox)})`);
  await page.screenshot({ path: join(shots, 'phone-finish.png') });
  await save.tap();
  await page.waitForSelector('dialog[open]', { state: 'detached' });
  await page.waitForFunction(() => /Belum ada tamu yang dipanggil/.test(document.querySelector('.now').textContent));
  await fits(page, 'finished');
  await keluarInReach(page, 'finished');
  await page.screenshot({ path: join(shots, 'phone-finished.png'), fullPage: true });
  await context.close();
});
