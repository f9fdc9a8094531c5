// Entry point of Loket's UI: one screen at a time, chosen by the address
// (#/ katalog, #/layanan/ID, #/meja, #/pejabat, #/laporan, #/pengaturan). After logging in,
// each role lands on its own screen and sees the tabs of the screens it may open, both as the
// core says (`auth.whoami`); the top bar keeps the office's clock.

import { startCatalog, renderService } from './catalog.js';
import { showDesk } from './desk.js';
import { showOfficial } from './official.js';
import { showReport } from './report.js';
import { showSettings } from './settings.js';
import { clearNotice } from './alert.js';
import { requireLogin, currentUser } from './login.js';
import { showDisplayAction } from './display-window.js';
import { startClock } from './clock.js';

const screens = {
  catalog: null,
  desk: showDesk,
  official: showOfficial,
  report: showReport,
  settings: showSettings,
};

const HASHES = { catalog: '#/', desk: '#/meja', official: '#/pejabat', report: '#/laporan', settings: '#/pengaturan' };

/** Shows the tabs of the screens `me` may open (all of them for an older core). */
function showTabs(me) {
  const allowed = me && Array.isArray(me.screens) ? me.screens : null;
  for (const tab of document.querySelectorAll('.tab')) {
    tab.hidden = Boolean(allowed) && !allowed.includes(tab.dataset.screen);
  }
}

function screenOf(hash) {
  if (hash.startsWith('#/meja')) return 'desk';
  if (hash.startsWith('#/pejabat')) return 'official';
  if (hash.startsWith('#/laporan')) return 'report';
  if (hash.startsWith('#/pengaturan')) return 'settings';
  return 'catalog';
}

function route() {
  const name = screenOf(location.hash);
  clearNotice();
  for (const key of Object.keys(screens)) {
    document.getElementById(`screen-${key}`).hidden = key !== name;
  }
  // The page's one heading names the screen, for screen readers (the tabs show it to the eye).
  const current = document.querySelector(`.tab[data-screen="${name}"]`);
  document.getElementById('screen-title').textContent = `Loket — ${current ? current.textContent : 'Katalog Standar'}`;
  for (const tab of document.querySelectorAll('.tab')) {
    const active = tab.dataset.screen === name;
    tab.classList.toggle('active', active);
    if (active) tab.setAttribute('aria-current', 'page');
    else tab.removeAttribute('aria-current');
  }
  if (name === 'catalog') {
    const match = location.hash.match(/^#\/layanan\/([a-z0-9-]+)$/);
    if (match) renderService(match[1]);
  } else {
    screens[name](document.getElementById(`screen-${name}`));
  }
}

/** In the desktop window, shows where officials open Loket on the LAN. */
async function showLanAddress() {
  const invoke = window.__TAURI__ && window.__TAURI__.core && window.__TAURI__.core.invoke;
  if (!invoke) return;
  const status = await invoke('lan_status').catch(() => '');
  const el = document.getElementById('lan');
  el.textContent = status;
  el.hidden = !status;
}

window.addEventListener('hashchange', route);
// A success notice stays until the user's next action: the next button they press.
document.addEventListener('click', (e) => {
  if (e.target instanceof Element && e.target.closest('main button')) clearNotice();
}, true);
setTimeout(showLanAddress, 1500);
let started = false;
requireLogin(async (me, { fresh } = {}) => {
  showDisplayAction(currentUser());
  showTabs(me);
  // Just logged in, or opening the bare address (an official often on a phone): the role's
  // own screen.
  const home = me && HASHES[me.home];
  if (home && (fresh || !location.hash || location.hash === '#/') && location.hash !== home) {
    history.replaceState(null, '', home);
  }
  if (!started) {
    started = true;
    startClock();
    await startCatalog();
  }
  route();
});
