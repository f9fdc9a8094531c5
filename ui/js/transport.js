// Whether this page reached the hub without encryption over the LAN (the admin chose plain
// HTTP knowingly), and the notice every login page then shows. This machine itself
// (loopback, the desktop window) is never on the LAN.

import { h } from './dom.js';

/** Whether this page travels over the LAN in plain HTTP. */
export function unencrypted() {
  const host = location.hostname.replace(/^\[|\]$/g, '');
  const local = host === 'localhost' || host.endsWith('.localhost') || host === '::1' || /^127\./.test(host);
  return location.protocol === 'http:' && !local;
}

/** The notice "Koneksi tidak terenkripsi", or null over HTTPS and on this machine. */
export function unencryptedNotice() {
  if (!unencrypted()) return null;
  return h('p', { class: 'form-error insecure', role: 'alert', id: 'insecure-notice' },
    h('strong', null, 'Koneksi tidak terenkripsi. '),
    'Loket dibuka lewat HTTP biasa: orang lain di jaringan ini dapat membaca PIN dan data tamu. '
    + 'Minta admin memilih HTTPS di Pengaturan → Jaringan (LAN).');
}
