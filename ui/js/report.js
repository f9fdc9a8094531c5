// Laporan: the chief's view. For a day, a week or a month: how many came for what, how long
// they waited and were served against the standard's time limit, who did not show, which ID
// cards are still held, which consultations are open past their limit; charts; the SKM index;
// complaints and suggestions; and the guest log exported to Excel, PDF or CSV.

import { dateField, dateValue, setDate } from './date-input.js';
import { isoToDmy } from './dates.js';
import { call, exportFile } from './api.js';
import { h, replace } from './dom.js';
import { field, select, button, minutes } from './form.js';
import { showError, showNotice, clearError } from './alert.js';
import { onChange } from './live.js';
import { renderComplaints } from './complaints.js';

const SPANS = [['day', 'Hari'], ['week', 'Minggu'], ['month', 'Bulan']];
const FORMATS = [['xlsx', 'Excel (.xlsx)'], ['pdf', 'PDF untuk ditandatangani'], ['csv', 'CSV']];

let root;
let state = { date: null, span: 'day', format: 'xlsx' };
let stopLive = () => {};

/** A share (0–1) as "87%"; none as "–". */
function percent(share) {
  return share === null || share === undefined ? '–' : `${Math.round(share * 100)}%`;
}

/** A chart drawn by the core: SVG text with every label escaped there. */
function chart(svg, label) {
  const figure = h('figure', { class: 'chart', 'aria-label': label });
  const doc = new DOMParser().parseFromString(svg, 'image/svg+xml');
  const el = doc.documentElement;
  if (el && el.nodeName === 'svg') figure.append(document.importNode(el, true));
  return figure;
}

function stat(label, value, hint, warn) {
  return h('div', { class: `stat${warn ? ' warn' : ''}` },
    h('div', { class: 'stat-value' }, value),
    h('div', { class: 'stat-label' }, label),
    hint ? h('div', { class: 'stat-hint' }, hint) : null);
}

/** Minutes that may be an average: rounded to whole minutes. */
function avg(m) {
  return m === null || m === undefined ? '–' : minutes(Math.round(m));
}

function share(within, measured) {
  return measured ? within / measured : null;
}

function summary(p) {
  const r = p.recap;
  const over = r.measured - r.within;
  const held = r.cards_in_drawer + r.cards_left_behind;
  return h('section', { class: 'stats', 'aria-label': 'Ringkasan' },
    stat('Tamu', String(r.visits), r.in_progress ? `${r.in_progress} belum selesai` : 'semua selesai'),
    stat('Rata-rata tunggu', avg(r.average_wait), `P90 ${avg(r.p90_wait)}`),
    stat('Rata-rata layanan', avg(r.average_service), null),
    stat('Sesuai standar waktu', percent(p.within_share), over ? `${over} melewati batas` : 'tidak ada yang melewati batas', over > 0),
    stat('Tidak hadir', String(r.not_present), 'saat dipanggil'),
    r.finished_by_desk ? stat('Diakhiri meja', String(r.finished_by_desk), 'pejabat tidak mencatat selesai', true) : null,
    stat('Kartu masih ditahan', String(held), r.cards_left_behind ? `${r.cards_left_behind} tertinggal` : 'tidak ada yang tertinggal', held > 0),
    stat('Terbuka lewat batas', String(p.open_past_limit.length), 'konsultasi', p.open_past_limit.length > 0));
}

function longest(p) {
  const l = p.longest_wait;
  if (!l) return null;
  return h('p', { class: 'longest', id: 'longest-wait' },
    h('strong', null, l.service), `: tamu menunggu paling lama, rata-rata ${avg(l.average_wait)} (${l.visits} tamu).`);
}

function servicesTable(p) {
  const rows = p.recap.services.map((s) => h('tr', { class: s.within < s.measured ? 'over' : null },
    h('td', null, s.service),
    h('td', { class: 'num' }, String(s.visits)),
    h('td', { class: 'num' }, avg(s.average_wait)),
    h('td', { class: 'num' }, avg(s.p90_wait)),
    h('td', { class: 'num' }, avg(s.average_service)),
    h('td', { class: 'num' }, percent(share(s.within, s.measured)))));
  return h('section', { class: 'panel' },
    h('h3', null, 'Per layanan'),
    rows.length
      ? h('div', { class: 'table-wrap' }, h('table', { class: 'visits report-services' },
        h('thead', null, h('tr', null, ['Layanan', 'Tamu', 'Tunggu rata-rata', 'Tunggu P90', 'Layanan rata-rata', 'Sesuai standar']
          .map((t, i) => h('th', { class: i ? 'num' : null }, t)))),
        h('tbody', null, rows)))
      : h('p', { class: 'muted' }, `Tidak ada tamu pada ${p.period}.`));
}

function attentionList(title, items) {
  if (!items.length) return null;
  return [h('h3', null, title), h('ul', { class: 'plain' }, items.map((o) => h('li', null,
    h('strong', null, o.ticket), ` · ${o.date} · ${o.service}${o.official ? ` · ${o.official}` : ''} · ${o.note}`)))];
}

function openList(p) {
  if (!p.open_past_limit.length && !p.cards_held.length) return null;
  return h('section', { class: 'panel attention' },
    attentionList('Konsultasi masih terbuka melewati batas waktu', p.open_past_limit),
    attentionList('Kartu identitas masih di meja', p.cards_held));
}

/** A figure with a decimal comma. */
function decimal(x, digits = 2) {
  return x === null || x === undefined ? '–' : x.toFixed(digits).replace('.', ',');
}

