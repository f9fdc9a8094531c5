// The receptionist's service picker and the admin's Pengaturan sections, in headless Debian
// chromium against a demo office served by `loket-hub serve`: the service searched as one
// types and picked with the keyboard (number, name, time limit shown; the choice kept when a
// check-in is refused), a service's own ticket prefix giving its own series, holidays added
// and removed, the login log showing a wrong PIN in office time, and "Tentang Loket" saying
// the version, the schema and the decrees as the hub does.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { hubBin, root, shots, startHub, launchChromium, loggedIn } from './lan-hub.mjs';

let hub;
let browser;
let adminToken;
const pins = { admin: '258046', resepsionis: '135792' };

before(async () => {
  assert.ok(existsSync(hubBin), 'loket-hub is built');
  mkdirSync(shots, { recursive: true });
  hub = await startHub();
  adminToken = (await hub.api('auth.bootstrap', { username: 'admin', display_name: 'Admin Setda', pin: pins.admin })).token;
  await hub.api('auth.save_account', { username: 'resepsionis', display_name: 'Siti Rahmawati', role: 'resepsionis', pin: pins.resepsionis }, adminToken);
  browser = await launchChromium();
});

after(async () => {
  try {
    if (browser) await browser.close();
  } finally {
    if (hub) hub.stop();
  }
});

async function desk() {
  const page = await loggedIn(browser, hub.base, 'resepsionis', pins.resepsionis);
  await page.goto(`${hub.base}/#/meja`);
  await page.waitForSelector('.checklist-box[data-service="balangan-perekonomian-1"]');
  return page;
}

const chosen = (page) => page.getAttribute('#visit-service', 'data-service');
const optionTexts = (page) => page.$$eval('.service-option', (lis) => lis.map((li) => li.textContent));

test('the service is searched as one types and picked with the keyboard', async () => {
  const page = await desk();
  // The bagian's first service is chosen to begin with; its time limit shows under the box.
  assert.equal(await chosen(page), 'balangan-perekonomian-1');
  assert.match(await page.textContent('.service-limit'), /Batas waktu/);

  await page.click('#visit-service');
  await page.keyboard.type('umkm');
  const options = await optionTexts(page);
  assert.equal(options.length, 1, options.join('\n'));
  // Number, name and time limit on the line.
  assert.match(options[0], /^2\.Fasilitasi .*UMKM/);
  assert.match(await page.textContent('.service-option .sp-time'), /\d.*(menit|jam|hari)/);
  await page.keyboard.press('Enter');
  assert.equal(await chosen(page), 'balangan-perekonomian-2');
  assert.match(await page.inputValue('#visit-service'), /^2\. Fasilitasi .*UMKM/);

  // Arrows move through the bagian's services; Enter picks the one highlighted.
  await page.fill('#visit-service', '');
  assert.equal((await optionTexts(page)).length, 4, 'the four Perekonomian services, none of another bagian');
  for (const key of ['ArrowDown', 'ArrowDown', 'ArrowDown', 'ArrowUp']) await page.keyboard.press(key);
  assert.match(await page.textContent('.service-option[aria-selected="true"]'), /^3\./);
  await page.screenshot({ path: join(shots, 'service-picker.png') });
  await page.keyboard.press('Enter');
  assert.equal(await chosen(page), 'balangan-perekonomian-3');
  await page.waitForSelector('.checklist-box[data-service="balangan-perekonomian-3"]');

  // By number, then Escape: the choice before stays.
  await page.fill('#visit-service', '4');
  assert.match((await optionTexts(page))[0], /^4\./);
  await page.keyboard.press('Escape');
  assert.equal(await chosen(page), 'balangan-perekonomian-3');
  assert.match(await page.inputValue('#visit-service'), /^3\. /);

  // A word no service of the bagian holds.
  await page.fill('#visit-service', 'zzzz');
  assert.match(await page.textContent('.service-options'), /Tidak ada layanan/);
  await page.keyboard.press('Escape');
  await page.context().close();
});

