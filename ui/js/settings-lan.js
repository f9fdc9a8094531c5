// Pengaturan → Jaringan (LAN): where Loket listens for the officials' browsers and the
// waiting-room display, and how the connection is protected. Shows the addresses to open
// now, lets the admin choose every interface or one IP address and the port, HTTPS with
// Loket's own certificate authority (the default), with the office's own certificate, or
// plain HTTP knowingly (then "Koneksi tidak terenkripsi" is said here and on every login
// page), and the host names the hub answers to; and says what officials will open once Loket
// has started again (it takes effect at the next start; `--listen` or LOKET_LISTEN, when
// given, still come first). Links the certificate page (/sertifikat) with the CA and how to
// install it.

import { call, desktopInvoke } from './api.js';
import { h, replace } from './dom.js';
import { field } from './form.js';
import { showError, showNotice } from './alert.js';

function fail(err) {
  document.getElementById('alert').classList.remove('ok');
  showError(err);
}

/** The addresses officials open now: the desktop's LAN status, or this browser's own. */
async function openNow() {
  const invoke = desktopInvoke();
  if (!invoke) return `Pejabat: ${location.origin}`;
  return invoke('lan_status').catch(() => 'Status server LAN tidak diketahui.');
}

/** Where the certificate page is: this origin in a browser, the hub's address in the window. */
function certificateUrl(now) {
  if (!desktopInvoke()) return `${location.origin}/sertifikat`;
  const found = String(now).match(/https?:\/\/[^\s·]+/);
  return found ? `${found[0]}/sertifikat` : null;
}

function links(urls) {
  return urls.flatMap((u, i) => [i ? ' atau ' : '', h('code', { class: 'lan-url' }, u)]);
}

