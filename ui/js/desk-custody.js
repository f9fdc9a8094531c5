// The ID drawer and closing at the desk: what can happen to each card and guest still open
// (returned, collected by someone named, handed to security, left behind, held later), the
// dialog that closes a day recording each of them, and the banner for an earlier day that was
// never closed. Which endings fit a visit is the core's rule: every list here offers exactly
// the `endings` the core sends, and the core refuses any other.

import { call } from './api.js';
import { h, replace } from './dom.js';
import { field, select, button } from './form.js';
import { showError } from './alert.js';

/** What a button or an option says for each ending; `held` when the card is in the drawer. */
function endingLabel(kind, { held, leftBehind, long }) {
  switch (kind) {
    case 'guest':
      if (leftBehind) return long ? 'Kartu diambil sendiri oleh tamu' : 'Diambil tamu';
      if (held) return long ? 'Kartu dikembalikan ke tamu, tamu pulang' : 'Kembali ke tamu';
      return long ? 'Tamu sudah pulang' : 'Pulang';
    case 'other': return long ? 'Kartu diambil orang lain' : 'Diambil orang lain';
    case 'security': return long ? 'Kartu diserahkan ke petugas keamanan' : 'Ke petugas keamanan';
    case 'left_behind': return long ? 'Kartu tertinggal, tetap di laci' : 'Tertinggal';
    default: return kind;
  }
}

/** The fields an ending needs (who collected the card, which officer), or none. */
function whoFields(kind) {
  if (kind === 'other') {
    return [field('Nama pengambil', { required: true, maxlength: 100, class: 'who-name' }),
      field('Hubungan dengan tamu', { required: true, maxlength: 100, placeholder: 'mis. rekan kerja, keluarga', class: 'who-relation' })];
  }
  if (kind === 'security') return [field('Nama petugas keamanan', { required: true, maxlength: 100, class: 'who-officer' })];
  return [];
}

/** The ending as the core reads it, from its kind and the fields `whoFields` made. */
function endingOf(kind, fields) {
  if (kind === 'other') return { by: 'other', name: fields[0].input.value, relation: fields[1].input.value };
  if (kind === 'security') return { by: 'security', officer: fields[0].input.value };
  return { by: kind };
}

/** A small modal; resolves with what `collect` returns on "Simpan", or null. */
export function ask(title, body, collect) {
  return new Promise((resolve) => {
    let answer = null;
    const dialog = h('dialog', { class: 'dialog' },
      h('h3', null, title), body,
      h('div', { class: 'actions' },
        button('Batal', () => dialog.close()),
        button('Simpan', () => { answer = collect(); dialog.close(); }, { class: 'btn primary' })));
    document.body.append(dialog);
    dialog.addEventListener('close', () => { dialog.remove(); resolve(answer); });
    dialog.showModal();
    const first = dialog.querySelector('input, select');
    if (first) first.focus();
  });
}

/**
 * Records one ending for a visit (asking who, when the ending needs a name) through
 * `act(op, args)`.
 */
async function settle(item, kind, act) {
  const fields = whoFields(kind);
  let ending = { by: kind };
  if (fields.length) {
    ending = await ask(`${endingLabel(kind, { long: true })}: ${item.guest} (${item.ticket})`, fields, () => endingOf(kind, fields));
    if (!ending) return;
  }
  await act('desk.settle', { visit_id: item.visit_id, ending });
}

/**
 * The buttons for the endings `item.endings` lists; `item` has `visit_id`, `ticket`,
 * `guest`, and says whether the card is `held` and `leftBehind`.
 */
export function endingButtons(item, act, only) {
  const kinds = item.endings.filter((k) => !only || only.includes(k));
  return kinds.map((kind) => button(endingLabel(kind, item), () => settle(item, kind, act),
    { class: 'btn small', dataset: { ending: kind }, title: endingLabel(kind, { ...item, long: true }) }));
}

/** The cards in the drawer, each with what can happen to it now. */
export function heldList(day, act) {
  if (!day.held.length) return h('p', { class: 'muted' }, 'Laci kosong.');
  return h('ul', { class: 'held' }, day.held.map((c) => h('li', { class: c.left_behind ? 'left-behind' : null, dataset: { visitId: c.visit_id } },
    h('span', { class: 'slot' }, c.slot),
    h('span', null, h('strong', null, c.guest), ` · ${c.ticket} · ${c.id_masked}`,
      h('div', { class: 'muted small' }, c.left_behind ? `tertinggal · disimpan sejak ${c.since_label}` : `sejak ${c.since_label}`)),
    h('span', { class: 'card-actions' },
      endingButtons({ visit_id: c.visit_id, ticket: c.ticket, guest: c.guest, held: true, leftBehind: c.left_behind, endings: c.endings }, act)))));
}

/** Asks for a free slot and puts the visit's card into it. */
export async function holdCard(visit, freeSlots, act) {
  if (!freeSlots.length) {
    showError({ message: 'Semua laci terisi; kartu tidak dapat disimpan.' });
    return;
  }
  const slot = select('Laci', freeSlots.map((n) => [String(n), `Laci ${n}`]), { class: 'hold-slot' });
  const chosen = await ask(`Simpan kartu ${visit.guest.name} (${visit.ticket})`, slot, () => Number(slot.input.value));
  if (chosen) await act('desk.hold_card', { visit_id: visit.id, slot: chosen });
}

