// The LAN over HTTPS, as a phone and the waiting-room TV reach it (headless Debian chromium,
// Playwright): the office CA that Loket made on its first run is trusted the way an admin
// installs it — into the browser's certificate store (an NSS database under a temporary
// HOME, with Debian's certutil) — and nothing is ignored: no ignoreHTTPSErrors, no
// certificate flags. An official logs in on a phone-sized screen over https, calls the next
// guest, and the TV-sized (1920×1080) display over https shows the call. A browser that
// does not trust the CA refuses the hub; the certificate page gives the CA's fingerprint.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash, X509Certificate } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { chromium } from 'playwright-core';
import { hubBin, shots, startHub, launchChromium } from './lan-hub.mjs';
import { scratch } from './webdriver.mjs';

let hub;
let trusting;
let stranger;
let caPath;
const pin = '246813';

/** Headless Debian chromium whose HOME holds an NSS database that trusts the office CA. */
function launchTrusting(ca) {
  const home = scratch();
  const nssdb = join(home, '.pki', 'nssdb');
  mkdirSync(nssdb, { recursive: true });
  execFileSync('certutil', ['-d', `sql:${nssdb}`, '-N', '--empty-password']);
  execFileSync('certutil', ['-d', `sql:${nssdb}`, '-A', '-t', 'C,,', '-n', 'Loket CA', '-i', ca]);
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    timeout: 60000,
    env: { ...process.env, HOME: home },
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--autoplay-policy=no-user-gesture-required'],
  });
}

before(async () => {
  assert.ok(existsSync(hubBin), 'loket-hub is built');
  mkdirSync(shots, { recursive: true });
  hub = await startHub();
  const { api } = hub;
  const admin = (await api('auth.bootstrap', { username: 'admin', display_name: 'Admin Setda', pin: '258046' })).token;
  const office = await api('office.get', undefined, admin);
  const official = office.officials.find((o) => o.services.includes('balangan-perekonomian-1'));
  await api('auth.save_account', { username: 'pejabat', display_name: official.name, role: 'pejabat', official_id: official.id, pin }, admin);
  hub.display = (await api('auth.create_display', { name: 'TV ruang tunggu' }, admin)).token;
  hub.room = official.room;
  await api('desk.check_in', {
    guest: { name: 'Rina Marlina', id_type: 'ktp', id_number: '6311015208900012' },
    service: 'balangan-perekonomian-1', purpose: 'Konsultasi penyertaan modal BUMD', admitted_note: 'uji https',
  }, admin);
  // The CA `loket-hub serve` made beside the database on its first run.
  caPath = join(dirname(hub.db), 'tls', 'loket-ca.crt');
  assert.ok(existsSync(caPath), `the office CA is at ${caPath}`);
  trusting = await launchTrusting(caPath);
  stranger = await launchChromium();
});

after(async () => {
  try {
    if (trusting) await trusting.close();
    if (stranger) await stranger.close();
  } finally {
    if (hub) hub.stop();
  }
});

test('a browser that does not trust the office CA refuses the hub over https', async () => {
  const page = await (await stranger.newContext()).newPage();
  await assert.rejects(page.goto(`https://127.0.0.1:${hub.port}/`), /ERR_CERT/);
  await page.context().close();
});

test('the certificate page gives the CA and the fingerprint to compare', async () => {
  const page = await (await trusting.newContext()).newPage();
  await page.goto(`https://127.0.0.1:${hub.port}/sertifikat`);
  const der = new X509Certificate(readFileSync(caPath)).raw;
  const expected = createHash('sha256').update(der).digest('hex').toUpperCase().match(/../g).join(':');
  assert.equal((await page.textContent('#ca-fingerprint')).trim(), expected);
  for (const system of ['Windows', 'Android', 'iOS', 'Linux']) {
    assert.ok((await page.textContent('body')).includes(system), system);
  }
  await page.context().close();
});

test('an official on a phone calls over https and the TV display over https shows it', async () => {
  const phoneContext = await trusting.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
  const phone = await phoneContext.newPage();
  const tvContext = await trusting.newContext({ viewport: { width: 1920, height: 1080 } });
  const tv = await tvContext.newPage();

  await phone.goto(`https://127.0.0.1:${hub.port}/`);
  assert.equal(new URL(phone.url()).protocol, 'https:');
  await phone.waitForSelector('#login-submit');
  assert.equal(await phone.$('#insecure-notice'), null, 'over https no "tidak terenkripsi" notice');
  await phone.fill('#login-user', 'pejabat');
  await phone.fill('#login-pin', pin);
  await phone.tap('#login-submit');
  await phone.waitForFunction(() => (document.getElementById('call-next') || { textContent: '' }).textContent.includes('1 menunggu'), null, { timeout: 10000 });

  await tv.goto(`https://localhost:${hub.port}/display.html`);
  assert.equal(new URL(tv.url()).protocol, 'https:');
  await tv.fill('#token-input', hub.display);
  await tv.click('#token-submit');
  // The display's live stream is open (fetch with the token in a header, over https).
  await tv.waitForFunction(() => document.getElementById('setup').hidden);

  await phone.tap('#call-next');
  await phone.locator('.now article.current').waitFor();
  await tv.waitForFunction(() => document.getElementById('now-ticket').textContent.trim() === 'P-001', null, { timeout: 5000 });
  assert.equal((await tv.textContent('#now-room')).trim(), hub.room);
  await tv.screenshot({ path: join(shots, 'https-display.png') });
  await phone.screenshot({ path: join(shots, 'https-phone.png') });
  await phoneContext.close();
  await tvContext.close();
});
