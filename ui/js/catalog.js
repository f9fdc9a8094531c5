// The catalog screen: search as you type, filter by kabupaten and bagian, open a service.
//
// Keyboard first: the search box has focus, ↓/↑ move through the hits, Enter opens one,
// Escape returns to the search box.

import { call } from './api.js';
import { h, replace, debounce } from './dom.js';
import { servicePage } from './service-page.js';
import { showError, clearError } from './alert.js';

const $ = (id) => document.getElementById(id);

let overview = [];
let searchSeq = 0;
let selected = -1;

function unitsOf(region) {
  const regions = region ? overview.filter((r) => r.region === region) : overview;
  return regions.flatMap((r) => r.units.map((u) => ({ ...u, region: r.region, kabupaten: r.kabupaten })));
}

function fillFilters() {
  replace($('region'), h('option', { value: '' }, 'Semua kabupaten'),
    overview.map((r) => h('option', { value: r.region }, `${r.kabupaten} (${r.zone})`)));
  fillUnits();
}

// Both kabupaten use the same bagian ids (hukum, umum, ...), so a bagian option's value names
// its region too: "blitar:hukum".
const unitValue = (u) => `${u.region}:${u.id}`;

function fillUnits() {
  const region = $('region').value;
  const current = $('unit').value;
  const units = unitsOf(region);
  replace($('unit'), h('option', { value: '' }, 'Semua bagian'),
    units.map((u) => h('option', { value: unitValue(u) },
      region ? `${u.name} (${u.services})` : `${u.name} — ${u.kabupaten.replace('Kabupaten ', '')}`)));
  // Keep the bagian chosen where it is still offered; a bagian of the other kabupaten is not.
  $('unit').value = units.some((u) => unitValue(u) === current) ? current : '';
}

function filterArgs() {
  const [unitRegion, unit] = $('unit').value ? $('unit').value.split(':') : [null, null];
  return { region: $('region').value || unitRegion, unit };
}

function snippet(segments) {
  return segments.map((s) => (s.hit ? h('mark', null, s.text) : s.text));
}

function resultItem(hit, index) {
  return h('li', {
    role: 'option', id: `hit-${index}`, class: 'result', tabindex: '-1',
    dataset: { id: hit.id }, 'aria-selected': 'false',
    onclick: () => openService(hit.id),
  },
  h('div', { class: 'result-name' }, hit.name),
  h('div', { class: 'result-meta' },
    h('span', null, `${hit.unit} · ${hit.kabupaten.replace('Kabupaten ', '')}`),
    h('span', { class: 'badge' }, hit.time_limit_label)),
  (hit.matches || []).filter((m) => m.component !== 'name').slice(0, 1).map((m) =>
    h('div', { class: 'result-match' }, h('span', { class: 'match-label' }, `${m.label}: `), snippet(m.snippet))));
}

function showResults(list, label) {
  selected = -1;
  $('count').textContent = label;
  replace($('results'), list.map(resultItem));
  if (!list.length) {
    // Inside the listbox, the message is an option that cannot be chosen.
    $('results').append(h('li', { class: 'no-results', role: 'option', 'aria-disabled': 'true', 'aria-selected': 'false' },
      'Tidak ada layanan yang cocok. Coba kata lain atau kata yang lebih pendek, mis. "konsul" atau "ktp".'));
  }
}

async function refresh() {
  const query = $('query').value.trim();
  const seq = ++searchSeq;
  try {
    const filter = filterArgs();
    if (!query) {
      const all = await call('catalog.list', filter);
      if (seq === searchSeq) showResults(all, `${all.length} layanan`);
    } else {
      const { hits } = await call('catalog.search', { query, ...filter, limit: 50 });
      if (seq === searchSeq) showResults(hits, `${hits.length} hasil untuk “${query}”`);
    }
    clearError();
  } catch (e) {
    if (seq === searchSeq) showError(e);
  }
}

function select(index) {
  const items = [...$('results').querySelectorAll('.result')];
  if (!items.length) return;
  selected = Math.max(0, Math.min(index, items.length - 1));
  items.forEach((el, i) => el.setAttribute('aria-selected', String(i === selected)));
  items[selected].focus();
  items[selected].scrollIntoView({ block: 'nearest' });
}

function markOpen(id) {
  for (const el of $('results').querySelectorAll('.result')) {
    el.classList.toggle('open', el.dataset.id === id);
  }
}

/** Opens the page of a service (and remembers it in the address, for back/forward). */
export function openService(id) {
  if (location.hash !== `#/layanan/${id}`) location.hash = `#/layanan/${id}`;
  else renderService(id);
}

/** Renders the page of a service into the right-hand panel. */
export async function renderService(id) {
  try {
    const service = await call('catalog.show', { id });
    replace($('service'), servicePage(service));
    $('service').scrollTop = 0;
    markOpen(id);
    clearError();
  } catch (e) {
    showError(e);
  }
}

function onKey(event) {
  if (document.getElementById('screen-catalog').hidden) return;
  const inList = event.target.closest && event.target.closest('#results');
  if (event.key === 'ArrowDown') {
    event.preventDefault();
    select(selected + 1);
  } else if (event.key === 'ArrowUp' && inList) {
    event.preventDefault();
    if (selected <= 0) $('query').focus();
    else select(selected - 1);
  } else if (event.key === 'Enter') {
    const items = $('results').querySelectorAll('.result');
    const target = inList ? event.target.closest('.result') : items[Math.max(selected, 0)];
    if (target) {
      event.preventDefault();
      openService(target.dataset.id);
    }
  } else if (event.key === 'Escape') {
    $('query').focus();
    $('query').select();
  }
}

/** Sets the catalog screen up: filters, live search, keyboard. */
export async function startCatalog() {
  $('query').addEventListener('input', debounce(refresh, 60));
  $('region').addEventListener('change', () => { fillUnits(); refresh(); });
  $('unit').addEventListener('change', refresh);
  document.addEventListener('keydown', onKey);
  try {
    overview = await call('catalog.overview');
    fillFilters();
  } catch (e) {
    showError(e);
  }
  await refresh();
}
