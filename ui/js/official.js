// Pejabat: an official's screen. The guests waiting for them or their services, oldest
// first, with what the guest wrote on the blanko; call the next one (or a particular one),
// call again, start, finish with the outcome, mark not present, transfer, put on hold.
// Guests of earlier days still called or with the official are shown apart, with their
// date. A button the core's rule closes now is disabled with the rule's words beside it; a
// refusal shows where the official looks: in a toast fixed in the viewport (on a phone the
// page may be scrolled far from the top), or inside the dialog, next to its fields.

import { call } from './api.js';
import { h, replace } from './dom.js';
import { field, select, checkbox, button, minutes } from './form.js';
import { showError } from './alert.js';
import { servicePicker } from './service-picker.js';
import { currentUser } from './login.js';
import { onChange, liveStatus } from './live.js';
import { unlockSound, soundReady, audioContext, onSoundState } from './sound.js';

const OFFICIAL_KEY = 'loket.official';
/** The queue's own refresh (waiting minutes, limits), on top of the live updates. */
const REFRESH_MS = 5000;

let root;
let office;
/** Visit ids waiting at the last refresh; null until the first, which never chimes. */
let lastWaiting = null;

/** The "Aktifkan bunyi" button is there only while the chime cannot play yet. */
function showSoundState() {
  const el = document.getElementById('chime-on');
  if (el) el.hidden = soundReady();
}
onSoundState(showSoundState);

/** A soft two-tone chime, made in the browser: a new guest has joined this queue. */
function chime() {
  const audio = audioContext();
  if (!audio) return;
  try {
    [[659.25, 0], [523.25, 0.35]].forEach(([freq, at]) => {
      const osc = audio.createOscillator();
      const gain = audio.createGain();
      osc.frequency.value = freq;
      gain.gain.setValueAtTime(0.0001, audio.currentTime + at);
      gain.gain.exponentialRampToValueAtTime(0.3, audio.currentTime + at + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, audio.currentTime + at + 0.9);
      osc.connect(gain).connect(audio.destination);
      osc.start(audio.currentTime + at);
      osc.stop(audio.currentTime + at + 1);
    });
    window.__chimes = (window.__chimes || 0) + 1;
  } catch {
    // No audio device: the list on screen still changes.
  }
}

/** Chimes when a guest is waiting who was not at the last refresh (whoever else left). */
function chimeForNewGuests(waiting) {
  const ids = new Set(waiting.map((v) => v.id));
  if (lastWaiting !== null && [...ids].some((id) => !lastWaiting.has(id))) chime();
  lastWaiting = ids;
}
let services = [];
let stopLive = () => {};

function officialId() {
  const me = currentUser();
  if (me && me.role !== 'admin' && me.official_id) return me.official_id;
  return Number(localStorage.getItem(OFFICIAL_KEY)) || null;
}

/** The toast that shows a refusal in view, wherever the page is scrolled. */
function toast(e) {
  let el = document.getElementById('official-toast');
  if (!e) {
    if (el) el.hidden = true;
    return;
  }
  if (!el) {
    el = h('div', { id: 'official-toast', class: 'toast', role: 'alert', tabindex: '-1', hidden: true },
      h('span', { class: 'toast-text' }),
      button('Tutup', () => { el.hidden = true; }, { class: 'btn small' }));
    document.body.append(el);
  }
  el.querySelector('.toast-text').textContent = e.message || 'Terjadi kesalahan yang tidak terduga.';
  el.hidden = false;
  el.focus({ preventScroll: true });
}

/**
 * Runs an operation and redraws; a refusal goes to `problem` (a dialog's own error box) or
 * else to the toast. Returns the answer, or null when refused.
 */
async function act(op, args, problem = toast) {
  try {
    const out = await call(op, args);
    problem(null);
    if (problem !== toast) toast(null);
    await refresh();
    return out;
  } catch (e) {
    problem(e);
    return null;
  }
}

