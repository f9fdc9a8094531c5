// Pengaturan → Jaringan (LAN): where Loket listens for the officials' browsers and the
// waiting-room display. Shows the addresses to open now, lets the admin choose every
// interface or one IP address and the port, and says what officials will open once Loket
// has started again (the address takes effect at the next start; `--listen` or
// LOKET_LISTEN, when given, still come first).

import { call, desktopInvoke } from './api.js';
import { h, replace } from './dom.js';
import { field } from './form.js';
import { showError } from './alert.js';

function notice(message) {
  showError({ message });
  document.getElementById('alert').classList.add('ok');
}

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
  const sync = () => { ip.input.disabled = all.checked; };
  all.addEventListener('change', sync);
  one.addEventListener('change', sync);
  sync();
  return h('div', { class: 'settings-col' }, h('form', { class: 'panel', id: 'lan-form', onsubmit: async (e) => {
    e.preventDefault();
    try {
      const saved = await call('lan.set_listen', { all_interfaces: all.checked, ip: all.checked ? null : ip.input.value, port: port.input.value });
      showNext(saved);
      notice(`Alamat LAN disimpan: ${saved.label}. Berlaku saat Loket dimulai ulang.`);
    } catch (err) {
      fail(err);
    }
  } },
  h('h2', null, 'Jaringan (LAN)'),
  h('p', { id: 'lan-now' }, 'Sekarang: ', now),
  h('fieldset', { class: 'box' }, h('legend', null, 'Loket melayani jaringan di'),
    h('label', { class: 'check' }, all, h('span', null, 'Semua antarmuka (disarankan)')),
    h('label', { class: 'check' }, one, h('span', null, 'Satu alamat IP tertentu'))),
  h('div', { class: 'row2' }, ip, port),
  next,
  h('p', { class: 'muted small' }, 'Perubahan berlaku saat Loket dimulai ulang (aplikasi desktop atau loket-hub serve). '
    + 'Bila Loket dijalankan dengan --listen atau LOKET_LISTEN, alamat itu yang dipakai.'),
  h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn primary', id: 'lan-save' }, 'Simpan alamat LAN'))));
}
