// The desk acting for an official who has no account or is signed in on no device: from a
// guest's row in "Tamu hari ini", the receptionist calls the guest (or calls again, starts,
// finishes) in the official's name. The core says for which guests and officials it may
// (`desk.today`'s `on_behalf`) and records each step as the desk's, "atas nama" the official;
// the waiting-room display and its voice follow the call as for an official's own.

import { call } from './api.js';
import { h } from './dom.js';
import { field, select, checkbox, button } from './form.js';

const ACTIONS = { call: 'Panggil', recall: 'Panggil ulang', start: 'Mulai layanan', finish: 'Selesai' };

/** What the day allows a stand-in to do for `v` (`desk.today`'s `on_behalf`), or undefined. */
export function onBehalfEntry(v, day) {
  return day ? (day.on_behalf || []).find((e) => e.visit_id === v.id) : undefined;
}

/**
 * The row's "Panggil…" button for `v` when the day allows a stand-in for it; else null.
 * Without `onDone` it carries no listener: a list that delegates its clicks opens the dialog
 * with `openOnBehalfFor`.
 */
export function onBehalfButton(v, day, onDone) {
  const entry = onBehalfEntry(v, day);
  if (!entry) return null;
  const first = ACTIONS[entry.actions[0]];
  return button(`${first}…`, onDone ? () => openOnBehalf(v, entry, onDone, day.outside_hours) : null,
    { class: 'btn small on-behalf', title: 'Meja layanan bertindak atas nama pejabat yang tidak memegang perangkat' });
}

/** Opens the stand-in dialog for `v` as `day` allows it (the click of a delegating list). */
export function openOnBehalfFor(v, day, onDone) {
  const entry = onBehalfEntry(v, day);
  if (entry) openOnBehalf(v, entry, onDone, day.outside_hours);
}

function openOnBehalf(v, entry, onDone, outsideHours) {
  const who = select('Atas nama', entry.officials.map((o) => [String(o.id), `${o.name} — ${o.title} (${o.room})`]), { id: 'ob-official' });
  const finishing = entry.actions.includes('finish');
  const result = finishing ? field('Hasil', { multiline: true, rows: 2, required: true, id: 'ob-result' }) : null;
  const notes = finishing ? field('Notulen', { multiline: true, rows: 2, id: 'ob-notes' }) : null;
  const closed = finishing ? checkbox('Permasalahan selesai (tidak berlanjut)', { checked: true }) : null;
  const problem = h('div', { class: 'form-error', role: 'alert', hidden: true });
  const run = async (action) => {
    const args = { official_id: Number(who.input.value), visit_id: v.id, action };
    if (action === 'finish') {
      args.outcome = { notes: notes.input.value, result: result.input.value, follow_up: '', closed: closed.input.checked };
    }
    try {
      await call('desk.on_behalf', args);
      dialog.close();
      onDone();
    } catch (e) {
      problem.textContent = e.message;
      problem.hidden = false;
      problem.scrollIntoView({ block: 'nearest' });
    }
  };
  const dialog = h('dialog', { class: 'dialog', id: 'on-behalf-dialog', 'aria-label': 'Atas nama pejabat' },
    h('h3', null, `${v.ticket} — ${v.guest.name}`),
    h('p', { class: 'muted small' }, 'Untuk pejabat yang tidak memegang perangkat: tercatat dilakukan oleh meja layanan atas nama beliau. Layar ruang tunggu memanggil seperti biasa.'),
    // Outside the service hours a call is warned, as on the official's own screen.
    outsideHours && entry.actions.some((a) => a === 'call' || a === 'recall')
      ? h('p', { class: 'warn', id: 'ob-outside-hours' }, `Di luar jam layanan — layar ruang tunggu menampilkan "${outsideHours}". `
        + 'Tamu yang dipanggil sekarang mungkin belum siap di ruang tunggu.') : null,
    who, result, notes, closed, problem,
    h('div', { class: 'actions' }, button('Batal', () => dialog.close()),
      entry.actions.map((a, i) => button(ACTIONS[a], () => run(a), { class: i === 0 ? 'btn primary' : 'btn', dataset: { action: a } }))));
  document.body.append(dialog);
  dialog.addEventListener('close', () => dialog.remove());
  dialog.showModal();
}