/** An error box inside a dialog, right where it is placed: `show(e)` fills or hides it. */
function dialogError() {
  const box = h('div', { class: 'form-error', role: 'alert', hidden: true });
  box.show = (e) => {
    box.textContent = e ? e.message : '';
    box.hidden = !e;
    if (e) box.scrollIntoView({ block: 'nearest' });
  };
  return box;
}

/** A button the rule may close, with the rule's words beside it while it is closed. */
function ruled(text, permit, onclick, attrs = {}) {
  const b = button(text, onclick, { ...attrs, disabled: !permit.allowed, title: permit.hint || undefined });
  return permit.allowed ? b : h('span', { class: 'ruled' }, b, h('span', { class: 'rule-hint small' }, permit.hint));
}

function blanko(v) {
  if (!v.blanko) return h('p', { class: 'muted small' }, 'Blanko belum diisi.');
  return h('dl', { class: 'blanko' },
    h('dt', null, 'Topik'), h('dd', null, v.blanko.topic),
    h('dt', null, 'Permasalahan'), h('dd', null, v.blanko.questions),
    v.blanko.documents ? [h('dt', null, 'Dokumen'), h('dd', null, v.blanko.documents)] : null);
}

function guestLine(v) {
  return h('div', { class: 'guest-line' },
    h('span', { class: 'ticket big' }, v.ticket),
    h('span', null, h('strong', null, v.guest.name), ` · ${v.guest.institution || 'Pribadi/masyarakat'}`,
      v.group_size > 1 ? ` · ${v.group_size} orang` : ''),
    h('span', { class: 'muted small' }, h('span', { class: 'service-short', title: v.service_name }, v.service_short),
      ` · datang ${v.arrived} · menunggu ${minutes(v.waited_minutes)}`));
}

function finishForm(v) {
  const notes = field('Notulen', { multiline: true, rows: 3 });
  const result = field('Hasil', { multiline: true, rows: 2, required: true });
  const follow = field('Tindak lanjut', {});
  const closed = checkbox('Permasalahan selesai (tidak berlanjut)', { checked: true });
  const problem = dialogError();
  const dialog = h('dialog', { class: 'dialog wide', id: 'finish-dialog' },
    h('h3', null, `Selesai melayani ${v.ticket} — ${v.guest.name}`), notes, result, problem, follow, closed,
    h('div', { class: 'actions' }, button('Batal', () => dialog.close()),
      button('Simpan hasil', async () => {
        const done = await act('queue.finish', { official_id: officialId(), visit_id: v.id,
          outcome: { notes: notes.input.value, result: result.input.value, follow_up: follow.input.value, closed: closed.input.checked } },
        (e) => {
          problem.show(e);
          result.input.setAttribute('aria-invalid', String(Boolean(e)));
          if (e) result.input.focus();
        });
        if (done) dialog.close();
      }, { class: 'btn primary' })));
  document.body.append(dialog);
  dialog.addEventListener('close', () => dialog.remove());
  dialog.showModal();
}

function transferForm(v) {
  const to = select('Ke pejabat', [['', '— tetap —'], ...office.officials.filter((o) => o.active && o.id !== officialId()).map((o) => [String(o.id), `${o.name} — ${o.title}`])]);
  // Every service of the kabupaten, searched as one types, grouped by bagian: the
  // official's own bagian (the guest's service's) first.
  const own = (services.find((s) => s.id === v.service_code) || {}).unit_id || office.setup.unit;
  const ordered = [...services.filter((s) => s.unit_id === own), ...services.filter((s) => s.unit_id !== own)];
  const service = servicePicker('Ke layanan', ordered, { id: 'transfer-service', region: office.setup.region, initial: null,
    group: (s) => s.unit, placeholder: 'Tetap; atau ketik nomor/nama layanan tujuan' });
  const reason = field('Alasan', { required: true });
  const problem = dialogError();
  const dialog = h('dialog', { class: 'dialog wide', id: 'transfer-dialog' }, h('h3', null, `Alihkan ${v.ticket} — ${v.guest.name}`), to, service, reason, problem,
    h('div', { class: 'actions' }, button('Batal', () => dialog.close()),
      button('Alihkan', async () => {
        const done = await act('queue.transfer', { visit_id: v.id, to_official: to.input.value ? Number(to.input.value) : null,
          to_service: service.value || null, reason: reason.input.value }, problem.show);
        if (done) dialog.close();
      }, { class: 'btn primary' })));
  document.body.append(dialog);
  dialog.addEventListener('close', () => dialog.remove());
  dialog.showModal();
}

