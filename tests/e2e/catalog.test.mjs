// The catalog in a real browser on the LAN (headless Debian chromium, Playwright): the
// kabupaten and bagian filters keep the bagian the receptionist chose (both kabupaten have a
// Bagian Hukum, a Bagian Umum, ...), and a service page tells a component the scan of the
// decree lost apart from one the decree leaves empty, in Indonesian only.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { hubBin, shots, startHub, launchChromium, loggedIn } from './lan-hub.mjs';

let hub;
let browser;
let page;
let token;

before(async () => {
  assert.ok(existsSync(hubBin), 'loket-hub is built');
  mkdirSync(shots, { recursive: true });
  hub = await startHub();
  token = (await hub.api('auth.bootstrap', { username: 'admin', display_name: 'Admin Setda', pin: '258046' })).token;
  browser = await launchChromium();
  page = await loggedIn(browser, hub.base, 'admin', '258046');
  await page.goto(`${hub.base}/#/`);
  await page.waitForFunction(() => document.querySelectorAll('#region option').length === 3);
});

after(async () => {
  try {
    if (browser) await browser.close();
  } finally {
    if (hub) hub.stop();
  }
});

const shownIds = () => page.$$eval('#results .result', (els) => els.map((e) => e.dataset.id));

/** Waits until the list shows exactly the services the API lists for `filter`. */
async function listShows(filter) {
  const expected = (await hub.api('catalog.list', filter, token)).map((s) => s.id);
  assert.ok(expected.length > 0, `services for ${JSON.stringify(filter)}`);
  await page.waitForFunction((want) => {
    const ids = [...document.querySelectorAll('#results .result')].map((e) => e.dataset.id);
    return ids.join() === want.join();
  }, expected, { timeout: 10000 }).catch(() => {});
  assert.deepEqual(await shownIds(), expected, `the list for ${JSON.stringify(filter)}`);
  return expected;
}

test('the bagian chosen stays that kabupaten\'s bagian when the kabupaten filter is widened', async () => {
  await page.selectOption('#region', 'blitar');
  await page.selectOption('#unit', { label: 'Bagian Hukum (3)' });
  const blitarHukum = await listShows({ region: 'blitar', unit: 'hukum' });
  assert.ok(blitarHukum.every((id) => id.startsWith('blitar-hukum-')), blitarHukum.join());

  // "Semua kabupaten": still Blitar's Bagian Hukum, not Balangan's (the two share the id).
  await page.selectOption('#region', '');
  assert.equal(await page.$eval('#unit', (s) => s.selectedOptions[0].textContent), 'Bagian Hukum — Blitar');
  assert.deepEqual(await listShows({ region: 'blitar', unit: 'hukum' }), blitarHukum);

  // Balangan's Bagian Hukum, chosen among all bagian of both kabupaten.
  await page.selectOption('#unit', { label: 'Bagian Hukum — Balangan' });
  const balanganHukum = await listShows({ region: 'balangan', unit: 'hukum' });
  assert.ok(balanganHukum.every((id) => id.startsWith('balangan-hukum-')), balanganHukum.join());

  // Narrowing to the other kabupaten drops a bagian that is not offered there.
  await page.selectOption('#region', 'blitar');
  assert.equal(await page.$eval('#unit', (s) => s.value), '');
  const blitar = await listShows({ region: 'blitar' });
  assert.equal(blitar.length, 23);

  await page.selectOption('#region', '');
  assert.equal((await listShows({})).length, 86);
});

test('a component lost in the scan reads "Tidak terbaca pada salinan keputusan", apart from one the decree leaves empty', async () => {
  await page.goto(`${hub.base}/#/layanan/balangan-umum-2`);
  await page.waitForSelector('.page[data-service-id="balangan-umum-2"]');
  const body = (key) => page.$eval(`[data-component="${key}"] .component-body`, (el) => ({
    text: el.textContent.trim(),
    unreadable: !!el.querySelector('.unreadable'),
    border: el.firstElementChild ? getComputedStyle(el.firstElementChild).borderTopStyle : '',
  }));
  // Jangka Waktu is blank in the decree's table; components 6-14 were lost in the scan.
  assert.deepEqual(await body('jangka_waktu'),
    { text: 'Tidak diatur dalam keputusan.', unreadable: false, border: 'none' });
  for (const key of ['pengaduan', 'dasar_hukum', 'sarana', 'kompetensi', 'pengawasan', 'jumlah_pelaksana',
    'jaminan_pelayanan', 'jaminan_keamanan', 'evaluasi']) {
    assert.deepEqual(await body(key),
      { text: 'Tidak terbaca pada salinan keputusan.', unreadable: true, border: 'dashed' }, key);
  }
  // The components that were read are shown as the decree states them.
  assert.match((await body('prosedur')).text, /Mencatat Pada Agenda surat masuk/);

  // No English transcriber's note on the page.
  const text = await page.$eval('#service', (el) => el.innerText);
  assert.doesNotMatch(text, /Catatan transkripsi|\bscan\b|\bthe decree\b/i);

  // Both kinds in one view: 3. Jangka Waktu (empty in the decree) above 6.-14. (lost).
  await page.$eval('[data-component="jangka_waktu"]', (el) => el.scrollIntoView({ block: 'start' }));
  await page.screenshot({ path: join(shots, 'catalog-unreadable-1366x768.png') });

  // Balangan PBJ 1: its Persyaratan row is not in the scan.
  await page.goto(`${hub.base}/#/layanan/balangan-pbj-1`);
  await page.waitForSelector('.page[data-service-id="balangan-pbj-1"]');
  assert.equal((await body('persyaratan')).text, 'Tidak terbaca pada salinan keputusan.');
  assert.ok((await body('prosedur')).text.length > 0);
});