function skmPanel(skm) {
  const title = h('h3', null, 'Survei Kepuasan Masyarakat (SKM)');
  if (!skm.overall) {
    return h('section', { class: 'panel skm', id: 'skm' }, title,
      h('p', { class: 'muted' }, 'Belum ada responden pada periode ini. Tamu mengisi survei di tablet kios setelah dilayani.'));
  }
  const o = skm.overall;
  return h('section', { class: 'panel skm', id: 'skm' },
    title,
    h('div', { class: 'skm-score' },
      h('span', { class: 'skm-value' }, decimal(o.score)),
      h('span', { class: `grade grade-${o.grade}` }, `Mutu ${o.grade}`),
      h('span', null, `${o.grade_label} · ${o.respondents} responden · indeks ${decimal(o.index, 3)}`)),
    h('div', { class: 'skm-tables' },
      h('table', { class: 'visits' },
        h('thead', null, h('tr', null, h('th', null, 'Unsur'), h('th', { class: 'num' }, 'NRR'), h('th', { class: 'num' }, 'NRR tertimbang'))),
        h('tbody', null, skm.elements.map((e) => h('tr', null,
          h('td', null, `${e.code} ${e.name}`), h('td', { class: 'num' }, decimal(e.nrr)), h('td', { class: 'num' }, decimal(e.weighted, 3)))))),
      h('table', { class: 'visits' },
        h('thead', null, h('tr', null, h('th', null, 'Layanan'), h('th', { class: 'num' }, 'Responden'), h('th', { class: 'num' }, 'Nilai'), h('th', null, 'Mutu'))),
        h('tbody', null, skm.per_service.map((g) => h('tr', null,
          h('td', null, g.name), h('td', { class: 'num' }, String(g.respondents)), h('td', { class: 'num' }, decimal(g.score)), h('td', null, g.grade)))))),
    skm.comments.length ? [h('h4', null, 'Saran dan komentar tamu'),
      h('ul', { class: 'plain' }, skm.comments.slice(0, 10).map((c) => h('li', null, `“${c.text}” · ${c.service_name} · ${isoToDmy(c.date) || c.date}`)))] : null);
}

/** The period the complaints panel was drawn for: a live refresh of the same period leaves it
 * alone, so a complaint being typed is neither lost nor loses the cursor. */
let complaintsFor = null;

function showComplaints(p) {
  const slot = root.querySelector('.report-complaints');
  const period = `${p.from}|${p.to}`;
  if (complaintsFor === period && slot.firstChild) return;
  complaintsFor = period;
  const panel = h('section', { class: 'panel', id: 'complaints' });
  renderComplaints(panel, call, { from: p.from, to: p.to });
  replace(slot, panel);
}

function exporter(p) {
  const format = select('Format', FORMATS, { id: 'export-format' });
  // A live refresh redraws the panel: the format chosen stays chosen.
  format.input.value = state.format;
  format.input.addEventListener('change', () => { state.format = format.input.value; });
  const status = h('span', { class: 'muted', id: 'export-status', 'aria-live': 'polite' });
  const go = button('Ekspor buku tamu', async () => {
    clearError();
    status.textContent = 'Menyiapkan berkas…';
    try {
      const saved = await exportFile({ from: p.from, to: p.to, format: format.input.value });
      status.textContent = saved ? `Tersimpan: ${saved}` : 'Dibatalkan.';
      if (saved) showNotice(`Buku tamu ${p.period} diekspor.`);
    } catch (e) {
      status.textContent = '';
      showError(e);
    }
  }, { id: 'export-go', class: 'btn primary' });
  return h('section', { class: 'panel export' },
    h('h3', null, 'Buku Tamu Harian'),
    h('p', { class: 'muted' }, `${p.period} · ${p.recap.visits} tamu. Nomor identitas selalu disamarkan.`),
    h('div', { class: 'row' }, format, go), status);
}

async function refresh() {
  let p;
  try {
    p = await call('report.performance', state.date ? { date: state.date, span: state.span } : { span: state.span });
  } catch (e) {
    showError(e);
    return;
  }
  state.date = p.date;
  const picker = document.getElementById('report-date');
  if (picker && !picker.value) setDate(picker, p.date);
  const body = root.querySelector('.report-live');
  replace(body,
    h('h2', { class: 'report-period', id: 'report-period' }, p.period),
    summary(p),
    longest(p),
    exporter(p),
    h('section', { class: 'charts' },
      chart(p.charts.arrivals, 'Kedatangan per jam'),
      chart(p.charts.waits, 'Waktu tunggu sepanjang hari'),
      chart(p.charts.services, 'Perbandingan per layanan')),
    servicesTable(p),
    openList(p),
    skmPanel(p.skm));
  showComplaints(p);
}

/** Shows the chief's screen in `el`. */
export async function showReport(el) {
  root = el;
  stopLive();
  const date = dateField('Tanggal', { id: 'report-date', value: state.date || '' });
  const span = select('Periode', SPANS, { id: 'report-span' });
  span.input.value = state.span;
  const pick = () => {
    let chosen;
    try {
      chosen = dateValue(date.input);
    } catch (e) {
      showError(e);
      return;
    }
    state = { ...state, date: chosen || state.date, span: span.input.value };
    refresh();
  };
  date.input.addEventListener('change', pick);
  span.input.addEventListener('change', pick);
  replace(el,
    h('div', { class: 'report' },
      h('header', { class: 'report-head' }, h('h1', null, 'Laporan Kepala Bagian'), h('div', { class: 'row' }, date, span)),
      // What the live events redraw, and the complaints with their form, drawn once a period.
      h('div', { class: 'report-body' }, h('div', { class: 'report-live' }), h('div', { class: 'report-complaints' }))));
  complaintsFor = null;
  await refresh();
  stopLive = onChange(() => {
    if (!root.hidden) refresh();
  });
}
