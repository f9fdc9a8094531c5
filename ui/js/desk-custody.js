// The ID drawer and closing at the desk: what can happen to each card and guest still open
// (returned, collected by someone named, handed to security, left behind, held later), the
// dialog that closes a day recording each of them (the common ending for all at once, then
// the exceptions, and what became of a consultation the official never finished), and the
// banner for an earlier day that was never closed. Which endings fit a visit is the core's
// rule: every list here offers exactly the `endings` the core sends, and the core refuses
// any other.

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

/**
 * A small modal; resolves with what `collect` returns on "Simpan" (or `ok`), or null. While
 * `collect` returns undefined (something is missing), the dialog stays open.
 */
export function ask(title, body, collect, ok = 'Simpan') {
  return new Promise((resolve) => {
    let answer = null;
    const dialog = h('dialog', { class: 'dialog' },
      h('h3', null, title), body,
      h('div', { class: 'actions' },
        button('Batal', () => dialog.close()),
        button(ok, () => {
          const got = collect();
          if (got === undefined) return;
          answer = got;
          dialog.close();
        }, { class: 'btn primary ask-ok' })));
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
/** Settles the card or the visit of `item` by `kind` (an ending button's click). */
export function settleEnding(item, kind, act) {
  return settle(item, kind, act);
}

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
  // Without `act`, the buttons carry no listener: a list that delegates its clicks settles
  // them with `settleEnding`, by their `data-ending`.
  return kinds.map((kind) => button(endingLabel(kind, item), act ? () => settle(item, kind, act) : null,
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

/** What the desk may record for a consultation the official never finished. */
const DESK_FINISH = [
  ['guest_gone', 'Tamu sudah pulang'],
  ['served_unrecorded', 'Selesai tanpa dicatat pejabat'],
  ['other', 'Alasan lain'],
];

/**
 * Asks what became of a consultation the official called or started and never finished,
 * and records it at the desk, on the official's behalf, through `act(op, args)`.
 */
export async function finishForOfficial(line, act) {
  const reason = field('Alasan', { maxlength: 300, class: 'desk-finish-reason', placeholder: 'mis. pejabat dinas luar' });
  reason.hidden = true;
  const error = h('p', { class: 'form-error', role: 'alert', hidden: true });
  const choices = DESK_FINISH.map(([what, text], i) => {
    const input = h('input', { type: 'radio', name: 'desk-finish', value: what, checked: i === 0 });
    input.addEventListener('change', () => { reason.hidden = what !== 'other'; });
    return h('label', { class: 'check' }, input, h('span', null, text));
  });
  const what = await ask(`Layanan ${line.ticket} belum diselesaikan pejabat`, [
    h('p', { class: 'desk-finish-note' }, `${line.guest} · ${line.status_label}. Catat apa yang terjadi; catatan ini atas nama meja layanan, bukan pejabat, dan laporan membedakannya.`),
    h('div', { class: 'desk-finish-choices', role: 'radiogroup', 'aria-label': 'Yang terjadi' }, choices),
    reason, error], () => {
    const picked = choices.map((c) => c.querySelector('input')).find((i) => i.checked).value;
    if (picked !== 'other') return { what: picked };
    if (!reason.input.value.trim()) {
      error.textContent = 'Tulis alasannya, mis. "pejabat dinas luar".';
      error.hidden = false;
      reason.input.focus();
      return undefined;
    }
    return { what: 'other', reason: reason.input.value };
  });
  if (what) await act('desk.finish_for_official', { visit_id: line.visit_id, what });
}

/** The button that opens [`finishForOfficial`] for a line. */
function finishButton(line, act) {
  return button('Catat yang terjadi…', () => finishForOfficial(line, act),
    { class: 'btn small', dataset: { deskFinish: line.visit_id }, title: 'Pejabat tidak menyelesaikan layanan ini' });
}

/** The endings offered for all remaining lines at once. */
const BULK = ['guest', 'left_behind', 'security'];

/** The closing lines of `date` as the desk has them now. */
async function linesOf(date) {
  const day = await call('desk.today');
  if (day.date === date) return day.closing;
  const earlier = day.earlier.find((e) => e.date === date);
  return earlier ? earlier.closing : [];
}

/**
 * The dialog that closes `date`: one line per guest still open and per card with nothing
 * recorded. The common ending is recorded for every line without a choice at once (one
 * confirmation that says how many), the exceptions are chosen line by line, a consultation
 * the official never finished is recorded by the desk, and then the day is closed in one step.
 */
export function openClosing({ date, dateLabel, lines, today }, done, changed = () => {}) {
  const error = h('div', { class: 'form-error', role: 'alert', hidden: true });
  const fail = (e) => { error.textContent = e.message; error.hidden = false; };
  const list = h('ol', { class: 'closing-lines' });
  const intro = h('p');
  /** The rows by visit, kept (with what was chosen) while their line stays the same. */
  let rows = new Map();
  let current = lines;

  // Records at once, then shows the list as it is now (also after a refusal: the list may
  // have changed since it was read, and the refusal says so).
  const act = async (op, args) => {
    error.hidden = true;
    try {
      await call(op, args);
    } catch (e) {
      fail(e);
    }
    try {
      render(await linesOf(date));
    } catch (e) {
      fail(e);
    }
  };

  function buildRow(l) {
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
        updateBulk();
      });
    }
    const row = h('li', { class: 'closing-line', dataset: { visitId: l.visit_id } },
      h('div', { class: 'closing-what' }, lineText(l, l.office_day !== date),
        l.desk_may_finish ? h('div', null, finishButton(l, act)) : null),
      choice || h('p', { class: 'warn' }, l.note || 'Belum dapat dicatat di meja.'),
      who);
    row.line = l;
    row.key = JSON.stringify([l.status, l.slot, l.endings, l.desk_may_finish]);
    row.chosen = () => Boolean(choice && choice.input.value);
    row.settlement = () => (row.chosen() ? { visit_id: l.visit_id, ending: endingOf(choice.input.value, fields) } : null);
    return row;
  }

  // Everything recorded at once: the ending for every line without a choice it fits.
  const bulkChoice = select('Untuk semua yang belum dipilih', BULK.map((k) => [k, endingLabel(k, { held: true, long: true })]),
    { class: 'bulk-choice' });
  const bulkWho = h('div', { class: 'bulk-who' });
  let bulkFields = [];
  bulkChoice.input.addEventListener('change', () => {
    bulkFields = whoFields(bulkChoice.input.value);
    replace(bulkWho, bulkFields);
    updateBulk();
  });
  const bulkButton = button('', () => bulk(), { class: 'btn', id: 'closing-bulk' });
  const bulkBar = h('div', { class: 'closing-bulk' }, bulkChoice, bulkWho, bulkButton);

  /** The rows the common ending would be recorded for now. */
  function bulkRows() {
    const kind = bulkChoice.input.value;
    return [...rows.values()].filter((r) => !r.chosen() && r.line.endings.includes(kind));
  }

  function updateBulk() {
    const n = bulkRows().length;
    bulkButton.textContent = n ? `Catat untuk ${n} kartu dan tamu` : 'Tidak ada yang cocok';
    bulkButton.disabled = n === 0;
    bulkBar.hidden = [...rows.values()].every((r) => r.chosen() || !r.line.endings.length);
  }

  async function bulk() {
    const kind = bulkChoice.input.value;
    const targets = bulkRows();
    const ending = endingOf(kind, bulkFields);
    if (kind === 'security' && !ending.officer.trim()) {
      fail({ message: 'Tulis nama petugas keamanan yang menerima kartu.' });
      bulkFields[0].input.focus();
      return;
    }
    const others = rows.size - targets.length;
    const yes = await ask(`Catat untuk ${targets.length} kartu dan tamu?`, [
      h('p', { class: 'closing-tickets' }, h('strong', null, endingLabel(kind, { held: true, long: true })), ` — untuk ${targets.length} kartu dan tamu: `,
        targets.map((r) => r.line.ticket).join(', '), '.'),
      others ? h('p', { class: 'muted' }, `${others} lainnya tidak termasuk: catat masing-masing sesudahnya.`) : null,
    ], () => true, `Ya, catat ${targets.length}`);
    if (!yes) return;
    const except = [...rows.values()].filter((r) => r.chosen()).map((r) => r.line.visit_id);
    await act('desk.settle_all', { day: date, ending, except, expected: targets.length });
  }

  function render(fresh) {
    current = fresh;
    const next = new Map();
    for (const l of fresh) {
      const old = rows.get(l.visit_id);
      const key = JSON.stringify([l.status, l.slot, l.endings, l.desk_may_finish]);
      next.set(l.visit_id, old && old.key === key ? old : buildRow(l));
    }
    rows = next;
    replace(list, [...rows.values()]);
    intro.textContent = fresh.length
      ? 'Catat apa yang terjadi pada setiap kartu di laci dan setiap tamu yang belum pulang: pilih dulu yang berbeda, lalu catat sisanya sekaligus. Hari ditutup bersama catatan yang dipilih, atau tidak sama sekali.'
      : 'Semua kartu dan tamu sudah tercatat; hari dapat ditutup.';
    list.hidden = !fresh.length;
    updateBulk();
  }

  const close = button(`Catat dan tutup ${today ? 'hari ini' : 'hari itu'}`, async () => {
    error.hidden = true;
    const settle = [...rows.values()].map((r) => r.settlement()).filter(Boolean);
    try {
      await call('desk.close_day', { day: date, settle });
      dialog.close();
      done();
    } catch (e) {
      fail(e);
    }
  }, { class: 'btn primary', id: 'closing-submit' });
  const dialog = h('dialog', { class: 'dialog wide closing', 'aria-label': `Tutup hari ${dateLabel}` },
    h('h3', null, `Tutup hari: ${dateLabel}`),
    intro, bulkBar, list, error,
    h('div', { class: 'actions' }, button('Batal', () => dialog.close()), close));
  render(current);
  document.body.append(dialog);
  dialog.addEventListener('close', () => { dialog.remove(); if (current !== lines) changed(); });
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
          button('Tutup hari itu', () => openClosing({ date: e.date, dateLabel: e.date_label, lines: e.closing, today: false }, refresh, refresh),
            { class: 'btn small primary', dataset: { close: e.date } })),
        own.length ? h('ul', { class: 'earlier-lines' }, own.map((l) => h('li', { dataset: { visitId: l.visit_id } },
          h('span', null, lineText(l, false)),
          h('span', { class: 'card-actions' },
            l.endings.length ? endingButtons(lineItem(l), act) : null,
            l.desk_may_finish ? finishButton(l, act) : null,
            !l.endings.length && !l.desk_may_finish ? h('span', { class: 'muted small' }, l.note || '') : null)))) : null);
    }),
    more > 0 ? h('p', { class: 'muted small' }, `dan ${more} hari lain yang lebih lama.`) : null);
}