function holdForm(v) {
  const reason = field('Alasan penundaan', { required: true, placeholder: 'mis. mengambil dokumen yang kurang' });
  const problem = dialogError();
  const dialog = h('dialog', { class: 'dialog' }, h('h3', null, `Tunda ${v.ticket}`), reason, problem,
    h('div', { class: 'actions' }, button('Batal', () => dialog.close()),
      button('Tunda', async () => {
        if (await act('queue.hold', { visit_id: v.id, reason: reason.input.value }, problem.show)) dialog.close();
      }, { class: 'btn primary' })));
  document.body.append(dialog);
  dialog.addEventListener('close', () => dialog.remove());
  dialog.showModal();
}

function currentCard(v, earlier = false) {
  const id = officialId();
  const args = { official_id: id, visit_id: v.id };
  return h('article', { class: `current ${v.limit.over ? 'over' : ''}${earlier ? ' earlier' : ''}`, dataset: { visitId: v.id } },
    earlier ? h('div', { class: 'earlier-day' }, `Terdaftar ${v.day_label}`) : null,
    guestLine(v),
    h('div', { class: 'state' }, v.status === 'serving'
      ? `Sedang dilayani ${minutes(v.service_minutes)} · batas ${v.limit.label}${v.limit.over ? ' · MELEBIHI BATAS WAKTU' : ''}`
      : `Dipanggil ${v.calls}× · menunggu tamu masuk`),
    h('p', null, h('strong', null, 'Keperluan: '), v.purpose),
    blanko(v),
    v.missing.length ? h('p', { class: 'warn' }, `Kekurangan persyaratan: ${v.missing.join('; ')} (${v.admitted_note || ''})`) : null,
    h('div', { class: 'actions' }, v.status === 'called'
      ? [button('Mulai layanan', () => act('queue.start', args), { class: 'btn primary' }),
        ruled('Panggil ulang', v.may_recall, () => act('queue.recall', args), { class: 'btn recall' }),
        ruled('Tidak hadir', v.may_mark_not_present, () => act('queue.not_present', args), { class: 'btn not-present' }),
        button('Tunda', () => holdForm(v)),
        button('Alihkan', () => transferForm(v))]
      : [button('Selesai', () => finishForm(v), { class: 'btn primary' }),
        button('Alihkan', () => transferForm(v))]));
}

function waitingRow(v) {
  return h('li', { class: 'waiting', dataset: { visitId: v.id } },
    guestLine(v),
    h('p', { class: 'small' }, h('strong', null, 'Keperluan: '), v.purpose),
    blanko(v),
    h('div', { class: 'actions' },
      button('Panggil', () => act('queue.call', { official_id: officialId(), visit_id: v.id }), { class: 'btn small' }),
      button('Tunda', () => holdForm(v), { class: 'btn small' }),
      button('Alihkan', () => transferForm(v), { class: 'btn small' })));
}

/** Counts refreshes, so that an answer overtaken by a newer request is never drawn. */
let refreshSeq = 0;

