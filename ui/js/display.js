// The waiting-room display (display.html): a TV that shows the tickets called now and where
// to go (up to three at once, long rooms and tickets whole), the last calls, who waits for
// which service, today's hours (or that the office is closed today), outside the hours when
// service resumes ("Istirahat sampai 14.00"), and the Maklumat Pelayanan, and calls each
// guest aloud — without a click where the browser allows autoplay, else after one.
//
// It reads `display.state` with a display token, asked once and kept in localStorage. It
// refreshes when the hub reports a change (server-sent events) and every few seconds anyway;
// when the hub cannot be reached it says so and keeps the last state on screen. Each call id
// it has not seen (a recall has a new one) is announced; the calls already on screen when the
// page loads are not.

import { call, keepTokenInLocalStorage, onSessionEnded, token } from './api.js';
import { deviceToken } from './device-token.js';
import { h, replace } from './dom.js';
import { announce, onSoundChange, probeAutoplay, unlock } from './announcer.js';

const TOKEN_KEY = 'loket.display';
const POLL_MS = 5000;
/**
 * Shortest time between two reads of the state. On a busy morning changes can come faster
 * than a TV needs to redraw, and each read costs the hub; a call is still heard within it.
 */
const MIN_GAP_MS = 250;
/** Calls in the "Panggilan terakhir" list. */
const LISTED_CALLS = 4;
/** Other guests called now, shown under the big ticket, each whole. */
const ALSO_CALLED = 2;
/** Errors that mean the hub is out of reach, not that it refused. */
const OFFLINE = new Set(['offline', 'http']);

keepTokenInLocalStorage(TOKEN_KEY);

const $ = (id) => document.getElementById(id);

/** Call ids on screen; null until the first state, whose calls are not announced. */
let seen = null;
let loading = false;
let again = false;
let timezone;
let zone = '';
let maklumatText = null;
/** What each list on screen was last drawn from (by element id): a refresh that brings the
 * same calls, waiting counts or hours leaves its list's nodes alone. */
const drawnFrom = new Map();

/** Draws the list `id` from `data` with `draw`, unless it already shows that data. */
function redraw(id, data, draw) {
  const key = JSON.stringify(data);
  if (drawnFrom.get(id) === key) return;
  drawnFrom.set(id, key);
  replace($(id), draw());
}

// ---------------------------------------------------------------------------------------
// What the screen shows.

/** "1–4" for consecutive numbers, "2, 3" or "I, II" otherwise. */
function serviceNumbers(numbers) {
  const n = numbers.map(Number);
  const consecutive = n.length > 2 && n.every((x, i) => Number.isInteger(x) && (i === 0 || x === n[i - 1] + 1));
  return consecutive ? `${numbers[0]}–${numbers[numbers.length - 1]}` : numbers.join(', ');
}

function showOffice(s) {
  $('unit').textContent = s.office.unit_name || 'Sekretariat Daerah';
  $('kabupaten').textContent = `Sekretariat Daerah ${s.office.kabupaten}`;
  $('date').textContent = s.date_label;
  timezone = s.timezone;
  zone = s.zone;
  tick();
}

/** "Nama · Jabatan" of the official who called. */
function who(c) {
  return [c.official_name, c.official_title].filter(Boolean).join(' · ');
}

/**
 * The big panel: the newest guest called now (else the last call of the day), and the
 * other guests called now as cards beneath it, each with its room whole. Outside the hours,
 * with no one called, the notice instead ("Istirahat sampai 14.00").
 */
function showNow(s) {
  const paused = !s.current.length && s.notice;
  const now = paused ? null : s.current[0] || s.calls[0];
  const recall = now && s.calls.some((c) => c.call_id === now.call_id && c.recall);
  $('now-ticket').textContent = now ? now.ticket : '—';
  $('now-ticket').classList.toggle('long', Boolean(now) && now.ticket.length > 5);
  $('now-recall').hidden = !recall;
  $('now-go').textContent = now ? 'Silakan menuju' : 'Belum ada panggilan';
  $('now-room').textContent = now ? now.room : '';
  $('now-room').classList.toggle('long', Boolean(now) && now.room.length > 28);
  $('now-official').textContent = now ? who(now) : '';
  $('now-notice').textContent = paused ? s.notice : '';
  $('now').classList.toggle('idle', !now);
  $('now').classList.toggle('paused', Boolean(paused));
  const others = s.current.filter((c) => c !== now);
  $('now').classList.toggle('many', others.length > 0);
  redraw('also', [others.slice(0, ALSO_CALLED), others.length], () => alsoCards(others));
}

function alsoCards(others) {
  const cards = others.slice(0, ALSO_CALLED).map((c) =>
    h('li', { class: 'd-also-item', dataset: { callId: c.call_id } },
      h('b', { class: 'd-also-ticket' }, c.ticket),
      h('span', { class: 'd-also-where' },
        h('span', { class: 'd-also-room' }, c.room),
        h('span', { class: 'd-also-official' }, who(c)))));
  const more = others.length - ALSO_CALLED;
  if (more > 0) cards.push(h('li', { class: 'd-also-more' }, `dan ${more} panggilan lain`));
  return cards;
}

function showCalls(calls) {
  redraw('calls', calls.slice(0, LISTED_CALLS), () => callItems(calls));
}