/** A closing line as `endingButtons` reads it. */
function lineItem(l) {
  return { visit_id: l.visit_id, ticket: l.ticket, guest: l.guest, held: l.slot !== null, leftBehind: false, endings: l.endings };
}

function lineText(l, withDay) {
  return [h('span', { class: 'ticket' }, l.ticket), ' ', h('strong', null, l.guest),
    ` · ${l.status_label}`, l.slot !== null ? ` · kartu di laci ${l.slot} (${l.id_masked})` : '',
    withDay ? h('span', { class: 'muted small' }, ` · ${l.day_label}`) : null];
}

/**
 * The dialog that closes `date`: one line per guest still open and per card with nothing
 * recorded, each with what happened to it; then the day is closed in one step.
 */
export function openClosing({ date, dateLabel, lines, today }, done) {
  const error = h('div', { class: 'form-error', role: 'alert', hidden: true });
  const rows = lines.map((l) => {
    const who = h('div', { class: 'closing-who' });
    const choice = l.endings.length
      ? select('Yang terjadi', [['', '— pilih —'], ...l.endings.map((k) => [k, endingLabel(k, { held: l.slot !== null, long: true })])],
        { class: 'closing-choice', dataset: { visitId: l.visit_id } })
      : null;
    let fields = [];
    if (choice) {
      choice.input.addEventListener('change', () => {
        fields = whoFields(choice.input.value);
        replace(who, fields);
      });
    }
    const row = h('li', { class: 'closing-line', dataset: { visitId: l.visit_id } },
      h('div', { class: 'closing-what' }, lineText(l, l.office_day !== date)),
      choice || h('p', { class: 'warn' }, l.note || 'Belum dapat dicatat di meja.'),
      who);
    row.settlement = () => (choice && choice.input.value ? { visit_id: l.visit_id, ending: endingOf(choice.input.value, fields) } : null);
    return row;
  });
  const close = button(`Catat dan tutup ${today ? 'hari ini' : 'hari itu'}`, async () => {
    error.hidden = true;
    const settle = rows.map((r) => r.settlement()).filter(Boolean);
    try {
      await call('desk.close_day', { day: date, settle });
      dialog.close();
      done();
    } catch (e) {
      error.textContent = e.message;
      error.hidden = false;
    }
  }, { class: 'btn primary', id: 'closing-submit' });
  const dialog = h('dialog', { class: 'dialog wide closing', 'aria-label': `Tutup hari ${dateLabel}` },
    h('h3', null, `Tutup hari: ${dateLabel}`),
    lines.length
      ? h('p', null, 'Catat apa yang terjadi pada setiap kartu di laci dan setiap tamu yang belum pulang. Hari ditutup bersama semua catatan ini, atau tidak sama sekali.')
      : h('p', null, 'Semua kartu dan tamu sudah tercatat; hari dapat ditutup.'),
    lines.length ? h('ol', { class: 'closing-lines' }, rows) : null,
    error,
    h('div', { class: 'actions' }, button('Batal', () => dialog.close()), close));
  document.body.append(dialog);
  dialog.addEventListener('close', () => dialog.remove());
  dialog.showModal();
}

/**
 * The banner for earlier days that were never closed: each day's open guests and held cards
 * with what can happen to them, and the button that closes the day.
 */
export function earlierBanner(day, act, refresh) {
  if (!day.earlier.length) return null;
  const more = day.earlier_count - day.earlier.length;
  return h('section', { class: 'earlier', role: 'region', 'aria-label': 'Hari sebelumnya belum ditutup' },
    h('h3', null, day.earlier.length === 1 ? 'Hari sebelumnya belum ditutup' : `${day.earlier_count} hari sebelumnya belum ditutup`),
    day.earlier.map((e) => {
      const own = e.closing.filter((l) => l.office_day === e.date);
      const cards = own.filter((l) => l.slot !== null).length;
      const open = own.filter((l) => ['waiting', 'called', 'serving', 'on_hold'].includes(l.status)).length;
      return h('div', { class: 'earlier-day', dataset: { date: e.date } },
        h('div', { class: 'earlier-head' },
          h('strong', null, e.date_label),
          h('span', { class: 'muted small' }, own.length ? `${open} tamu belum pulang · ${cards} kartu di laci` : 'tidak ada tamu atau kartu tersisa'),
          button('Tutup hari itu', () => openClosing({ date: e.date, dateLabel: e.date_label, lines: e.closing, today: false }, refresh),
            { class: 'btn small primary', dataset: { close: e.date } })),
        own.length ? h('ul', { class: 'earlier-lines' }, own.map((l) => h('li', { dataset: { visitId: l.visit_id } },
          h('span', null, lineText(l, false)),
          h('span', { class: 'card-actions' }, l.endings.length ? endingButtons(lineItem(l), act) : h('span', { class: 'muted small' }, l.note || ''))))) : null);
    }),
    more > 0 ? h('p', { class: 'muted small' }, `dan ${more} hari lain yang lebih lama.`) : null);
}