async function refresh() {
  const id = officialId();
  if (!id || !root) return;
  const seq = ++refreshSeq;
  const q = await call('queue.list', { official_id: id });
  if (seq !== refreshSeq) return; // a newer answer is on its way
  chimeForNewGuests(q.waiting);
  replace(root.querySelector('.queue'),
    h('div', { class: 'queue-head' },
      h('div', null, h('h2', null, q.official.name), h('div', { class: 'muted' }, `${q.official.title} · ${q.official.room}`),
        h('div', { class: 'queue-status' }, liveStatus(),
          button('Aktifkan bunyi', unlockSound, { class: 'btn small', id: 'chime-on', hidden: soundReady() }))),
      h('div', { class: 'call-next' },
        button(`Panggil berikutnya (${q.waiting.length} menunggu)`, () => act('queue.call_next', { official_id: id }),
          { class: 'btn primary big', id: 'call-next', disabled: !q.waiting.length || !q.call_next.allowed }),
        q.call_next.allowed ? null : h('p', { class: 'rule-hint small', id: 'call-next-hint' }, q.call_next.hint))),
    // Outside the service hours a call is warned: the waiting room says service has paused.
    q.outside_hours ? h('p', { class: 'warn', id: 'outside-hours' }, `Di luar jam layanan — layar ruang tunggu menampilkan "${q.outside_hours}". `
      + 'Tamu yang dipanggil sekarang mungkin belum siap di ruang tunggu.') : null,
    h('section', { class: 'now' }, h('h3', null, 'Sedang dipanggil / dilayani'),
      q.current.length ? q.current.map((v) => currentCard(v)) : h('p', { class: 'muted' }, 'Belum ada tamu yang dipanggil.')),
    q.earlier.length ? h('section', { class: 'now earlier-days' }, h('h3', null, `Dari hari sebelumnya (${q.earlier.length})`),
      h('p', { class: 'muted small' }, 'Tamu hari sebelumnya yang masih tercatat dipanggil atau dilayani. Nomornya dipakai lagi hari ini, jadi tidak dipanggil ulang di layar.'),
      q.earlier.map((v) => currentCard(v, true))) : null,
    h('section', null, h('h3', null, `Menunggu (${q.waiting.length})`),
      q.waiting.length ? h('ol', { class: 'waiting-list' }, q.waiting.map(waitingRow)) : h('p', { class: 'muted' }, 'Tidak ada tamu yang menunggu.')),
    q.on_hold.length ? h('section', null, h('h3', null, `Ditunda (${q.on_hold.length})`),
      h('ul', { class: 'waiting-list' }, q.on_hold.map((v) => h('li', { class: 'waiting' }, guestLine(v),
        button('Kembalikan ke antrian', () => act('queue.resume', { visit_id: v.id }), { class: 'btn small' }))))) : null);
}

/** Whether a refresh was skipped because a dialog was open, and the refresh to run then. */
let missedWhileDialog = false;
let afterDialog = null;
// `close` does not bubble, but a capturing listener on the document hears every dialog's.
document.addEventListener('close', () => {
  if (missedWhileDialog && afterDialog && !document.querySelector('dialog[open]')) afterDialog();
}, true);

/** Shows the official's screen in `el`. */
export async function showOfficial(el) {
  try {
    office = await call('office.get');
    if (!office.setup) {
      replace(el, h('div', { class: 'empty-screen' }, h('h2', null, 'Kantor belum diatur'),
        h('p', null, 'Tambahkan pejabat di ', h('a', { href: '#/pengaturan' }, 'Pengaturan'), '.')));
      return;
    }
    services = await call('catalog.list', { region: office.setup.region });
    const pick = select('Saya', [['', '— pilih pejabat —'], ...office.officials.filter((o) => o.active).map((o) => [String(o.id), `${o.name} — ${o.title}`])],
      { id: 'official-pick', onchange: (e) => { localStorage.setItem(OFFICIAL_KEY, e.target.value); lastWaiting = null; refresh(); } });
    pick.input.value = String(officialId() || '');
    const me = currentUser();
    pick.input.disabled = !!(me && me.role !== 'admin' && me.official_id);
    root = h('div', { class: 'official' }, h('div', { class: 'whoami' }, pick), h('div', { class: 'queue' }));
    replace(el, root);
    await refresh();
    // Never redrawn under an open dialog: what the official is typing there stays. What
    // changed meanwhile is shown as soon as the dialog closes.
    const update = () => {
      if (el.hidden) return null;
      if (document.querySelector('dialog[open]')) {
        missedWhileDialog = true;
        return null;
      }
      missedWhileDialog = false;
      return refresh();
    };
    stopLive();
    stopLive = onChange(update, { pollMs: REFRESH_MS });
    afterDialog = update;
  } catch (e) {
    showError(e);
  }
}
