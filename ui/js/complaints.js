// Complaints, suggestions and feedback (pengaduan, saran, masukan): the list of a period with
// its counts per kind, status and channel, a form to record one, and the follow-up (status,
// who handles it, what was done). Contacts arrive masked; refusals show the core's message.
//
// Usage: `renderComplaints(container, call, { from, to })` where `call(op, args)` is api.js's `call` (an
// object with a `call` method works too). Recording is for resepsionis, kepala bagian and
// admin; the follow-up for kepala bagian and admin — the server decides, this screen only asks.

import { h, replace } from './dom.js';
import { dateInput, dateValue } from './date-input.js';
import { isoToDmy } from './dates.js';

const KINDS = [['pengaduan', 'Pengaduan'], ['saran', 'Saran'], ['masukan', 'Masukan']];
const CHANNELS = [['langsung', 'Langsung di loket'], ['kotak_saran', 'Kotak saran'], ['sp4n_lapor', 'SP4N-LAPOR!'],
  ['whatsapp', 'WhatsApp'], ['email', 'E-mail']];
const STATUSES = [['baru', 'Baru'], ['diproses', 'Diproses'], ['selesai', 'Selesai']];

let seq = 0;

function isoDay(d) {
  const local = new Date(d.getTime() - d.getTimezoneOffset() * 60000);
  return local.toISOString().slice(0, 10);
}

/** Fills `select` with the services of the desk's bagian (of every bagian before setup), by name. */
async function fillServices(select, call) {
  try {
    const office = await call('office.get');
    const filter = office.setup ? { region: office.setup.region, unit: office.setup.unit } : {};
    const services = await call('catalog.list', filter);
    select.append(...services.map((s) => h('option', { value: s.id }, `${s.number}. ${s.name}`)));
  } catch {
    // Without the list the complaint is recorded without a service.
  }
}

function labelled(label, input) {
  const id = `cmp${++seq}`;
  input.id = id;
  return h('label', { class: 'field', for: id }, h('span', { class: 'field-label' }, label), input);
}

function options(list, selected) {
  return list.map(([v, t]) => h('option', { value: v, selected: v === selected }, t));
}

/**
 * Renders the complaints section into `container`, for `period` (`{ from, to }` as
 * YYYY-MM-DD; by default this month up to today).
 */
