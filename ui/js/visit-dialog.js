// The desk's visit dialog: one guest's visit as recorded — the check-in, the card, the blanko
// and the whole history (who, what, when in office time) — with the blanko filled in or
// edited later and printed on A5/A4, and the "Koreksi" form. A correction never edits the
// history: it is a new entry with its reason (`visit.correct`), and the core refuses one that
// does not fit. Also prints an empty blanko for a guest who writes it by hand.

import { call } from './api.js';
import { h, replace } from './dom.js';
import { field, select, button } from './form.js';
import { printBlanko } from './print.js';

const CARD_RETURNED = { guest: 'tamu', other: 'orang lain', security: 'petugas keamanan' };

function cardText(card) {
  if (card.state === 'held') return `Di laci ${card.slot}${card.left_behind ? ' (tertinggal)' : ''}`;
  if (card.state === 'returned') return `Dikembalikan kepada ${CARD_RETURNED[card.to.by] || 'tamu'}`;
  return 'Tidak disimpan';
}

/** The sheet's header fields: the office and the visit. */
function sheet(office, v) {
  return {
    ticket: v ? v.ticket : '', name: v ? v.guest.name : '', service: v ? v.service_name : '',
    purpose: v ? v.purpose : '', unit: office.unit_name, kabupaten: office.kabupaten,
  };
}

/** An empty blanko for a guest to fill in by hand, on A5 (or A4). */
export function printEmptyBlanko(office, a4 = false) {
  printBlanko({ ...sheet(office, null), blanko: { topic: '', questions: '', documents: '', contact: '' }, empty: true }, a4);
}

