// The page of one service: its standard as the decree states it, in the decree's two parts,
// with the facts the desk needs first (hours, time limit, fee, what the desk takes in).

import { h } from './dom.js';

const EMPTY = 'Tidak diatur dalam keputusan.';
// A component the scan of the decree lost: empty in the catalog, but not known to be empty
// in the decree (the standards file lists it in `unreadable`).
const UNREADABLE = 'Tidak terbaca pada salinan keputusan.';
const UNREADABLE_HINT = 'Bagian ini hilang atau rusak pada salinan keputusan yang tersedia; '
  + 'tanyakan isinya kepada bagian yang bersangkutan.';

function unreadable() {
  return h('p', { class: 'empty unreadable', title: UNREADABLE_HINT }, UNREADABLE);
}

function items(list) {
  if (!list.length) return h('p', { class: 'empty' }, EMPTY);
  return h('ul', { class: 'items' }, list.map((item) =>
    typeof item === 'string'
      ? h('li', null, item)
      : h('li', null, item.text ? h('span', { class: 'item-head' }, item.text) : null, items(item.items))));
}

function text(value) {
  if (!value) return h('p', { class: 'empty' }, EMPTY);
  return value.split('\n').map((line) => h('p', null, line));
}

function component(slot, value, lost) {
  const body = lost ? unreadable() : Array.isArray(value) ? items(value) : text(value);
  return h('div', { class: 'component', id: `k-${slot.key}`, dataset: { component: slot.key } },
    h('div', { class: 'component-no' }, `${slot.number}.`),
    h('h4', { class: 'component-label' }, slot.label),
    h('div', { class: 'component-body' }, body));
}

function fact(label, value, hint) {
  return h('div', { class: 'fact' },
    h('div', { class: 'fact-label' }, label),
    h('div', { class: 'fact-value' }, value),
    hint ? h('div', { class: 'fact-hint' }, hint) : null);
}

function intakeChips(intake) {
  const chips = [
    [intake.holds_id, 'Kartu identitas disimpan di meja'],
    [intake.blanko, 'Mengisi blanko/formulir'],
    [intake.spt, 'SPT/SPPD bagi tamu instansi'],
    [intake.proposal, 'Menyerahkan proposal'],
  ].filter(([source]) => source);
  if (!chips.length) return null;
  return h('ul', { class: 'chips', 'aria-label': 'Yang diterima meja layanan' },
    chips.map(([source, label]) => h('li', { class: 'chip', title: source }, label)));
}

function checklist(intake) {
  if (!intake.checklist.length) return null;
  return h('section', { class: 'checklist', 'aria-label': 'Daftar periksa persyaratan' },
    h('h3', null, 'Daftar periksa persyaratan'),
    h('ol', null, intake.checklist.map((c) =>
      h('li', null, c.text, c.institution_only ? h('span', { class: 'tag' }, 'khusus tamu instansi') : null))));
}

function part(title, subtitle, slots, s) {
  const lost = new Set(s.unreadable || []);
  return h('section', { class: 'part' },
    h('h3', { class: 'part-title' }, title, h('span', { class: 'part-sub' }, subtitle)),
    slots.map((slot) => component(slot, s.components[slot.key], lost.has(slot.key))));
}

/** Builds the page of a service from `catalog.show`'s answer. */
export function servicePage(s) {
  const lost = (key) => (s.unreadable || []).includes(key);
  const delivery = s.layout.filter((slot) => slot.part === 'penyampaian');
  const managing = s.layout.filter((slot) => slot.part === 'pengelolaan');
  return h('div', { class: 'page', dataset: { serviceId: s.id } },
    h('div', { class: 'crumbs' }, `${s.kabupaten} › ${s.unit}`),
    h('h2', { class: 'service-name' }, h('span', { class: 'service-no' }, `${s.number}.`), ' ', s.name),
    s.service_type ? h('div', { class: 'service-type' }, `Jenis pelayanan: ${s.service_type}`) : null,
    h('div', { class: 'facts' },
      fact('Jam layanan', s.hours_label || 'Tidak diatur dalam keputusan', s.hours ? null : `Ikuti jam kerja kantor (${s.zone}).`),
      fact('Batas waktu', s.time_limit_label,
        s.time_limit.source || (lost('jangka_waktu') ? 'Tidak terbaca pada salinan keputusan' : null)),
      fact('Biaya', s.components.biaya
        || (lost('biaya') ? 'Tidak terbaca pada salinan keputusan' : 'Tidak diatur dalam keputusan'))),
    intakeChips(s.intake),
    checklist(s.intake),
    part('A. Penyampaian Pelayanan', 'komponen 1–6, yang langsung dirasakan tamu', delivery, s),
    part('B. Pengelolaan Pelayanan', 'komponen 7–14, pengelolaan di dalam kantor', managing, s),
    h('footer', { class: 'decree' },
      h('p', null, 'Ditetapkan dengan ', h('strong', null, s.decree.title || 'Keputusan Sekretaris Daerah'),
        `, Nomor ${s.decree.number}, di ${s.decree.place} pada tanggal ${s.decree.date_label}.`),
      h('p', { class: 'office' }, [s.office.name, s.office.address, s.office.phone && `Telp. ${s.office.phone}`,
        s.office.email].filter(Boolean).join(' · '))),
    s.maklumat
      ? h('section', { class: 'maklumat', 'aria-label': 'Maklumat Pelayanan' },
          h('h3', null, 'Maklumat Pelayanan'), h('blockquote', null, s.maklumat))
      : h('section', { class: 'maklumat absent' }, h('h3', null, 'Maklumat Pelayanan'),
          h('p', null, 'Keputusan ini tidak memuat Maklumat Pelayanan.')));
}