export function renderComplaints(container, api, period = {}) {
  const call = typeof api === 'function' ? api : (op, args) => api.call(op, args);
  const today = new Date();
  const from = dateInput({ value: period.from || isoDay(new Date(today.getFullYear(), today.getMonth(), 1)) });
  const to = dateInput({ value: period.to || isoDay(today) });
  const status = h('select', null, h('option', { value: '' }, 'Semua status'), options(STATUSES));
  const alert = h('div', { class: 'alert error', role: 'alert', hidden: true });
  const counts = h('div', { class: 'complaint-counts' });
  const list = h('div', { class: 'complaint-list' });

  function fail(e) {
    alert.textContent = e.message || String(e);
    alert.hidden = false;
  }

  async function load() {
    alert.hidden = true;
    try {
      const args = { from: dateValue(from), to: dateValue(to) };
      if (status.value) args.status = status.value;
      const data = await call('complaint.list', args);
      showCounts(data);
      showList(data.items);
    } catch (e) {
      fail(e);
    }
  }

  function showCounts(data) {
    const group = (title, items) => h('div', { class: 'count-group' }, h('b', null, title),
      items.map((c) => h('span', { class: 'tag', dataset: { key: c.key } }, `${c.label}: ${c.count}`)));
    replace(counts,
      h('p', { class: 'muted small' }, `${data.period_label} · ${data.counts.total} diterima`),
      group('Jenis', data.counts.by_kind), group('Status', data.counts.by_status), group('Saluran', data.counts.by_channel));
  }

  function followUpForm(c, row) {
    const st = h('select', null, options(STATUSES, c.status));
    const handler = h('input', { type: 'text', maxlength: 120, value: c.handler || '' });
    const note = h('textarea', { rows: 3, maxlength: 2000 }, c.follow_up || '');
    const form = h('form', { class: 'complaint-follow-up' },
      labelled('Status', st), labelled('Petugas tindak lanjut', handler), labelled('Tindak lanjut', note),
      h('div', { class: 'actions' },
        h('button', { type: 'submit', class: 'btn primary' }, 'Simpan tindak lanjut'),
        h('button', { type: 'button', class: 'btn', onclick: () => form.remove() }, 'Tutup')));
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      try {
        await call('complaint.update', { id: c.id, status: st.value, handler: handler.value, follow_up: note.value });
        await load();
      } catch (err) {
        fail(err);
      }
    });
    row.after(h('tr', { class: 'complaint-edit' }, h('td', { colspan: 7 }, form)));
  }

  function showList(items) {
    const rows = items.map((c) => {
      const row = h('tr', { dataset: { id: c.id, status: c.status } },
        h('td', null, isoToDmy(c.received_on) || c.received_on),
        h('td', null, c.kind_label, h('div', { class: 'muted small' }, c.channel_label)),
        h('td', null, c.service_name || '–'),
        h('td', null, c.summary),
        h('td', null, c.contact_masked || '–'),
        h('td', null, h('span', { class: `tag status-${c.status}` }, c.status_label),
          c.handler ? h('div', { class: 'muted small' }, c.handler) : null,
          c.follow_up ? h('div', { class: 'small' }, c.follow_up) : null),
        h('td', null));
      row.lastChild.append(h('button', { type: 'button', class: 'btn small', onclick: () => followUpForm(c, row) }, 'Tindak lanjuti'));
      return row;
    });
    replace(list, h('table', { class: 'visits complaints' },
      h('thead', null, h('tr', null, ['Diterima', 'Jenis', 'Layanan', 'Ringkasan', 'Kontak', 'Status', ''].map((t) => h('th', null, t || h('span', { class: 'visually-hidden' }, 'Tindakan'))))),
      h('tbody', null, rows.length ? rows : h('tr', null, h('td', { colspan: 7, class: 'muted' }, 'Tidak ada pengaduan, saran atau masukan pada periode ini.')))));
  }

  function recordForm() {
    const kind = h('select', null, options(KINDS));
    const channel = h('select', null, options(CHANNELS));
    const received = dateInput({ value: isoDay(today), required: true });
    // The service by its name, among the desk's bagian's; the code stays out of sight.
    const service = h('select', null, h('option', { value: '' }, '— tidak terkait layanan tertentu —'));
    fillServices(service, call);
    const summary = h('textarea', { rows: 3, maxlength: 2000, required: true });
    const contact = h('input', { type: 'text', maxlength: 120, placeholder: 'No. HP atau e-mail, bila pelapor ingin dijawab' });
    const form = h('form', { class: 'panel complaint-record' },
      h('h3', null, 'Catat pengaduan, saran atau masukan'),
      labelled('Jenis', kind), labelled('Saluran', channel), labelled('Tanggal diterima', received),
      labelled('Layanan', service), labelled('Ringkasan', summary), labelled('Kontak pelapor', contact),
      h('p', { class: 'muted small' }, 'Kontak hanya untuk menjawab pelapor; di daftar ditampilkan tersamar (UU 27/2022).'),
      h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn primary' }, 'Simpan')));
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      alert.hidden = true;
      try {
        const args = { kind: kind.value, channel: channel.value, received_on: dateValue(received), summary: summary.value };
        if (service.value) args.service_code = service.value;
        if (contact.value.trim()) args.contact = contact.value.trim();
        await call('complaint.record', args);
        summary.value = '';
        contact.value = '';
        service.value = '';
        await load();
      } catch (err) {
        fail(err);
      }
    });
    return form;
  }

  replace(container,
    h('div', { class: 'panel complaints-panel' },
      h('h2', null, 'Pengaduan, saran dan masukan'),
      h('div', { class: 'row' }, labelled('Dari', from), labelled('Sampai', to), labelled('Status', status),
        h('button', { type: 'button', class: 'btn', onclick: load }, 'Tampilkan')),
      alert, counts, list),
    recordForm());
  load();
}
