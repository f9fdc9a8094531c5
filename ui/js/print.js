// Printouts of the desk: the queue ticket (58 mm receipt), the slip "Kekurangan
// Persyaratan" (A5) and the Lembar Blanko Koordinasi/Konsultasi (A5). Each is laid out in
// #print-area with its own print stylesheet, then handed to the system's print dialog.

import { h, replace } from './dom.js';

function today() {
  return document.getElementById('today').textContent || '';
}

function printWith(sheet, ...content) {
  document.getElementById('print-css').setAttribute('href', `css/${sheet}`);
  replace(document.getElementById('print-area'), ...content);
  // Let the stylesheet load before the dialog lays the page out.
  setTimeout(() => window.print(), 150);
}

function kop(t) {
  return h('header', { class: 'kop' },
    h('div', { class: 'kop-1' }, `Pemerintah ${t.kabupaten || ''}`),
    h('div', { class: 'kop-2' }, 'Sekretariat Daerah'),
    h('div', { class: 'kop-3' }, t.unit || ''));
}

/** The queue ticket for a 58 mm receipt printer. */
export function printTicket(t) {
  printWith('print-ticket.css',
    h('div', { class: 'ticket-print' },
      kop(t),
      h('div', { class: 'label' }, 'Nomor antrian'),
      h('div', { class: 'number' }, t.ticket),
      h('div', { class: 'service' }, t.service),
      t.official ? h('div', { class: 'official' }, `Menuju: ${t.official}`) : null,
      h('div', { class: 'date' }, today()),
      h('div', { class: 'foot' }, 'Simpan tiket ini. Kartu identitas diambil kembali di meja layanan.')));
}

/** The slip that tells the guest what to bring next time. */
export function printMissing(t) {
  printWith('print-a5.css',
    h('div', { class: 'sheet' },
      kop(t),
      h('h1', null, 'Kekurangan Persyaratan'),
      h('p', null, `Kepada: ${t.name || '…………………………'}`),
      h('p', null, `Layanan: ${t.service}`),
      h('p', null, 'Untuk dapat dilayani, mohon melengkapi persyaratan berikut:'),
      h('ol', null, (t.missing.length ? t.missing : ['(tidak ada)']).map((m) => h('li', null, m))),
      h('p', { class: 'date' }, today()),
      h('div', { class: 'sign' }, 'Petugas Pelayanan', h('div', { class: 'line' }))));
}

/**
 * The blanko, for the guest to take in to the official, on A5 (or A4 with `a4`). With
 * `t.empty` the sheet is a blank form, with room to write by hand.
 */
export function printBlanko(t, a4 = false) {
  printWith(a4 ? 'print-a4.css' : 'print-a5.css',
    h('div', { class: 'sheet' },
      kop(t),
      h('h1', null, 'Lembar Blanko Koordinasi/Konsultasi'),
      h('table', { class: t.empty ? 'form-table blank' : 'form-table' },
        [['Nomor antrian', t.ticket], ['Nama', t.name], ['Layanan', t.service], ['Keperluan', t.purpose],
          ['Topik', t.blanko.topic], ['Permasalahan/pertanyaan', t.blanko.questions], ['Dokumen yang dibawa', t.blanko.documents],
          ['Kontak', t.blanko.contact]].map(([k, v]) => h('tr', null, h('th', null, k), h('td', null, v || '')))),
      h('h2', null, 'Diisi pejabat yang menangani'),
      h('table', { class: 'form-table tall' }, ['Notulen', 'Hasil', 'Tindak lanjut', 'Selesai / berlanjut']
        .map((k) => h('tr', null, h('th', null, k), h('td', null, '')))),
      h('p', { class: 'date' }, today())));
}