/** The Jaringan (LAN) panel, for the admin's Pengaturan. */
export async function lanPanel() {
  const [setting, now] = await Promise.all([call('lan.listen'), openNow()]);
  const next = h('p', { id: 'lan-next' });
  const showNext = (s) => replace(next, 'Setelah Loket dimulai ulang, pejabat membuka ', links(s.urls),
    s.stored ? '.' : ' (alamat bawaan).');
  showNext(setting);
  const all = h('input', { type: 'radio', name: 'lan-choice', value: 'all', id: 'lan-all', checked: setting.all_interfaces });
  const one = h('input', { type: 'radio', name: 'lan-choice', value: 'one', id: 'lan-one', checked: !setting.all_interfaces });
  const ip = field('Alamat IP komputer ini', { id: 'lan-ip', value: setting.ip || '', placeholder: 'mis. 192.168.1.10', inputmode: 'decimal' });
  const port = field('Port', { id: 'lan-port', value: String(setting.port), inputmode: 'numeric', maxlength: 5 }, 'Antara 1024 dan 65535; bawaan 7878.');
  const tls = setting.tls || { mode: 'loket', host_names: [] };
  const radios = [];
  const mode = (value, label) => {
    const radio = h('input', { type: 'radio', name: 'lan-tls', value, id: `lan-tls-${value}`, checked: tls.mode === value });
    radios.push(radio);
    return h('label', { class: 'check' }, radio, h('span', null, label));
  };
  const certPath = field('Berkas sertifikat (PEM)', { id: 'lan-cert', value: tls.cert_path || '', placeholder: 'mis. C:\\Pemda\\setda.crt' }, 'Rantai sertifikat kantor, server lebih dahulu.');
  const keyPath = field('Berkas kunci privat (PEM)', { id: 'lan-key', value: tls.key_path || '', placeholder: 'mis. C:\\Pemda\\setda.key' });
  const own = h('div', { class: 'row2', id: 'lan-own' }, certPath, keyPath);
  const consent = h('input', { type: 'checkbox', id: 'lan-http-ok', checked: tls.mode === 'http' });
  const insecure = h('div', { id: 'lan-http' },
    h('p', { class: 'form-error insecure', role: 'alert' }, h('strong', null, 'Koneksi tidak terenkripsi. '),
      'Dengan HTTP biasa, siapa pun di jaringan yang sama (mis. Wi-Fi tamu) dapat membaca PIN dan data tamu, '
      + 'dan mengubah halaman yang dibuka pejabat.'),
    h('label', { class: 'check' }, consent, h('span', null, 'Saya mengerti dan tetap memakai HTTP biasa di jaringan.')));
  const hosts = field('Nama host tambahan', { id: 'lan-hosts', value: (tls.host_names || []).join(', '), placeholder: 'mis. loket.setda.local' },
    'Nama yang diketik pejabat selain alamat IP; dipisah koma. Nama lain ditolak Loket.');
  const certUrl = certificateUrl(now);
  const certificate = h('p', { id: 'lan-cert-info' }, 'Sertifikat CA Loket dan petunjuk memasangnya di Windows, Android, iOS dan Linux: ',
    certUrl ? h('a', { href: certUrl, target: '_blank', rel: 'noopener', id: 'lan-cert-link' }, certUrl) : 'buka /sertifikat di alamat Loket.');
  const current = setting.unencrypted
    ? h('p', { class: 'form-error insecure', id: 'lan-unencrypted', role: 'alert' }, h('strong', null, 'Koneksi tidak terenkripsi. '),
      'Loket sekarang diatur melayani jaringan lewat HTTP biasa.')
    : null;
  const chosenMode = () => (radios.find((r) => r.checked) || { value: 'loket' }).value;
  const sync = () => {
    ip.input.disabled = all.checked;
    const m = chosenMode();
    own.hidden = m !== 'own';
    insecure.hidden = m !== 'http';
    certificate.hidden = m !== 'loket';
  };
  all.addEventListener('change', sync);
  one.addEventListener('change', sync);
  const modes = h('fieldset', { class: 'box', onchange: sync }, h('legend', null, 'Keamanan koneksi'),
    mode('loket', 'HTTPS dengan sertifikat buatan Loket (disarankan)'),
    mode('own', 'HTTPS dengan sertifikat milik kantor'),
    mode('http', 'HTTP biasa — tidak terenkripsi'));
  const form = h('form', { class: 'panel', id: 'lan-form', onsubmit: async (e) => {
    e.preventDefault();
    try {
      const saved = await call('lan.set_listen', {
        all_interfaces: all.checked,
        ip: all.checked ? null : ip.input.value,
        port: port.input.value,
        tls: {
          mode: chosenMode(),
          cert_path: certPath.input.value || null,
          key_path: keyPath.input.value || null,
          host_names: hosts.input.value,
          accept_unencrypted: consent.checked,
        },
      });
      showNext(saved);
      showNotice(`Alamat LAN disimpan: ${saved.label}. Berlaku saat Loket dimulai ulang.`);
    } catch (err) {
      fail(err);
    }
  } },
  h('h2', null, 'Jaringan (LAN)'),
  current,
  h('p', { id: 'lan-now' }, 'Sekarang: ', now),
  h('fieldset', { class: 'box' }, h('legend', null, 'Loket melayani jaringan di'),
    h('label', { class: 'check' }, all, h('span', null, 'Semua jaringan yang tersambung ke PC ini (disarankan)')),
    h('label', { class: 'check' }, one, h('span', null, 'Hanya satu alamat IP PC ini (mis. hanya jaringan kantor, bukan Wi-Fi tamu)'))),
  h('div', { class: 'row2' }, ip, port),
  modes, own, insecure, hosts, certificate,
  next,
  h('p', { class: 'muted small' }, 'Perubahan berlaku saat Loket dibuka ulang di PC ini. '
    + 'Bila teknisi menjalankan Loket dengan alamat lain yang ditulis saat memulainya, alamat itu yang dipakai.'),
  h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn primary', id: 'lan-save' }, 'Simpan pengaturan LAN')));
  sync();
  return h('div', { class: 'settings-col' }, form);
}