/** Opens the dialog of a visit; `onChanged` runs after every change it makes. */
export async function openVisit(visitId, { office, onChanged = () => {} }) {
  const dialog = h('dialog', { class: 'dialog wide visit-dialog', 'aria-label': 'Rincian kunjungan' });
  document.body.append(dialog);
  dialog.addEventListener('close', () => dialog.remove());
  const error = h('div', { class: 'form-error', role: 'alert', hidden: true });
  const body = h('div', { class: 'visit-body' });
  dialog.append(body);

  function showProblem(e) {
    error.textContent = e ? e.message : '';
    error.hidden = !e;
    if (e) error.scrollIntoView({ block: 'nearest' });
  }

  async function change(op, args) {
    try {
      await call(op, args);
      showProblem(null);
      await load();
      onChanged();
      return true;
    } catch (e) {
      showProblem(e);
      return false;
    }
  }

  function blankoPanel(v) {
    const b = v.blanko || { topic: '', questions: '', documents: '', contact: '' };
    const topic = field('Topik', { maxlength: 200, value: b.topic, id: 'vd-topic' });
    const questions = field('Permasalahan/pertanyaan', { multiline: true, rows: 3, maxlength: 4000, id: 'vd-questions' });
    questions.input.value = b.questions;
    const documents = field('Dokumen yang dibawa', { maxlength: 1000, value: b.documents, id: 'vd-documents' });
    const contact = field('Kontak tamu', { maxlength: 200, value: b.contact, id: 'vd-contact' });
    const editor = h('div', { class: 'vd-blanko-form', hidden: true },
      h('div', { class: 'row2' }, topic, documents), questions, contact,
      h('div', { class: 'actions' },
        button('Simpan blanko', () => change('visit.fill_blanko', { visit_id: v.id, blanko: {
          topic: topic.input.value, questions: questions.input.value, documents: documents.input.value, contact: contact.input.value,
        } }), { class: 'btn primary', id: 'vd-save-blanko' }),
        button('Batal', () => { editor.hidden = true; })));
    const shown = v.blanko
      ? h('dl', { class: 'blanko' },
        h('dt', null, 'Topik'), h('dd', null, v.blanko.topic),
        h('dt', null, 'Permasalahan'), h('dd', null, v.blanko.questions),
        h('dt', null, 'Dokumen'), h('dd', null, v.blanko.documents || '–'),
        h('dt', null, 'Kontak'), h('dd', null, v.blanko.contact || '–'))
      : h('p', { class: 'muted' }, 'Blanko belum diisi.');
    const print = (a4) => printBlanko({ ...sheet(office, v), blanko: v.blanko }, a4);
    return h('section', { class: 'vd-section' },
      h('h4', null, 'Lembar Blanko Koordinasi/Konsultasi'), shown,
      h('div', { class: 'actions' },
        button(v.blanko ? 'Ubah blanko' : 'Isi blanko', () => { editor.hidden = false; topic.input.focus(); }, { class: 'btn small', id: 'vd-edit-blanko' }),
        v.blanko ? button('Cetak blanko A5', () => print(false), { class: 'btn small' }) : null,
        v.blanko ? button('A4', () => print(true), { class: 'btn small' }) : null),
      editor);
  }

  function historyPanel(entries, koreksi) {
    return h('section', { class: 'vd-section' },
      h('h4', null, 'Riwayat'),
      h('table', { class: 'visits vd-history' },
        h('thead', null, h('tr', null, ['Waktu', 'Catatan', 'Oleh', ''].map((t) => h('th', null, t || h('span', { class: 'visually-hidden' }, 'Tindakan'))))),
        h('tbody', null, entries.map((e) => h('tr', { class: e.voided ? 'voided' : null, dataset: { kind: e.kind, eventId: e.id } },
          h('td', { class: 'num' }, h('div', null, e.time), h('div', { class: 'muted small' }, e.date)),
          h('td', null,
            h('span', { class: 'vd-what' }, e.what),
            e.voided ? h('span', { class: 'status s-not_present' }, 'dibatalkan') : null,
            e.note ? h('div', { class: 'muted small' }, `Alasan: ${e.note}`) : null),
          h('td', { class: 'small' }, e.actor),
          h('td', null, e.voidable
            ? button('Batalkan', () => koreksi.voidEntry(e), { class: 'btn small', title: 'Catatan ini salah masuk: batalkan dengan koreksi' })
            : null))))));
  }

  function koreksiPanel(v, entries) {
    const voidable = entries.filter((e) => e.voidable);
    const options = [['purpose', 'Keperluan'], ['person_to_meet', 'Orang yang ditemui'], ['group_size', 'Jumlah orang']];
    if (v.card.state === 'held') options.push(['card_slot', 'Laci kartu']);
    for (const e of voidable) options.push([`void:${e.id}`, `Batalkan: ${e.what} (${e.time})`]);
    const what = select('Yang dikoreksi', options, { id: 'vd-what' });
    const input = h('div', { class: 'vd-input' });
    const note = field('Alasan koreksi', { required: true, maxlength: 1000, id: 'vd-note', placeholder: 'mis. salah ketik, tombol tertekan' });
    let current = null;
    const build = () => {
      const kind = what.input.value;
      if (kind === 'purpose') current = field('Keperluan yang benar', { maxlength: 500, value: v.purpose, id: 'vd-value' });
      else if (kind === 'person_to_meet') current = field('Orang yang ditemui', { maxlength: 100, value: v.person_to_meet || '', id: 'vd-value' }, 'Kosongkan bila tidak ada.');
      else if (kind === 'group_size') current = field('Jumlah orang', { type: 'number', min: 1, max: 50, value: String(v.group_size), id: 'vd-value' });
      else if (kind === 'card_slot') current = field('Laci yang benar', { type: 'number', min: 1, value: String(v.card.slot), id: 'vd-value' });
      else current = null;
      replace(input, current || h('p', { class: 'muted small' }, 'Catatan tetap tersimpan di riwayat, ditandai dibatalkan; keadaan kunjungan dihitung tanpa catatan itu.'));
    };
    what.input.addEventListener('change', build);
    build();
    const correction = () => {
      const kind = what.input.value;
      const val = current ? current.input.value : '';
      if (kind === 'purpose') return { what: 'purpose', purpose: val };
      if (kind === 'person_to_meet') return { what: 'person_to_meet', person_to_meet: val.trim() || null };
      if (kind === 'group_size') return { what: 'group_size', group_size: Number(val || 0) };
      if (kind === 'card_slot') return { what: 'card_slot', slot: Number(val || 0) };
      return { what: 'void', event_id: Number(kind.slice(5)) };
    };
    const panel = h('section', { class: 'vd-section vd-koreksi' },
      h('h4', null, 'Koreksi'),
      h('p', { class: 'muted small' }, 'Riwayat tidak diubah: koreksi dicatat sebagai catatan baru dengan nama Anda, waktu dan alasannya.'),
      h('div', { class: 'row2' }, what, input), note,
      h('div', { class: 'actions' }, button('Simpan koreksi', () => change('visit.correct', {
        visit_id: v.id, correction: correction(), note: note.input.value,
      }), { class: 'btn primary', id: 'vd-correct' })));
    panel.voidEntry = (e) => {
      what.input.value = `void:${e.id}`;
      build();
      note.input.focus();
      panel.scrollIntoView({ block: 'nearest' });
    };
    return panel;
  }

  async function load() {
    const shown = await call('visit.show', { visit_id: visitId });
    const v = shown.visit;
    const koreksi = koreksiPanel(v, shown.entries);
    replace(body,
      h('div', { class: 'vd-head' },
        h('div', null,
          h('h3', null, h('span', { class: 'ticket' }, v.ticket), ` ${v.guest.name}`),
          h('div', { class: 'muted small' }, `${v.guest.institution || 'Pribadi/masyarakat'} · ${v.guest.id_type_label || ''} ${v.guest.id_masked || ''}`)),
        h('span', { class: `status s-${v.status}` }, v.status_label)),
      h('dl', { class: 'blanko vd-facts' },
        h('dt', null, 'Layanan'), h('dd', null, v.service_name),
        h('dt', null, 'Keperluan'), h('dd', { id: 'vd-purpose' }, v.purpose),
        h('dt', null, 'Ditemui'), h('dd', null, [v.official ? `${v.official.name} — ${v.official.title}` : null, v.person_to_meet].filter(Boolean).join('; ') || '–'),
        h('dt', null, 'Jumlah orang'), h('dd', { id: 'vd-group' }, String(v.group_size)),
        h('dt', null, 'Datang'), h('dd', null, v.arrived),
        h('dt', null, 'Kartu'), h('dd', { id: 'vd-card' }, cardText(v.card))),
      error,
      blankoPanel(v),
      historyPanel(shown.entries, koreksi),
      koreksi,
      h('div', { class: 'actions vd-close' }, button('Tutup', () => dialog.close(), { class: 'btn' })));
  }

  try {
    await load();
  } catch (e) {
    replace(body, h('p', null, e.message), button('Tutup', () => dialog.close()));
  }
  dialog.showModal();
  return dialog;
}