function callItems(calls) {
  const items = calls.slice(0, LISTED_CALLS).map((c) =>
    h('li', { class: c.recall ? 'd-call recall' : 'd-call', dataset: { callId: c.call_id } },
      h('span', { class: 'd-call-ticket' }, c.ticket),
      h('span', { class: 'd-call-where' },
        h('span', { class: 'd-call-room' }, c.room),
        c.recall ? h('span', { class: 'd-badge' }, 'ulang') : null),
      h('span', { class: 'd-call-time' }, c.time)));
  return items.length ? items : h('li', { class: 'd-empty' }, 'Belum ada panggilan hari ini.');
}

function showWaiting(waiting) {
  const total = waiting.reduce((sum, w) => sum + w.count, 0);
  $('waiting-total').textContent = total ? `· ${total} tamu` : '';
  redraw('waiting', waiting, () => waitingItems(waiting));
}

function waitingItems(waiting) {
  const items = waiting.map((w) =>
    h('li', { class: 'd-wait', dataset: { service: w.service_code } },
      h('span', { class: 'd-wait-name' }, h('b', null, `Layanan ${w.number}`), ' · ', w.name),
      h('span', { class: 'd-wait-count' }, String(w.count))));
  return items.length ? items : h('li', { class: 'd-empty' }, 'Tidak ada tamu yang menunggu.');
}

/** Today's hours, or the notice that the office is closed today. */
function showHours(hours, closed) {
  redraw('hours', [hours, closed], () => hourItems(hours, closed));
}

function hourItems(hours, closed) {
  const items = hours.map((g) =>
    h('li', { class: 'd-hours-item' }, h('b', null, `Layanan ${serviceNumbers(g.services)}`), ' ', g.label));
  let shown = items;
  if (closed) shown = h('li', { class: 'd-hours-closed', id: 'closed-today' }, closed);
  else if (!items.length) shown = h('li', { class: 'd-empty' }, 'Jam layanan tidak tercantum.');
  return shown;
}

/** The running text's speed class: a longer text runs longer, at about the same speed. */
function lengthClass(text) {
  const n = text.length;
  if (n <= 120) return 'len-s';
  if (n <= 250) return 'len-m';
  if (n <= 400) return 'len-l';
  if (n <= 600) return 'len-xl';
  return 'len-xxl';
}

/** The maklumat, touched only when it changes so that the running text never jumps back. */
function showMaklumat(text) {
  if (text === maklumatText) return;
  maklumatText = text;
  const el = $('maklumat');
  el.textContent = text || '';
  el.className = `d-marquee-text ${text ? lengthClass(text) : ''}`;
  $('maklumat-bar').hidden = !text;
}

function show(s) {
  showOffice(s);
  showNow(s);
  showCalls(s.calls);
  showWaiting(s.waiting);
  showHours(s.hours, s.closed);
  showMaklumat(s.maklumat);
}

/** The clock in the office's zone: "09.31 WITA". */
function tick() {
  const options = { hour: '2-digit', minute: '2-digit', hour12: false };
  if (timezone) options.timeZone = timezone;
  let text;
  try {
    text = new Intl.DateTimeFormat('id-ID', options).format(new Date());
  } catch {
    text = new Intl.DateTimeFormat('id-ID', { hour: '2-digit', minute: '2-digit', hour12: false }).format(new Date());
  }
  $('clock').textContent = `${text.replace(':', '.')}${zone ? ` ${zone}` : ''}`;
}

/** Makes the big ticket blink for a new call. */
function flash() {
  const el = $('now');
  el.classList.remove('fresh');
  void el.offsetWidth; // restart the animation
  el.classList.add('fresh');
}

function setStatus(connection, message) {
  document.body.dataset.connection = connection;
  $('status').textContent = message || '';
  $('status').hidden = !message;
}

// ---------------------------------------------------------------------------------------
// Calls aloud.

/** Announces the calls not seen before, oldest first; the first state only sets what is seen. */
function announceNew(calls) {
  if (seen) {
    const fresh = calls.filter((c) => !seen.has(c.call_id)).reverse();
    fresh.forEach((c) => announce(c.clips));
    if (fresh.length) flash();
  }
  seen = new Set(calls.map((c) => c.call_id));
}

// ---------------------------------------------------------------------------------------
// Keeping up with the hub.

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
      const began = Date.now();
      const s = await call('display.state');
      setStatus('online');
      show(s);
      announceNew(s.calls);
      const rest = MIN_GAP_MS - (Date.now() - began);
      if (again && rest > 0) await new Promise((done) => setTimeout(done, rest));
    } while (again);
  } catch (e) {
    if (OFFLINE.has(e.code)) setStatus('offline', 'Menghubungkan kembali…');
    else if (e.code !== 'unauthorized') setStatus('error', e.message);
  } finally {
    loading = false;
  }
}

/**
 * The "Aktifkan suara" button: one touch lets the page play sound, then it goes away. It is
 * offered only when the browser refuses sound without a touch.
 */
function soundOn() {
  unlock();
  $('sound').hidden = true;
}

function init() {
  // The token (from the address, or asked on the setup form) and the live stream.
  const device = deviceToken({ refresh, setStatus });
  $('sound').addEventListener('click', soundOn);
  onSoundChange((allowed) => { if (!allowed) $('sound').hidden = false; });
  probeAutoplay().then((allowed) => {
    document.body.dataset.autoplay = allowed ? 'yes' : 'no';
    if (!allowed) $('sound').hidden = false;
  });
  onSessionEnded(() => device.askToken('Token layar tidak dikenal atau sudah tidak berlaku. Minta token baru kepada admin.'));
  tick();
  setInterval(tick, 1000);
  setInterval(refresh, POLL_MS);
  device.begin();
}

init();
