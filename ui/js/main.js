// Entry point of Loket's UI: one screen at a time, chosen by the address
// (#/ katalog, #/layanan/ID, #/meja, #/pejabat, #/laporan, #/pengaturan).

import { startCatalog, renderService } from './catalog.js';
import { showDesk } from './desk.js';
import { showOfficial } from './official.js';
import { showReport } from './report.js';
import { showSettings } from './settings.js';
import { clearError } from './alert.js';
import { requireLogin, currentUser } from './login.js';
import { showDisplayAction } from './display-window.js';

const screens = {
  catalog: null,
  desk: showDesk,
  official: showOfficial,
  report: showReport,
  settings: showSettings,
};

function screenOf(hash) {
  if (hash.startsWith('#/meja')) return 'desk';
  if (hash.startsWith('#/pejabat')) return 'official';
  if (hash.startsWith('#/laporan')) return 'report';
  if (hash.startsWith('#/pengaturan')) return 'settings';
  return 'catalog';
}

function route() {
  const name = screenOf(location.hash);
  clearError();
  for (const key of Object.keys(screens)) {
    document.getElementById(`screen-${key}`).hidden = key !== name;
  }
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
setTimeout(showLanAddress, 1500);
let started = false;
requireLogin(async (me) => {
  showDisplayAction(currentUser());
  // An official opening the bare address (often on a phone) lands on their own queue.
  if (me && me.role === 'pejabat' && !location.hash) history.replaceState(null, '', '#/pejabat');
  if (!started) {
    started = true;
    await startCatalog();
  }
  route();
});
