// Entry point of Loket's UI: one screen at a time, chosen by the address
// (#/ katalog, #/layanan/ID, #/meja, #/pejabat, #/laporan, #/pengaturan). After logging in,
// each role lands on its own screen and sees the tabs of the screens it may open, both as the
// core says (`auth.whoami`); the top bar keeps the office's clock.

import { clearNotice } from './alert.js';
import { requireLogin, currentUser } from './login.js';
import { showDisplayAction } from './display-window.js';
import { startClock } from './clock.js';
// Loaded with the page so that the taps of logging in allow an official's chimes later.
import './sound.js';

// Each screen's module is fetched the first time the screen is shown, not with the page: the
// first screen (logging in) then parses a fifth of the code, and a desk that never opens the
// report or the settings never holds them (the web process's memory, BENCHMARKS.md).
const screens = {
  desk: () => import('./desk.js').then((m) => m.showDesk),
  official: () => import('./official.js').then((m) => m.showOfficial),
  report: () => import('./report.js').then((m) => m.showReport),
  settings: () => import('./settings.js').then((m) => m.showSettings),
};

/** Whether someone has logged in since the page loaded (the clock runs from then). */
let started = false;
/** The catalog, started (its search wired, its list loaded) the first time it is shown. */
let catalog = null;
function startedCatalog() {
  catalog = catalog || import('./catalog.js').then(async (m) => { await m.startCatalog(); return m; });
  return catalog;
}

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
  for (const key of ['catalog', ...Object.keys(screens)]) {
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
    // Not before logging in: the catalog is read with the session.
    if (started) startedCatalog().then((c) => { if (match && location.hash === match[0]) c.renderService(match[1]); });
  } else {
    screens[name]().then((show) => {
      // Unless the user went elsewhere while the module came.
      if (screenOf(location.hash) === name) show(document.getElementById(`screen-${name}`));
    });
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
  }
  route();
});
