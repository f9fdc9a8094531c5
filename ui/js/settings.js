// Pengaturan: the admin sets the office up — which decree and bagian the desk serves, the ID
// drawer, the ticket prefix, the officials (or roles) and their services, extra holidays.

import { call } from './api.js';
import { h, replace } from './dom.js';
import { field, select, checkbox, button } from './form.js';
import { showError, clearError } from './alert.js';
import { currentUser } from './login.js';

let overview = [];

function notice(message) {
  showError({ message });
  document.getElementById('alert').classList.add('ok');
}

function setupForm(office) {
  const setup = office.setup || { region: overview[0] ? overview[0].region : '', unit: '', slots: 20, prefixes: [] };
  const region = select('Kabupaten (keputusan yang diikuti)', overview.map((r) => [r.region, r.kabupaten]), { id: 'setup-region' });
  region.input.value = setup.region;
  const unit = select('Bagian yang dilayani meja ini', [], { id: 'setup-unit' });
  const fillUnits = () => {
    const r = overview.find((o) => o.region === region.input.value);
    replace(unit.input, (r ? r.units : []).map((u) => h('option', { value: u.id }, u.name)));
    if (r && r.units.some((u) => u.id === setup.unit)) unit.input.value = setup.unit;
  };
  region.input.addEventListener('change', fillUnits);
  fillUnits();
  const slots = field('Jumlah laci kartu identitas', { type: 'number', min: 1, max: 500, value: String(setup.slots), id: 'setup-slots' });
  const own = setup.prefixes.find((p) => p.scope === `unit:${setup.unit}`);
  const prefix = field('Awalan nomor antrian', { maxlength: 3, value: own ? own.prefix : '', placeholder: 'mis. P', id: 'setup-prefix' });
  const chiefName = field('Nama Kepala Bagian', { maxlength: 100, value: setup.chief_name || '', id: 'setup-chief-name' },
    'Untuk tanda tangan Buku Tamu Harian; kosongkan bila ingin diisi tangan.');
  const chiefNip = field('NIP Kepala Bagian', { maxlength: 24, inputmode: 'numeric', value: setup.chief_nip || '', placeholder: '18 angka', id: 'setup-chief-nip' });
  return h('form', { class: 'panel', onsubmit: async (e) => {
    e.preventDefault();
    const prefixes = setup.prefixes.filter((p) => !p.scope.startsWith('unit:'));
    if (prefix.input.value.trim()) prefixes.push({ scope: `unit:${unit.input.value}`, prefix: prefix.input.value });
    try {
      await call('office.setup', { region: region.input.value, unit: unit.input.value, slots: Number(slots.input.value), prefixes,
        chief_name: chiefName.input.value.trim() || null, chief_nip: chiefNip.input.value.trim() || null });
      notice('Pengaturan kantor disimpan.');
      await showSettings(document.getElementById('screen-settings'));
    } catch (err) {
      showError(err);
    }
  } },
  h('h2', null, 'Kantor'), region, unit, h('div', { class: 'row2' }, slots, prefix),
  h('div', { class: 'row2' }, chiefName, chiefNip),
  h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn primary' }, 'Simpan pengaturan kantor')));
}

function officialForm(office, services, existing) {
  const o = existing || { name: '', nip: '', title: '', room: '', is_role: false, active: true, services: [] };
  const name = field('Nama (atau nama peran, mis. Pokja Pemilihan)', { value: o.name, required: true });
  const nip = field('NIP', { value: o.nip || '', inputmode: 'numeric', maxlength: 21 }, '18 angka; kosongkan untuk peran.');
  const title = field('Jabatan', { value: o.title, required: true });
  const room = field('Ruang', { value: o.room, required: true });
  const role = checkbox('Peran yang dijawab beberapa orang', { checked: o.is_role });
  const active = checkbox('Aktif', { checked: o.active });
  const boxes = services.map((s) => checkbox(`${s.number}. ${s.name}`, { value: s.id, checked: o.services.includes(s.id) }));
  return h('form', { class: 'panel', onsubmit: async (e) => {
    e.preventDefault();
    try {
      await call('office.save_official', { id: o.id || null, name: name.input.value, nip: nip.input.value || null, title: title.input.value,
        room: room.input.value, is_role: role.input.checked, active: active.input.checked,
        services: boxes.filter((b) => b.input.checked).map((b) => b.input.value) });
      notice(`${name.input.value} disimpan.`);
      await showSettings(document.getElementById('screen-settings'));
    } catch (err) {
      showError(err);
    }
  } },
  h('h3', null, existing ? `Ubah ${existing.name}` : 'Tambah pejabat'),
  h('div', { class: 'row2' }, name, nip), h('div', { class: 'row2' }, title, room), h('div', { class: 'row2' }, role, active),
  h('fieldset', { class: 'box services-box' }, h('legend', null, `Layanan yang ditangani (${office.unit_name})`), boxes),
  h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn primary' }, 'Simpan pejabat')));
}

function holidayForm() {
  const date = field('Tanggal', { type: 'date', required: true });
  const name = field('Nama hari libur', { required: true });
  const cuti = checkbox('Cuti bersama');
  return h('form', { class: 'panel', onsubmit: async (e) => {
    e.preventDefault();
    try {
      await call('office.add_holiday', { date: date.input.value, name: name.input.value, cuti_bersama: cuti.input.checked });
      notice(`Hari libur ${date.input.value} ditambahkan.`);
      date.input.value = '';
      name.input.value = '';
    } catch (err) {
      showError(err);
    }
  } },
  h('h3', null, 'Tambah hari libur'), h('p', { class: 'muted small' }, 'Libur nasional dan cuti bersama 2024–2026 sudah tersedia; tambahkan libur daerah atau jadwal tahun berikutnya.'),
  h('div', { class: 'row3' }, date, name, cuti),
  h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn' }, 'Tambah')));
}

const ROLES = [['resepsionis', 'Resepsionis'], ['pejabat', 'Pejabat'], ['kepala_bagian', 'Kepala Bagian'], ['admin', 'Admin']];

function accountForm(office, existing) {
  const a = existing || { username: '', display_name: '', role: 'resepsionis', official_id: null, active: true };
  const username = field('Nama pengguna', { value: a.username, required: true, autocomplete: 'off' });
  const name = field('Nama lengkap', { value: a.display_name, required: true });
  const role = select('Peran', ROLES);
  role.input.value = a.role;
  const official = select('Bertindak sebagai pejabat', [['', '—'], ...office.officials.map((o) => [String(o.id), `${o.name} — ${o.title}`])]);
  official.input.value = a.official_id ? String(a.official_id) : '';
  const pin = field(existing ? 'PIN baru (kosongkan bila tetap)' : 'PIN (4–8 angka)', { type: 'password', inputmode: 'numeric', autocomplete: 'new-password' });
  const active = checkbox('Aktif', { checked: a.active });
  return h('form', { class: 'panel', onsubmit: async (e) => {
    e.preventDefault();
    try {
      await call('auth.save_account', { id: a.id || null, username: username.input.value, display_name: name.input.value, role: role.input.value,
        official_id: official.input.value ? Number(official.input.value) : null, pin: pin.input.value || null, active: active.input.checked });
      notice(`Akun ${username.input.value} disimpan.`);
      await showSettings(document.getElementById('screen-settings'));
    } catch (err) {
      showError(err);
    }
  } },
  h('h3', null, existing ? `Ubah akun ${existing.username}` : 'Tambah akun'),
  h('div', { class: 'row2' }, username, name), h('div', { class: 'row2' }, role, official), h('div', { class: 'row2' }, pin, active),
  h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn primary' }, 'Simpan akun')));
}

async function accountsPanel(office) {
  const accounts = await call('auth.accounts');
  const editor = h('div');
  replace(editor, accountForm(office, null));
  const shown = h('p', { class: 'muted small' });
  const displayName = field('Nama layar', { placeholder: 'mis. TV ruang tunggu' });
  return h('div', { class: 'settings-col' },
    h('div', { class: 'panel' }, h('h2', null, 'Akun'),
      h('table', { class: 'visits' },
        h('thead', null, h('tr', null, ['Nama', 'Peran', 'Status', ''].map((t) => h('th', null, t)))),
        h('tbody', null, accounts.map((a) => h('tr', { class: a.active ? null : 'inactive' },
          h('td', null, a.display_name, h('div', { class: 'muted small' }, a.username)), h('td', null, a.role_label),
          h('td', null, a.locked ? 'Terkunci' : (a.active ? 'Aktif' : 'Nonaktif')),
          h('td', null, button('Ubah', () => replace(editor, accountForm(office, a)), { class: 'btn small' }))))))),
    editor,
    h('div', { class: 'panel' }, h('h3', null, 'Token layar ruang tunggu'),
      h('p', { class: 'muted small' }, 'Layar hanya dapat membaca panggilan. Token ditampilkan sekali; simpan di layar tersebut.'),
      displayName,
      h('div', { class: 'actions' }, button('Buat token', async () => {
        try {
          const made = await call('auth.create_display', { name: displayName.input.value });
          shown.textContent = `Token untuk ${made.principal.name}: ${made.token}`;
        } catch (err) {
          showError(err);
        }
      }), button('Buat token kiosk', async () => {
        // The survey kiosk (kiosk.html) takes the guests' satisfaction survey and nothing else.
        try {
          const made = await call('auth.create_kiosk', { name: displayName.input.value });
          shown.textContent = `Token kios survei untuk ${made.principal.name}: ${made.token} (buka /kiosk.html di tablet)`;
        } catch (err) {
          showError(err);
        }
      }, { class: 'btn' })), shown));
}

/** Shows the settings screen in `el`. */
export async function showSettings(el) {
  const me = currentUser();
  if (!me || me.role !== 'admin') {
    replace(el, h('div', { class: 'empty-screen' }, h('h2', null, 'Khusus admin'), h('p', null, 'Pengaturan kantor dan akun hanya dapat diubah oleh admin.')));
    return;
  }
  try {
    overview = await call('catalog.overview');
    const office = await call('office.get');
    const parts = [h('div', { class: 'settings-col' }, setupForm(office), office.setup ? holidayForm() : null)];
    if (office.setup) {
      const services = await call('catalog.list', { region: office.setup.region, unit: office.setup.unit });
      const editor = h('div');
      const list = h('table', { class: 'visits officials' },
        h('thead', null, h('tr', null, ['Nama', 'Jabatan', 'Ruang', 'Layanan', ''].map((t) => h('th', null, t)))),
        h('tbody', null, office.officials.length ? office.officials.map((o) => h('tr', { class: o.active ? null : 'inactive' },
          h('td', null, o.name, o.is_role ? h('span', { class: 'tag' }, 'peran') : null, h('div', { class: 'muted small' }, o.nip || '')),
          h('td', null, o.title), h('td', null, o.room), h('td', { class: 'num' }, String(o.services.length)),
          h('td', null, button('Ubah', () => replace(editor, officialForm(office, services, o)), { class: 'btn small' }))))
          : h('tr', null, h('td', { colspan: 5, class: 'muted' }, 'Belum ada pejabat.'))));
      replace(editor, officialForm(office, services, null));
      parts.push(h('div', { class: 'settings-col' }, h('div', { class: 'panel' }, h('h2', null, 'Pejabat'), list), editor));
      parts.push(await accountsPanel(office));
    }
    replace(el, h('div', { class: 'settings' }, parts));
    clearError();
  } catch (e) {
    showError(e);
  }
}
