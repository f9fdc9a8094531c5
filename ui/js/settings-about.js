// Pengaturan → Tentang Loket: which Loket this is (its version), the database's schema
// version, the standards loaded with the decrees they come from (number and date in words,
// as the core cites them), where the database and its backups are on the desk PC (full
// paths, selectable to copy), and the office's time zone. Everything comes from the core's
// `office.about`, the same answer `loket-hub about` prints.

import { call } from './api.js';
import { h } from './dom.js';

/** A path shown so it can be selected and copied whole. */
function path(text, id) {
  return text ? h('code', { class: 'about-path', id }, text) : h('span', { id }, 'tidak ada (basis data di memori)');
}

function row(label, value) {
  return [h('dt', null, label), h('dd', null, value)];
}

/** One region's standards: its version in the database, its services, its decrees. */
function region(r) {
  const from = r.shipped ? `bawaan Loket (${r.source_name})` : `diimpor dari ${r.source_name}`;
  return h('div', { class: 'about-region', dataset: { region: r.region } },
    h('h3', null, `Standar ${r.kabupaten}`),
    h('p', { class: 'small' }, `Versi ${r.version} di basis data · ${r.services} layanan · ${from} · dimuat ${r.imported_label}`),
    h('ul', { class: 'about-decrees' }, r.decrees.map((d) => h('li', null, d.citation,
      h('div', { class: 'muted small' }, `tentang ${d.title}`)))));
}

/** The Tentang Loket panel, for the admin's Pengaturan. */
export async function aboutPanel() {
  const about = await call('office.about');
  const schema = about.schema_version === about.schema_supported
    ? `Skema basis data ${about.schema_version}`
    : `Skema basis data ${about.schema_version} (versi ini menulis skema ${about.schema_supported})`;
  const zone = about.timezone ? `${about.timezone.abbreviation} (${about.timezone.iana})` : 'Kantor belum diatur';
  return h('section', { class: 'panel about', id: 'tentang-loket', 'aria-labelledby': 'tentang-loket-title' },
    h('h2', { id: 'tentang-loket-title' }, 'Tentang Loket'),
    h('dl', { class: 'about-facts' },
      row('Versi', h('span', { id: 'about-version' }, `Loket ${about.version}`)),
      row('Basis data', h('span', { id: 'about-schema' }, schema)),
      row('Zona waktu kantor', zone),
      row('Berkas basis data', path(about.database, 'about-database')),
      row('Folder cadangan', path(about.backups, 'about-backups'))),
    about.standards.map(region));
}
