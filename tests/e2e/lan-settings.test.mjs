// The LAN address in a browser (headless Debian chromium): the admin sets where Loket listens
// in Pengaturan and is told it takes effect at the next start and what officials will open
// then; a bad port is refused in Indonesian. A receptionist's "Buka layar ruang tunggu" in a
// browser shows the display's address to open on the TV (the desktop app opens a window).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { hubBin, shots, startHub, launchChromium, loggedIn } from './lan-hub.mjs';

let hub;
let browser;

before(async () => {
  assert.ok(existsSync(hubBin), 'loket-hub is built');
  mkdirSync(shots, { recursive: true });
  hub = await startHub();
  const admin = (await hub.api('auth.bootstrap', { username: 'admin', display_name: 'Admin Setda', pin: '258046' })).token;
  await hub.api('auth.save_account', { username: 'resepsionis', display_name: 'Siti Rahmawati', role: 'resepsionis', pin: '135792' }, admin);
  browser = await launchChromium();
});

after(async () => {
  try {
    if (browser) await browser.close();
  } finally {
    if (hub) hub.stop();
  }
});

test('the admin sets the LAN address for the next start; a bad port is refused', async () => {
  const page = await loggedIn(browser, hub.base, 'admin', '258046');
  await page.goto(`${hub.base}/#/pengaturan`);
  await page.waitForSelector('#lan-form');
  // Now: the address this browser uses; next start: the default, every interface.
  assert.equal(await page.textContent('#lan-now'), `Sekarang: Pejabat: ${hub.base}`);
  assert.ok(await page.isChecked('#lan-all'));
  assert.equal(await page.inputValue('#lan-port'), '7878');
  assert.match(await page.textContent('#lan-next'), /pejabat membuka https:\/\/[\d.]+:7878.* \(alamat bawaan\)\./);

  await page.fill('#lan-port', '80');
  await page.click('#lan-save');
  await page.waitForSelector('#alert:not([hidden])');
  assert.equal(await page.textContent('#alert'), 'Port: harus angka antara 1024 dan 65535, mis. 7878.');

  await page.check('#lan-one');
  await page.fill('#lan-ip', '127.0.0.1');
  await page.fill('#lan-port', '8123');
  await page.click('#lan-save');
  await page.waitForFunction(() => /disimpan/.test(document.getElementById('alert').textContent));
  assert.equal(await page.textContent('#alert'), 'Alamat LAN disimpan: 127.0.0.1, port 8123. Berlaku saat Loket dimulai ulang.');
  assert.equal(await page.textContent('#lan-next'), 'Setelah Loket dimulai ulang, pejabat membuka https://127.0.0.1:8123.');
  await page.screenshot({ path: join(shots, 'lan-settings.png'), fullPage: true });
  // Stored: a fresh Pengaturan shows it.
  await page.reload();
  await page.waitForSelector('#lan-form');
  assert.ok(await page.isChecked('#lan-one'));
  assert.equal(await page.inputValue('#lan-ip'), '127.0.0.1');
  assert.equal(await page.inputValue('#lan-port'), '8123');
  await page.context().close();
});

test('in a browser, "Buka layar ruang tunggu" shows the address to open on the TV', async () => {
  const page = await loggedIn(browser, hub.base, 'resepsionis', '135792');
  await page.click('#open-display');
  await page.waitForSelector('#alert:not([hidden])');
  const shown = await page.textContent('#alert');
  assert.match(shown, new RegExp(`^Buka alamat ini di peramban TV ruang tunggu: ${hub.base}/display\\.html`));
  assert.match(shown, /token layar/);
  await page.context().close();
});

test('the admin chooses how the LAN is protected: plain HTTP only knowingly, and then it says so', async () => {
  const page = await loggedIn(browser, hub.base, 'admin', '258046');
  await page.goto(`${hub.base}/#/pengaturan`);
  await page.waitForSelector('#lan-form');
  // The default: HTTPS with Loket's CA, and the certificate page linked.
  assert.ok(await page.isChecked('#lan-tls-loket'));
  assert.equal(await page.getAttribute('#lan-cert-link', 'href'), `${hub.base}/sertifikat`);
  assert.equal(await page.$('#lan-unencrypted'), null);
  // The office's own certificate needs its files.
  await page.check('#lan-tls-own');
  assert.ok(await page.isVisible('#lan-cert'));
  await page.click('#lan-save');
  await page.waitForFunction(() => /Berkas sertifikat/.test(document.getElementById('alert').textContent));
  // Plain HTTP is refused until the admin says they understand.
  await page.check('#lan-tls-http');
  assert.match(await page.textContent('#lan-http'), /Koneksi tidak terenkripsi/);
  await page.click('#lan-save');
  await page.waitForFunction(() => /Mode koneksi/.test(document.getElementById('alert').textContent));
  await page.check('#lan-http-ok');
  await page.fill('#lan-hosts', 'loket.setda.local');
  await page.click('#lan-save');
  await page.waitForFunction(() => /disimpan/.test(document.getElementById('alert').textContent));
  await page.reload();
  await page.waitForSelector('#lan-form');
  assert.ok(await page.isChecked('#lan-tls-http'));
  assert.equal(await page.inputValue('#lan-hosts'), 'loket.setda.local');
  assert.match(await page.textContent('#lan-unencrypted'), /Koneksi tidak terenkripsi/);
  await page.locator('#lan-form').screenshot({ path: join(shots, 'lan-settings-http.png') });
  // Back to HTTPS for the other tests.
  await page.check('#lan-tls-loket');
  await page.click('#lan-save');
  await page.waitForFunction(() => /disimpan/.test(document.getElementById('alert').textContent));
  await page.context().close();
});
