// Pengaturan, the admin's sections beside the office's setup: a ticket prefix per service
// (its own series beside the bagian's), the queue ticket (receipt width, printing at check-in),
// the holidays the admin added to the shipped calendar
// (added and removed here), and the login log ("Riwayat masuk": logins, wrong PINs, throttles
// and lockouts, in office time). Every rule is the core's; a refusal is shown as it comes.

import { dateField, dateValue, setDate } from './date-input.js';
import { isoToDmy } from './dates.js';
import { call } from './api.js';
import { h, replace } from './dom.js';
import { field, select, checkbox, button } from './form.js';
import { showError, showNotice } from './alert.js';
import { desktopInvoke } from './api.js';

/** Awalan per layanan: one box per service of the bagian; empty means the bagian's prefix. */
export function prefixPanel(office, services, refresh) {
  const setup = office.setup;
  const own = setup.prefixes.find((p) => p.scope === `unit:${setup.unit}`);
  const unitPrefix = own ? own.prefix : setup.unit.charAt(0).toUpperCase();
  const boxes = services.map((s) => {
    const mine = setup.prefixes.find((p) => p.scope === `service:${s.id}`);
    const input = h('input', { class: 'prefix-input', maxlength: 3, autocomplete: 'off', value: mine ? mine.prefix : '',
      placeholder: unitPrefix, 'aria-label': `Awalan layanan ${s.number}`, dataset: { service: s.id } });
    return { service: s, input };
  });
  const save = async () => {
    const prefixes = setup.prefixes.filter((p) => !p.scope.startsWith('service:')
      || !boxes.some((b) => p.scope === `service:${b.service.id}`));
    for (const b of boxes) {
      if (b.input.value.trim()) prefixes.push({ scope: `service:${b.service.id}`, prefix: b.input.value.trim() });
    }
    try {
      await call('office.setup', { ...setup, prefixes });
      showNotice('Awalan nomor antrian per layanan disimpan.');
      await refresh();
    } catch (err) {
      // What was typed stays in the boxes to be corrected.
      showError(err);
    }
  };
  return h('div', { class: 'panel', id: 'service-prefixes' }, h('h2', null, 'Awalan nomor antrian per layanan'),
    h('p', { class: 'muted small' }, `Kosongkan untuk memakai awalan bagian (${unitPrefix}). Layanan dengan awalan sendiri mendapat `
      + 'urutan nomor sendiri, mis. K-001 di samping P-001. Setiap awalan 1–3 huruf dan tidak boleh sama.'),
    h('table', { class: 'visits prefixes' },
      h('thead', null, h('tr', null, ['No.', 'Layanan', 'Awalan'].map((t) => h('th', null, t)))),
      h('tbody', null, boxes.map((b) => h('tr', null,
        h('td', { class: 'num' }, b.service.number), h('td', { class: 'small' }, b.service.name), h('td', null, b.input))))),
    h('div', { class: 'actions' }, button('Simpan awalan layanan', save, { class: 'btn primary', id: 'save-service-prefixes' })));
}

/**
 * Karcis antrian: the receipt paper's width (58 or 80 mm) and printing each ticket at
 * check-in. Only the desktop window prints without a dialog; a browser says it cannot.
 */