test('a refused check-in keeps the service and everything typed', async () => {
  const page = await desk();
  await page.fill('#guest-name', 'Tamu Salah Ketik');
  await page.fill('#guest-id-number', '1234');
  await page.fill('#visit-purpose', 'Konsultasi koperasi');
  await page.fill('#visit-service', 'umkm');
  await page.keyboard.press('Enter');
  await page.$$eval('.req-item', (boxes) => boxes.forEach((b) => { if (!b.checked) b.click(); }));
  await page.click('#checkin-submit');
  // Said at the field at fault.
  const error = await page.waitForSelector('#guest-id-number-error');
  assert.match(await error.textContent(), /NIK/);
  assert.equal(await chosen(page), 'balangan-perekonomian-2');
  assert.equal(await page.inputValue('#guest-name'), 'Tamu Salah Ketik');
  assert.equal(await page.inputValue('#visit-purpose'), 'Konsultasi koperasi');
  await page.context().close();
});

test('a service with its own prefix gets its own ticket series, set in Pengaturan', async () => {
  const admin = await loggedIn(browser, hub.base, 'admin', pins.admin);
  await admin.goto(`${hub.base}/#/pengaturan`);
  await admin.waitForSelector('#service-prefixes');
  // A prefix the bagian already uses is refused, in Indonesian, and stays typed.
  const box = '#service-prefixes input[data-service="balangan-perekonomian-2"]';
  const unitPrefix = await admin.getAttribute(box, 'placeholder');
  await admin.fill(box, unitPrefix);
  await admin.click('#save-service-prefixes');
  await admin.waitForFunction(() => /sudah dipakai|awalan bawaan/.test(document.getElementById('alert').textContent));
  assert.equal(await admin.inputValue(box), unitPrefix);
  await admin.fill(box, 'k');
  await admin.click('#save-service-prefixes');
  await admin.waitForFunction(() => /Awalan nomor antrian per layanan disimpan/.test(document.getElementById('alert').textContent));
  // Drawn again from what the core saved: upper case.
  await admin.waitForFunction((sel) => document.querySelector(sel).value === 'K', box);
  await admin.locator('#service-prefixes').screenshot({ path: join(shots, 'settings-prefixes.png') });

  const page = await desk();
  const checkIn = async (name, nik, query) => {
    await page.click('.finder-row button');
    await page.fill('#guest-name', name);
    await page.fill('#guest-id-number', nik);
    await page.fill('#visit-purpose', 'Konsultasi');
    await page.fill('#visit-service', query);
    await page.keyboard.press('Enter');
    // The checklist of the service just picked, not the one before it.
    await page.waitForFunction(() => {
      const chosen = document.getElementById('visit-service').dataset.service;
      const list = document.querySelector('.checklist-box');
      return chosen && list && list.dataset.service === chosen;
    });
    await page.$$eval('.req-item', (boxes) => boxes.forEach((b) => { if (!b.checked) b.click(); }));
    const before = await page.$eval('#last-ticket', (t) => t.textContent).catch(() => '');
    await page.click('#checkin-submit');
    await page.waitForFunction((b) => {
      const t = document.getElementById('last-ticket');
      const e = document.querySelector('.form-error:not([hidden]), .field-error');
      return (t && t.textContent !== b) || (e && e.textContent);
    }, before);
    const refused = await page.$$eval('.form-error:not([hidden]), .field-error', (es) => es.map((e) => e.textContent).join(''));
    assert.equal(refused, '', `${name}: refused`);
    return page.textContent('#last-ticket');
  };
  const first = await checkIn('Koperasi Maju', '6308015208900012', 'umkm');
  const second = await checkIn('BUMD Sejahtera', '6308015208900029', 'bumd');
  assert.equal(first, 'K-001');
  assert.equal(second, `${unitPrefix}-001`);
  await page.context().close();
  await admin.context().close();
});

