// The installed desktop app's first start, as an ordinary user of a desk PC sees it: the
// command of the menu entry, started through tauri-driver and Debian's WebKitWebDriver under
// Xvfb, with no arguments and the user's own (fresh) home directory. Prints what the first
// screen shows, read from the page itself, as one JSON line, and saves a PNG of the screen.
//
// Run by tests/install/install.sh as the test user:
//   node first-run.mjs /usr/bin/loket /path/to/shot.png
// (webdriver.mjs is copied beside this file: the repository may not be readable by that user.)

import { startDriver, Session } from './webdriver.mjs';

const [app, shot] = process.argv.slice(2);
if (!app || !shot) {
  console.error('usage: node first-run.mjs APP SCREENSHOT.png');
  process.exit(2);
}

const driver = await startDriver();
let session;
try {
  session = await Session.open(driver.url, app, []);
  // The first-run form, once the page has asked the core whether any account exists.
  const seen = await session.until(
    `const form = document.getElementById('boot-user')?.closest('form');
     const overlay = form && form.parentElement;
     if (!form || (overlay && overlay.hidden)) return null;
     return {
       heading: form.querySelector('h1')?.textContent,
       fields: [...form.querySelectorAll('label.field .field-label')].map((l) => l.textContent.trim()),
       button: document.getElementById('boot-submit')?.textContent,
       loginForm: !!document.getElementById('login-user'),
       title: document.title,
     };`,
    'the first-run screen', 60000);
  driver.screenshot(shot);
  console.log(JSON.stringify(seen));
} finally {
  if (session) await session.close();
  await driver.stop();
}