export function ticketPanel(office, refresh) {
  const paper = select('Lebar kertas karcis', [['58', '58 mm'], ['80', '80 mm']], { id: 'ticket-paper' });
  paper.input.value = String(office.ticket.paper_mm);
  const auto = checkbox('Cetak karcis otomatis saat pendaftaran', { id: 'ticket-auto-print', checked: office.ticket.auto_print });
  const save = async (e) => {
    e.preventDefault();
    try {
      await call('office.set_ticket', { paper_mm: Number(paper.input.value), auto_print: auto.input.checked });
      showNotice('Pengaturan karcis disimpan.');
      await refresh();
    } catch (err) {
      showError(err);
    }
  };
  // Printing without the dialog goes through WebKitGTK (Linux); the Windows window shows the
  // print dialog each time (the shell's print_silent), and says so here.
  const windows = /Windows/.test(navigator.userAgent);
  const where = desktopInvoke() && windows
    ? 'Di Windows, jendela aplikasi ini tetap menampilkan dialog cetak setiap pendaftaran: pilih printer karcis lalu tekan Cetak. '
      + 'Cetak tanpa dialog saat ini hanya tersedia di Linux.'
    : desktopInvoke()
    ? 'Di jendela aplikasi ini karcis langsung tercetak ke printer bawaan tanpa dialog.'
    : 'Peramban (browser) selalu menampilkan dialog cetak: di komputer ini karcis dibuka ke dialog cetak setiap pendaftaran. '
      + 'Cetak tanpa dialog hanya dari jendela aplikasi Loket di komputer meja layanan.';
  return h('form', { class: 'panel', id: 'ticket-settings', onsubmit: save },
    h('h3', null, 'Karcis antrian'),
    h('p', { class: 'muted small' }, 'Sesuaikan lebar kertas dengan printer struk di meja layanan.'),
    paper, auto, h('p', { class: 'muted small', id: 'ticket-print-where' }, where),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn primary', id: 'save-ticket-settings' }, 'Simpan pengaturan karcis')));
}

/** Hari libur: the admin's own holidays, listed and removable, and a form to add one. */
export async function holidayPanel(refresh) {
  const holidays = await call('office.holidays');
  const date = dateField('Tanggal', { required: true, id: 'holiday-date' });
  const name = field('Nama hari libur', { required: true, maxlength: 100, id: 'holiday-name' });
  const cuti = checkbox('Cuti bersama');
  const add = async (e) => {
    e.preventDefault();
    try {
      const day = dateValue(date.input);
      await call('office.add_holiday', { date: day, name: name.input.value, cuti_bersama: cuti.input.checked });
      showNotice(`Hari libur ${isoToDmy(day)} ditambahkan.`);
      await refresh();
    } catch (err) {
      showError(err);
    }
  };
  const remove = async (d) => {
    try {
      await call('office.remove_holiday', { date: d.date });
      showNotice(`Hari libur ${d.date_label} dihapus.`);
      await refresh();
    } catch (err) {
      showError(err);
    }
  };
  return h('form', { class: 'panel', id: 'holidays', onsubmit: add },
    h('h3', null, 'Hari libur tambahan'),
    h('p', { class: 'muted small' }, `${holidays.shipped_note} Tambahkan libur daerah atau jadwal tahun berikutnya; `
      + 'hari libur menggeser tenggat layanan yang dihitung dalam hari kerja.'),
    h('table', { class: 'visits holidays' },
      h('thead', null, h('tr', null, ['Tanggal', 'Nama', 'Jenis', ''].map((t) => h('th', null, t || h('span', { class: 'visually-hidden' }, 'Tindakan'))))),
      h('tbody', null, holidays.added.length ? holidays.added.map((d) => h('tr', { dataset: { date: d.date } },
        h('td', null, d.date_label), h('td', null, d.name), h('td', null, d.cuti_bersama ? 'Cuti bersama' : 'Libur'),
        h('td', null, button('Hapus', () => remove(d), { class: 'btn small' }))))
        : h('tr', null, h('td', { colspan: 4, class: 'muted' }, 'Belum ada hari libur tambahan.')))),
    h('div', { class: 'row3' }, date, name, cuti),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn' }, 'Tambah')));
}

/** Riwayat masuk: the login log of a range of days, newest first, a page at a time. */
export async function loginLogPanel() {
  const panel = h('div', { class: 'panel', id: 'login-log' });
  const from = dateField('Dari tanggal', { id: 'login-log-from' });
  const to = dateField('Sampai tanggal', { id: 'login-log-to' });
  const body = h('div');
  const show = async (page) => {
    try {
      const log = await call('auth.log', { from: dateValue(from.input), to: dateValue(to.input), page });
      setDate(from.input, log.from);
      setDate(to.input, log.to);
      replace(body,
        h('p', { class: 'muted small' }, `${log.period_label} · ${log.total} catatan · waktu ${log.zone || 'kantor'}`),
        h('table', { class: 'visits login-log' },
          h('thead', null, h('tr', null, ['Waktu', 'Pengguna', 'Kejadian', 'Keterangan'].map((t) => h('th', null, t)))),
          h('tbody', null, log.entries.length ? log.entries.map((e) => h('tr', { class: e.alarm ? 'alarm' : null, dataset: { event: e.event } },
            h('td', { class: 'small' }, e.at_label), h('td', null, e.username),
            h('td', null, e.alarm ? h('span', { class: 'status s-over' }, e.event_label) : e.event_label),
            h('td', { class: 'small' }, e.detail)))
            : h('tr', null, h('td', { colspan: 4, class: 'muted' }, 'Tidak ada catatan pada periode ini.')))),
        h('div', { class: 'actions' },
          button('‹ Lebih baru', () => show(log.page - 1), { class: 'btn small', disabled: log.page <= 1 }),
          h('span', { class: 'muted small' }, `Halaman ${log.page} dari ${log.pages}`),
          button('Lebih lama ›', () => show(log.page + 1), { class: 'btn small', disabled: log.page >= log.pages })));
    } catch (err) {
      showError(err);
    }
  };
  replace(panel, h('h2', null, 'Riwayat masuk'),
    h('p', { class: 'muted small' }, 'Setiap masuk, keluar, PIN salah, percobaan yang ditahan dan akun yang dikunci. Catatan tidak dapat diubah.'),
    h('div', { class: 'row3' }, from, to, h('div', { class: 'actions' }, button('Tampilkan', () => show(1), { id: 'login-log-show' }))),
    body);
  await show(1);
  return panel;
}