test('the admin adds and removes a holiday, and reads the login log in office time', async () => {
  // A wrong PIN first, for the log.
  await hub.api('auth.login', { username: 'resepsionis', pin: '0000' }).catch(() => {});
  const admin = await loggedIn(browser, hub.base, 'admin', pins.admin);
  await admin.goto(`${hub.base}/#/pengaturan`);
  await admin.waitForSelector('#holidays');
  assert.match(await admin.textContent('#holidays'), /tidak dapat dihapus/);
  // Typed as an Indonesian writes it: day first.
  await admin.fill('#holiday-date', '07/12/2027');
  await admin.fill('#holiday-name', 'Hari Jadi Kabupaten Balangan');
  await admin.click('#holidays button[type=submit]');
  await admin.waitForSelector('#holidays tr[data-date="2027-12-07"]');
  assert.match(await admin.textContent('#holidays tr[data-date="2027-12-07"]'), /Selasa, 7 Desember 2027.*Hari Jadi Kabupaten Balangan/);

  const log = await admin.textContent('#login-log');
  assert.match(log, /Riwayat masuk/);
  const failed = await admin.$eval('#login-log tr[data-event="login_failed"]', (tr) => tr.textContent);
  assert.match(failed, /resepsionis/);
  assert.match(failed, /Gagal masuk/);
  assert.match(failed, /\d{2}\.\d{2} WITA/);
  assert.match(await admin.$eval('#login-log tr[data-event="login"]', (tr) => tr.textContent), /admin.*Masuk/);
  await admin.locator('#holidays').screenshot({ path: join(shots, 'settings-holidays.png') });
  await admin.locator('#login-log').screenshot({ path: join(shots, 'settings-login-log.png') });

  await admin.click('#holidays tr[data-date="2027-12-07"] button');
  await admin.waitForFunction(() => !document.querySelector('#holidays tr[data-date="2027-12-07"]'));
  assert.match(await admin.textContent('#holidays'), /Belum ada hari libur tambahan/);
  await admin.context().close();
});

test('Tentang Loket names the version, the schema and both decrees, as the hub reports them', async () => {
  const workspace = readFileSync(join(root, 'Cargo.toml'), 'utf8');
  const version = workspace.match(/\[workspace\.package\][^[]*?\bversion\s*=\s*"([^"]+)"/)[1];
  const reported = await hub.api('office.about', undefined, adminToken);
  const printed = JSON.parse(execFileSync(hubBin, ['about', '--json', '--db', hub.db], { encoding: 'utf8' }));
  assert.equal(printed.schema_version, reported.schema_version, 'loket-hub about and the panel read the same');

  const admin = await loggedIn(browser, hub.base, 'admin', pins.admin);
  await admin.goto(`${hub.base}/#/pengaturan`);
  await admin.waitForSelector('#tentang-loket');
  // In the section menu at the top, like the other sections.
  await admin.click('.settings-menu a:text-is("Tentang Loket")');
  await admin.waitForFunction(() => document.activeElement && document.activeElement.id === 'tentang-loket-title');

  assert.equal(await admin.textContent('#about-version'), `Loket ${version}`);
  assert.equal(await admin.textContent('#about-schema'), `Skema basis data ${reported.schema_version}`);
  assert.ok(reported.schema_version >= 11, `a schema number, not ${reported.schema_version}`);
  assert.equal(await admin.textContent('#about-database'), hub.db);
  assert.equal(await admin.textContent('#about-backups'), join(dirname(hub.db), 'backups'));
  const panel = await admin.textContent('#tentang-loket');
  assert.match(panel, /WITA \(Asia\/Makassar\)/);
  // Both shipped decrees, by number and date in words.
  assert.match(panel, /Keputusan Sekretaris Daerah Kabupaten Balangan Nomor 188\.45\/33\/Setda\/Kum Tahun 2024 tanggal 25 April 2024/);
  assert.match(panel, /Keputusan Sekretaris Daerah Kabupaten Blitar Nomor B\/180\.06\/16\/409\.1\.2\/KPTS\.SEKDA\/2026 tanggal 22 Mei 2026/);
  assert.match(await admin.textContent('.about-region[data-region="balangan"]'), /63 layanan.*bawaan Loket/);
  assert.match(await admin.textContent('.about-region[data-region="blitar"]'), /23 layanan/);
  assert.doesNotMatch(panel, /\d{4}-\d{2}-\d{2}|T\d{2}:\d{2}/, 'no ISO dates on screen');
  await admin.screenshot({ path: join(shots, 'tentang-loket.png') });
  await admin.context().close();

  // On a phone the long paths wrap inside the panel instead of widening the page.
  const phone = await loggedIn(browser, hub.base, 'admin', pins.admin, { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  await phone.goto(`${hub.base}/#/pengaturan`);
  await phone.waitForSelector('#tentang-loket');
  await phone.$eval('#tentang-loket', (panel) => panel.scrollIntoView({ block: 'start' }));
  assert.ok(await phone.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), 'no sideways scroll on a phone');
  await phone.screenshot({ path: join(shots, 'tentang-loket-phone.png') });
  await phone.context().close();
});
