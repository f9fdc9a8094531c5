// Printouts of the desk: the queue ticket (a 58 or 80 mm receipt, one page as long as the
// ticket), the slip "Kekurangan Persyaratan" (A5) and the Lembar Blanko Koordinasi/Konsultasi
// (A5). Each is laid out in #print-area with its own print stylesheet, then printed: through
// the system's print dialog, or in the desktop window without one when the office prints
// tickets at check-in (Pengaturan → Karcis).

import { h, replace } from './dom.js';
import { desktopInvoke } from './api.js';

function today() {
  return document.getElementById('today').textContent || '';
}

/** Loads `sheet` into the page's print stylesheet (for `media`), resolving once it applies. */
function useSheet(sheet, media) {
  const link = document.getElementById('print-css');
  link.media = media;
  const href = `css/${sheet}`;
  if (link.getAttribute('href') === href && link.sheet) return Promise.resolve();
  return new Promise((resolve) => {
    link.addEventListener('load', () => resolve(), { once: true });
    link.addEventListener('error', () => resolve(), { once: true });
    link.setAttribute('href', href);
  });
}

/**
 * The page size rule of the print: set for a ticket, removed for the A5/A4 sheets. A
 * constructed stylesheet, since the Content-Security-Policy allows no inline <style>.
 */
let pageSheet = null;
function pageRule(css) {
  if (!pageSheet) {
    pageSheet = new CSSStyleSheet();
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, pageSheet];
  }
  pageSheet.replaceSync(css || '');
}

/** Prints what #print-area holds: without a dialog when `silent` and the window can. */
async function printNow(silent) {
  const invoke = desktopInvoke();
  if (silent && invoke) {
    try {
      await invoke('print_silent');
    } catch (e) {
      // The shell's refusal is a structured error ({code, message}), as every command's is.
      throw { message: (e && e.message) || 'Karcis tidak dapat dicetak tanpa dialog; tekan Cetak tiket.' };
    }
    return;
  }
  window.print();
}

async function printWith(sheet, ...content) {
  pageRule(null);
  await useSheet(sheet, 'print');
  replace(document.getElementById('print-area'), ...content);
  await printNow(false);
}

function kop(t) {
  return h('header', { class: 'kop' },
    h('div', { class: 'kop-1' }, `Pemerintah ${t.kabupaten || ''}`),
    h('div', { class: 'kop-2' }, 'Sekretariat Daerah'),
    h('div', { class: 'kop-3' }, t.unit || ''));
}

/** The height in millimetres the ticket takes at its paper's width, measured off-screen. */
function measuredHeight(ticket) {
  const probe = ticket.cloneNode(true);
  const box = h('div', null, probe);
  Object.assign(box.style, { position: 'fixed', left: '-10000px', top: '0', visibility: 'hidden' });
  document.body.append(box);
  const px = probe.getBoundingClientRect().height;
  box.remove();
  return Math.ceil((px * 25.4) / 96) + 2;
}

/**
 * The queue ticket on the desk's receipt paper (`t` as `desk.ticket` answers): the short
 * service label, the time of issue, the official and room, the drawer slot holding the card,
 * the guests ahead. One page exactly as long as the ticket. With `silent` (the office prints
 * at check-in) the desktop window prints without a dialog; a browser always shows its own.
 */
export async function printTicket(t, { silent = false } = {}) {
  const width = t.paper_mm === 80 ? 80 : 58;
  const rows = [
    t.official ? ['Menuju', t.official] : null,
    t.room ? ['Ruang', t.room] : null,
    t.slot ? ['Laci kartu', `Nomor ${t.slot}`] : null,
  ].filter(Boolean);
  const ticket = h('div', { class: `ticket-print w${width}`, dataset: { paper: width } },
    kop(t),
    h('div', { class: 't-label' }, 'Nomor antrian'),
    h('div', { class: 't-number' }, t.ticket),
    h('div', { class: 't-service', title: t.service_name }, t.service_short),
    rows.length ? h('dl', null, rows.map(([k, v]) => [h('dt', null, k), h('dd', null, v)])) : null,
    h('div', { class: 't-ahead' }, t.ahead ? `${t.ahead} tamu menunggu sebelum Anda` : 'Tidak ada tamu lain menunggu sebelum Anda'),
    h('div', { class: 't-issued' }, t.issued),
    h('div', { class: 't-foot' }, t.slot
      ? `Simpan karcis ini: kartu identitas Anda di laci nomor ${t.slot}, diambil kembali di meja layanan dengan karcis ini.`
      : 'Simpan karcis ini dan tunggu nomor Anda dipanggil.'));
  ticket.style.setProperty('--ticket-width', `${width}mm`);
  await useSheet('print-ticket.css', 'all');
  const height = measuredHeight(ticket);
  pageRule(`@page { size: ${width}mm ${height}mm; margin: 0; }`);
  replace(document.getElementById('print-area'), ticket);
  await printNow(silent);
}

/**
 * The slip that tells the guest what to bring next time (`slip` as `desk.missing_slip`
 * answers: only what the guest brings, the time, the desk officer), for the guest `name`.
 */
export function printMissing(slip, name) {
  return printWith('print-a5.css',
    h('div', { class: 'sheet' },
      kop(slip),
      h('h1', null, 'Kekurangan Persyaratan'),
      h('p', { class: 'slip-meta' }, `Kepada: ${name || '…………………………'}`),
      h('p', { class: 'slip-meta' }, `Layanan: ${slip.service_name}`),
      h('p', null, 'Untuk dapat dilayani, mohon membawa persyaratan berikut saat datang kembali:'),
      h('ol', null, (slip.missing.length ? slip.missing : ['(tidak ada)']).map((m) => h('li', null, m))),
      h('p', { class: 'date' }, slip.issued),
      h('div', { class: 'sign' }, 'Petugas Pelayanan,', h('div', { class: 'space' }), h('div', { class: 'officer' }, slip.officer))));
}

/**
 * The blanko, for the guest to take in to the official, on A5 (or A4 with `a4`). With
 * `t.empty` the sheet is a blank form, with room to write by hand.
 */
export function printBlanko(t, a4 = false) {
  return printWith(a4 ? 'print-a4.css' : 'print-a5.css',
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
