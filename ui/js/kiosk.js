// The survey kiosk (kiosk.html): a tablet at the desk where a guest who has been served
// answers the Survei Kepuasan Masyarakat (PermenPAN-RB 14/2017) — nine questions, four faces
// each, an optional comment — anonymously.
//
// It works with a kiosk token, asked once and kept in localStorage. The waiting screen lists
// today's served tickets still awaiting a survey (`skm.pending`: ticket and service only); it
// refreshes when the hub reports a change (server-sent events) and every few seconds anyway.
// A guest taps their ticket, answers, sends (`skm.submit`), sees a thank-you, and the kiosk
// returns to the waiting screen by itself; a survey left untouched is abandoned after a while.

import { call, keepTokenInLocalStorage, onSessionEnded, token } from './api.js';
import { h, replace } from './dom.js';
import { deviceToken } from './device-token.js';

const TOKEN_KEY = 'loket.kiosk';
const POLL_MS = 15000;
/** How long the thank-you stays before the waiting screen returns. */
const THANKS_MS = 6000;
/** A survey untouched this long is abandoned. */
const IDLE_MS = 120000;
const OFFLINE = new Set(['offline', 'http']);
const SVG = 'http://www.w3.org/2000/svg';

keepTokenInLocalStorage(TOKEN_KEY);

const $ = (id) => document.getElementById(id);

let loading = false;
let again = false;
/** The last `skm.pending` answer: the questions and the answer labels come with it. */
let state = null;
/** The visit being surveyed and the answers so far (1–4, or 0 for none yet). */
let current = null;
let idleTimer = null;
let thanksTimer = null;

// ---------------------------------------------------------------------------------------
// Faces, drawn (no emoji): 1 tidak puas … 4 sangat puas.

const MOUTHS = {
  1: 'M7.5 17q4.5-5 9 0',
  2: 'M8 16.2q4-2.4 8 0',
  3: 'M8 14.5q4 3.2 8 0',
  4: 'M7 13.5q5 6 10 0',
};

function svg(tag, attrs) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs || {})) el.setAttribute(k, String(v));
  return el;
}

function face(level) {
  const root = svg('svg', { viewBox: '0 0 24 24', class: `k-face k-face-${level}`, 'aria-hidden': 'true' });
  root.append(
    svg('circle', { cx: 12, cy: 12, r: 11, class: 'skin' }),
    svg('circle', { cx: 8.5, cy: 9.5, r: 1.3, class: 'eye' }),
    svg('circle', { cx: 15.5, cy: 9.5, r: 1.3, class: 'eye' }),
    svg('path', { d: MOUTHS[level], class: 'mouth' }),
  );
  if (level === 1) {
    root.append(svg('path', { d: 'M6.5 6.8l3.2 1.2M17.5 6.8l-3.2 1.2', class: 'brow' }));
  }
  return root;
}

// ---------------------------------------------------------------------------------------
// Screens.

function showScreen(name) {
  document.body.dataset.screen = name;
  for (const id of ['waiting', 'survey', 'thanks']) $(id).hidden = id !== name;
  window.scrollTo(0, 0);
}

function showOffice(s) {
  $('unit').textContent = s.unit_name || 'Sekretariat Daerah';
  $('kabupaten').textContent = s.kabupaten ? `Sekretariat Daerah ${s.kabupaten} · Survei Kepuasan Masyarakat` : 'Survei Kepuasan Masyarakat';
  $('date').textContent = s.date_label;
}

function showTickets(s) {
  const items = s.visits.map((v) =>
    h('li', null,
      h('button', { type: 'button', class: 'k-ticket', dataset: { visit: v.visit_id }, onclick: () => beginSurvey(v) },
        h('span', { class: 'k-ticket-no' }, v.ticket),
        h('span', { class: 'k-ticket-service' }, v.service_name),
        h('span', { class: 'k-ticket-time' }, `selesai ${v.finished}`))));
  replace($('tickets'), items.length ? items
    : h('li', { class: 'k-empty' }, 'Belum ada tiket yang menunggu survei. Nomor Anda muncul di sini setelah selesai dilayani.'));
}

function setStatus(connection, message) {
  document.body.dataset.connection = connection;
  $('status').textContent = message || '';
  $('status').hidden = !message;
}

// ---------------------------------------------------------------------------------------
// The survey.

