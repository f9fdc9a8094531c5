// The blanko tablet (blanko.html): a tablet by the desk where a guest, after check-in, fills
// in their own Lembar Blanko Koordinasi/Konsultasi — topic, questions, documents brought,
// contact — for the official to read before the call.
//
// It works with a tablet token (made by the admin), asked once and kept in localStorage. The
// waiting screen lists today's tickets whose blanko is still empty (`blanko.tickets`: ticket
// and service only, never a name); the guest taps their own number, writes, and sends
// (`blanko.submit`). The core takes one blanko per ticket and never overwrites one: a change
// afterwards is the desk's. The token may do nothing else.

import { call, keepTokenInLocalStorage, onSessionEnded, token } from './api.js';
import { h, replace } from './dom.js';
import { deviceToken } from './device-token.js';

const TOKEN_KEY = 'loket.tablet';
const POLL_MS = 15000;
const THANKS_MS = 6000;
/** A form left untouched this long is abandoned. */
const IDLE_MS = 180000;
const OFFLINE = new Set(['offline', 'http']);
const FIELDS = ['topic', 'questions', 'documents', 'contact'];

keepTokenInLocalStorage(TOKEN_KEY);

const $ = (id) => document.getElementById(id);

let loading = false;
let again = false;
/** The ticket being written for. */
let current = null;
let idleTimer = null;
let thanksTimer = null;

function showScreen(name) {
  document.body.dataset.screen = name;
  for (const id of ['waiting', 'form', 'thanks']) $(id).hidden = id !== name;
  window.scrollTo(0, 0);
}

function setStatus(connection, message) {
  document.body.dataset.connection = connection;
  $('status').textContent = message || '';
  $('status').hidden = !message;
}

function showTickets(s) {
  $('unit').textContent = s.unit_name || 'Sekretariat Daerah';
  $('kabupaten').textContent = s.kabupaten ? `Sekretariat Daerah ${s.kabupaten} · Lembar Blanko Konsultasi` : 'Lembar Blanko Konsultasi';
  $('date').textContent = s.date_label;
  const items = s.tickets.map((t) =>
    h('li', null,
      h('button', { type: 'button', class: 'k-ticket', dataset: { visit: t.visit_id }, onclick: () => begin(t) },
        h('span', { class: 'k-ticket-no' }, t.ticket),
        h('span', { class: 'k-ticket-service' }, t.service_name))));
  replace($('tickets'), items.length ? items
    : h('li', { class: 'k-empty' }, 'Belum ada nomor antrian yang menunggu blanko. Nomor Anda muncul di sini setelah didaftarkan di meja layanan.'));
}

function touch() {
  clearTimeout(idleTimer);
  idleTimer = setTimeout(() => backToWaiting(), IDLE_MS);
}

function begin(t) {
  current = t;
  $('form-ticket').textContent = `Tiket ${t.ticket}`;
  $('form-service').textContent = t.service_name;
  for (const id of FIELDS) $(id).value = '';
  $('form-error').hidden = true;
  $('send').disabled = false;
  $('send').textContent = 'Kirim';
  showScreen('form');
  $('topic').focus();
  touch();
}

async function send(e) {
  e.preventDefault();
  if (!current) return;
  $('send').disabled = true;
  $('send').textContent = 'Mengirim…';
  $('form-error').hidden = true;
  try {
    const blanko = Object.fromEntries(FIELDS.map((id) => [id, $(id).value]));
    await call('blanko.submit', { visit_id: current.visit_id, blanko });
    current = null;
    clearTimeout(idleTimer);
    for (const id of FIELDS) $(id).value = '';
    showScreen('thanks');
    clearTimeout(thanksTimer);
    thanksTimer = setTimeout(() => backToWaiting(), THANKS_MS);
  } catch (err) {
    $('form-error').textContent = err.message;
    $('form-error').hidden = false;
    $('send').textContent = 'Kirim';
    // A ticket refused for good (filled meanwhile, gone) cannot be sent again.
    $('send').disabled = err.code === 'refused';
  }
}

function backToWaiting() {
  current = null;
  clearTimeout(idleTimer);
  clearTimeout(thanksTimer);
  for (const id of FIELDS) $(id).value = '';
  showScreen('waiting');
  refresh();
}

async function refresh() {
  if (!token()) return;
  if (loading) {
    again = true;
    return;
  }
  loading = true;
  try {
    do {
      again = false;
      const s = await call('blanko.tickets');
      setStatus('online');
      // The list under a guest's fingers never changes while they write.
      if (!current) showTickets(s);
    } while (again);
  } catch (e) {
    if (OFFLINE.has(e.code)) setStatus('offline', 'Menghubungkan kembali…');
    else if (e.code === 'forbidden') device.askToken('Token ini bukan token tablet blanko. Minta token tablet kepada admin.');
    else if (e.code !== 'unauthorized') setStatus('error', e.message);
  } finally {
    loading = false;
  }
}

const device = deviceToken({ refresh, setStatus });

function init() {
  $('blanko-form').addEventListener('submit', send);
  $('blanko-form').addEventListener('input', touch);
  $('cancel').addEventListener('click', backToWaiting);
  onSessionEnded(() => device.askToken('Token tablet tidak dikenal atau sudah tidak berlaku. Minta token baru kepada admin.'));
  setInterval(() => { if (!current) refresh(); }, POLL_MS);
  showScreen('waiting');
  device.begin();
}

init();