function progress() {
  const done = current.answers.filter(Boolean).length;
  $('progress').textContent = done === 9 ? 'Semua pertanyaan terjawab.' : `${done} dari 9 pertanyaan terjawab`;
  $('send').disabled = done !== 9;
}

function touch() {
  clearTimeout(idleTimer);
  idleTimer = setTimeout(() => backToWaiting(), IDLE_MS);
}

function choose(index, level, item) {
  current.answers[index] = level;
  for (const b of item.querySelectorAll('.k-choice')) {
    b.setAttribute('aria-checked', String(Number(b.dataset.level) === level));
  }
  item.classList.add('answered');
  progress();
  touch();
  // Bring the next unanswered question into view.
  const next = current.answers.findIndex((a, i) => !a && i > index);
  const target = next >= 0 ? $('questions').children[next] : $('comment');
  if (target && target.scrollIntoView) setTimeout(() => target.scrollIntoView({ behavior: 'smooth', block: 'center' }), 150);
}

function question(q, index, labels) {
  const item = h('li', { class: 'k-question', dataset: { code: q.code } });
  const choices = [1, 2, 3, 4].map((level) =>
    h('button', {
      type: 'button', role: 'radio', class: 'k-choice', 'aria-checked': 'false',
      dataset: { level }, 'aria-label': `${labels[level - 1]} (${level})`,
      onclick: () => choose(index, level, item),
    }, face(level), h('span', { class: 'k-choice-label' }, labels[level - 1])));
  item.append(
    h('div', { class: 'k-q-head' },
      h('span', { class: 'k-q-no' }, String(index + 1)),
      h('span', { class: 'k-q-element' }, q.element)),
    h('p', { class: 'k-q-text', id: `q-${q.code}` }, q.text),
    h('div', { class: 'k-choices', role: 'radiogroup', 'aria-labelledby': `q-${q.code}` }, choices));
  return item;
}

function beginSurvey(visit) {
  if (!state) return;
  current = { visit, answers: Array(9).fill(0) };
  $('survey-ticket').textContent = `Tiket ${visit.ticket}`;
  $('survey-service').textContent = visit.service_name;
  const labels = state.answer_labels;
  replace($('questions'), state.questions.map((q, i) => question(q, i, labels)));
  $('comment').value = '';
  $('survey-error').hidden = true;
  $('send').textContent = 'Kirim';
  progress();
  showScreen('survey');
  touch();
}

async function send() {
  if (!current || current.answers.some((a) => !a)) return;
  $('send').disabled = true;
  $('send').textContent = 'Mengirim…';
  $('survey-error').hidden = true;
  try {
    await call('skm.submit', {
      visit_id: current.visit.visit_id,
      answers: current.answers,
      comment: $('comment').value,
    });
    current = null;
    clearTimeout(idleTimer);
    showScreen('thanks');
    clearTimeout(thanksTimer);
    thanksTimer = setTimeout(() => backToWaiting(), THANKS_MS);
  } catch (e) {
    $('survey-error').textContent = e.message;
    $('survey-error').hidden = false;
    $('send').textContent = 'Kirim';
    $('send').disabled = false;
    if (e.code === 'refused') $('send').disabled = true;
  }
}

function backToWaiting() {
  current = null;
  clearTimeout(idleTimer);
  clearTimeout(thanksTimer);
  showScreen('waiting');
  refresh();
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
      const s = await call('skm.pending');
      state = s;
      setStatus('online');
      showOffice(s);
      // The list under a guest's fingers never changes while they answer.
      if (!current) showTickets(s);
    } while (again);
  } catch (e) {
    if (OFFLINE.has(e.code)) setStatus('offline', 'Menghubungkan kembali…');
    else if (e.code === 'forbidden') device.askToken('Token ini bukan token kios survei. Minta token kios kepada admin.');
    else if (e.code !== 'unauthorized') setStatus('error', e.message);
  } finally {
    loading = false;
  }
}

const device = deviceToken({ refresh, setStatus });

function init() {
  $('send').addEventListener('click', send);
  $('cancel').addEventListener('click', backToWaiting);
  $('comment').addEventListener('input', touch);
  onSessionEnded(() => device.askToken('Token kios tidak dikenal atau sudah tidak berlaku. Minta token baru kepada admin.'));
  setInterval(() => { if (!current) refresh(); }, POLL_MS);
  showScreen('waiting');
  device.begin();
}

init();
