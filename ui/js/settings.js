// Pengaturan: the admin sets the office up — which decree and bagian the desk serves, the ID
// drawer, the ticket prefixes (js/settings-office.js), the officials (or roles) and their
// services, extra holidays, the login log —
// and looks after the data: backups and their restore, the retention of guests' personal
// data (UU 27/2022), a guest's request to see or erase what is held about them; and says
// what this installation is (Tentang Loket, js/settings-about.js).

import { call, desktopInvoke } from './api.js';
import { h, replace } from './dom.js';
import { field, select, checkbox, button } from './form.js';
import { showError, showNotice, clearError } from './alert.js';
import { currentUser } from './login.js';
import { prefixPanel, ticketPanel, holidayPanel, loginLogPanel } from './settings-office.js';
import { lanPanel } from './settings-lan.js';
import { aboutPanel } from './settings-about.js';
import { stamp } from './dates.js';
import { printTicket } from './print.js';

let overview = [];

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
  return h('form', { class: 'panel', id: 'set-kantor', onsubmit: async (e) => {
    e.preventDefault();
    // A service's own prefix belongs to the kabupaten and bagian it was set for.
    const same = region.input.value === setup.region && unit.input.value === setup.unit;
    const prefixes = same ? setup.prefixes.filter((p) => !p.scope.startsWith('unit:')) : [];
    if (prefix.input.value.trim()) prefixes.push({ scope: `unit:${unit.input.value}`, prefix: prefix.input.value });
    try {
      await call('office.setup', { region: region.input.value, unit: unit.input.value, slots: Number(slots.input.value), prefixes,
        chief_name: chiefName.input.value.trim() || null, chief_nip: chiefNip.input.value.trim() || null });
      showNotice('Pengaturan kantor disimpan.');
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
      const saved = await call('office.save_official', { id: o.id || null, name: name.input.value, nip: nip.input.value || null, title: title.input.value,
        room: room.input.value, is_role: role.input.checked, active: active.input.checked,
        services: boxes.filter((b) => b.input.checked).map((b) => b.input.value) });
      await showSettings(document.getElementById('screen-settings'));
      const unsaid = saved.unsaid_room_words || [];
      // The save stands; the waiting-room voice cannot say these words of the room.
      if (unsaid.length) {
        showError({ message: `${saved.name} disimpan, tetapi layar ruang tunggu tidak dapat mengucapkan kata ${unsaid.map((w) => `"${w}"`).join(', ')} `
          + `pada ruang "${saved.room}": panggilan akan berbunyi "silakan menuju ruangan sesuai layar". `
          + 'Ganti nama ruang dengan kata yang ada dalam rekaman suara (mis. Ruang Rapat Lantai 2) agar ruangnya disebut.' });
        document.getElementById('alert').classList.remove('ok');
      } else {
        showNotice(`${name.input.value} disimpan.`);
      }
    } catch (err) {
      showError(err);
    }
  } },
  h('h3', null, existing ? `Ubah ${existing.name}` : 'Tambah pejabat'),
  h('div', { class: 'row2' }, name, nip), h('div', { class: 'row2' }, title, room), h('div', { class: 'row2' }, role, active),
  h('fieldset', { class: 'box services-box' }, h('legend', null, `Layanan yang ditangani (${office.unit_name})`), boxes),
  h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn primary' }, 'Simpan pejabat')));
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
  const pin = field(existing ? 'PIN baru (kosongkan bila tetap)' : 'PIN (6–12 angka, tidak berurutan)', { type: 'password', inputmode: 'numeric', autocomplete: 'new-password' });
  const active = checkbox('Aktif', { checked: a.active });
  return h('form', { class: 'panel', onsubmit: async (e) => {
    e.preventDefault();
    try {
      await call('auth.save_account', { id: a.id || null, username: username.input.value, display_name: name.input.value, role: role.input.value,
        official_id: official.input.value ? Number(official.input.value) : null, pin: pin.input.value || null, active: active.input.checked });
      showNotice(`Akun ${username.input.value} disimpan.`);
      await showSettings(document.getElementById('screen-settings'));
    } catch (err) {
      showError(err);
    }
  } },
  h('h3', null, existing ? `Ubah akun ${existing.username}` : 'Tambah akun'),
  h('div', { class: 'row2' }, username, name), h('div', { class: 'row2' }, role, official), h('div', { class: 'row2' }, pin, active),
  h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn primary' }, 'Simpan akun')));
}

/** The PIN's standing against today's rule, for the admin. */
function pinRule(a) {
  if (a.pin_meets_rule === false) return h('div', { class: 'small warn' }, 'PIN lama (kurang dari 6 angka): minta diganti');
  if (a.pin_meets_rule == null) return h('div', { class: 'muted small' }, 'PIN belum diperiksa (sejak pembaruan)');
  return null;
}

/** The device tokens: name, kind, when made, last seen; rename and revoke. */
async function devicesPanel(refresh, zone) {
  const { days, devices } = await call('auth.devices');
  const period = field('Masa berlaku token perangkat (hari)', { type: 'number', min: 1, max: 730, value: String(days), id: 'device-days' },
    'Token yang lebih lama dari ini berakhir; perangkatnya perlu token baru.');
  // In the office's time zone, whatever the browser's.
  const when = (iso) => stamp(iso, zone);
  return h('div', { class: 'panel', id: 'set-perangkat' }, h('h3', null, 'Perangkat (layar, kios, tablet)'),
    period,
    h('div', { class: 'actions' }, button('Simpan masa berlaku', async () => {
      try {
        await call('auth.set_device_days', { days: Number(period.input.value) });
        await refresh();
        showNotice('Masa berlaku token perangkat disimpan.');
      } catch (err) { showError(err); }
    })),
    devices.length === 0 ? h('p', { class: 'muted small' }, 'Belum ada token perangkat.') :
      h('table', { class: 'visits', id: 'devices' },
        h('thead', null, h('tr', null, ['Nama', 'Jenis', 'Dibuat', 'Terakhir terlihat', 'Status', ''].map((t) => h('th', null, t || h('span', { class: 'visually-hidden' }, 'Tindakan'))))),
        h('tbody', null, devices.map((d) => h('tr', { class: d.active ? null : 'inactive' },
          h('td', null, d.name), h('td', null, d.kind_label), h('td', null, when(d.created_at)),
          h('td', null, when(d.last_seen)), h('td', null, d.active ? 'Aktif' : 'Dicabut/berakhir'),
          h('td', null, d.active ? h('div', { class: 'actions' },
            button('Ganti nama', (e) => {
              const cell = e.target.closest('tr').firstElementChild;
              const name = field('Nama baru', { value: d.name, maxlength: 60 });
              replace(cell, name, button('Simpan', async () => {
                try { await call('auth.rename_device', { id: d.id, name: name.input.value }); await refresh(); } catch (err) { showError(err); }
              }, { class: 'btn small' }));
              name.input.focus();
            }, { class: 'btn small' }),
            button('Cabut', async () => {
              const yes = await confirmDialog('Cabut token perangkat?', `Perangkat "${d.name}" langsung tidak dapat dipakai lagi.`, 'Cabut');
              if (!yes) return;
              try { await call('auth.revoke_device', { id: d.id }); await refresh(); showNotice(`Token "${d.name}" dicabut.`); } catch (err) { showError(err); }
            }, { class: 'btn small danger' })) : null))))));
}

/** Where officials' browsers reach Loket: this page's origin, or in the window the LAN's. */
async function lanOrigin() {
  const invoke = desktopInvoke();
  if (!invoke) return location.origin;
  const status = await invoke('lan_status').catch(() => '');
  const found = String(status).match(/https?:\/\/[^\s·/]+/);
  return found ? found[0] : null;
}

/**
 * A device token just made: its link (the token in it) and the link's QR code, to open on
 * the TV or tablet by scanning or typing; or the bare token when the LAN address is unknown.
 * Shown once: neither is kept.
 */
function madeToken(made, what) {
  const name = made.principal.name;
  if (!made.link) return h('p', { class: 'muted small' }, `Token ${what} untuk ${name}: ${made.token}`);
  return h('div', { class: 'device-link', id: 'device-link' },
    h('p', null, `Token ${what} untuk ${name} dibuat. Buka tautan ini di perangkat tersebut, atau pindai kode QR-nya dengan kamera perangkat. `
      + 'Tautan memuat token rahasia dan hanya ditampilkan sekali ini.'),
    h('code', { class: 'lan-url', id: 'device-link-url' }, made.link.url),
    h('img', { class: 'device-qr', id: 'device-qr', alt: `Kode QR tautan ${what}`, width: 240, height: 240,
      src: `data:image/svg+xml;charset=utf-8,${encodeURIComponent(made.link.qr_svg)}` }));
}

async function accountsPanel(office) {
  const accounts = await call('auth.accounts');
  const devices = h('div');
  const refreshDevices = async () => replace(devices, await devicesPanel(refreshDevices, office.timezone || undefined));
  await refreshDevices();
  const editor = h('div');
  replace(editor, accountForm(office, null));
  const shown = h('div', { class: 'token-shown', 'aria-live': 'polite' });
  return h('div', { class: 'settings-col' },
    h('div', { class: 'panel', id: 'set-akun' }, h('h2', null, 'Akun'),
      h('table', { class: 'visits' },
        h('thead', null, h('tr', null, ['Nama', 'Peran', 'Status', ''].map((t) => h('th', null, t || h('span', { class: 'visually-hidden' }, 'Tindakan'))))),
        h('tbody', null, accounts.map((a) => h('tr', { class: a.active ? null : 'inactive' },
          h('td', null, a.display_name, h('div', { class: 'muted small' }, a.username)), h('td', null, a.role_label),
          h('td', null, a.locked ? 'Terkunci' : (a.active ? 'Aktif' : 'Nonaktif'), pinRule(a)),
          h('td', null, h('div', { class: 'actions' },
            button('Ubah', () => replace(editor, accountForm(office, a)), { class: 'btn small' }),
            a.locked ? button('Buka kunci', async () => {
              try { await call('auth.unlock', { account_id: a.id }); showNotice(`Akun ${a.username} dibuka kuncinya.`); } catch (err) { showError(err); }
            }, { class: 'btn small' }) : null))))))),
    editor,
    h('div', { class: 'panel', id: 'device-tokens' }, h('h3', null, 'Token perangkat baru'),
      h('p', { class: 'muted small' }, 'Setiap perangkat mendapat tokennya sendiri dan hanya dapat melakukan tugasnya. '
        + 'Token ditampilkan sekali; simpan di perangkat tersebut.'),
      // One name per kind of device, so a name typed for the TV never names a tablet.
      tokenRow('display', 'Layar ruang tunggu', 'mis. TV ruang tunggu', 'Buat token layar',
        'auth.create_display', (made) => madeToken(made, 'layar'), shown, { withOrigin: true }),
      tokenRow('kiosk', 'Kios survei kepuasan', 'mis. Tablet survei', 'Buat token kios',
        'auth.create_kiosk', (made) => `Token kios survei untuk ${made.principal.name}: ${made.token} (buka /kiosk.html di tablet)`, shown),
      tokenRow('tablet', 'Tablet blanko', 'mis. Tablet blanko meja', 'Buat token tablet blanko',
        'auth.create_tablet', (made) => `Token tablet blanko untuk ${made.principal.name}: ${made.token} (buka /blanko.html di tablet)`, shown),
      shown),
    devices);
}

/** One kind of device token: its own name field and its button. */
function tokenRow(kind, label, placeholder, action, op, says, shown, { withOrigin = false } = {}) {
  const name = field(`Nama ${label.toLowerCase()}`, { placeholder, maxlength: 60, id: `token-name-${kind}` });
  return h('div', { class: 'row2 token-row' }, name, h('div', { class: 'actions' }, button(action, async () => {
    try {
      // The display's token comes with its link and QR code, made for this office's address.
      const origin = withOrigin ? await lanOrigin() : null;
      const made = await call(op, { name: name.input.value, ...(origin ? { origin } : {}) });
      const said = says(made);
      if (typeof said === 'string') shown.textContent = said;
      else replace(shown, said);
      name.input.value = '';
      await updateChecklist();
    } catch (err) {
      showError(err);
    }
  }, { id: `token-make-${kind}` })));
}

/** "1,4 MB" or "820 KB". */
function size(bytes) {
  if (bytes >= 1048576) return `${(bytes / 1048576).toFixed(1).replace('.', ',')} MB`;
  return `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

/**
 * A modal confirmation: `body` explains, `yes` names the action. Resolves true when the admin
 * confirms, false on "Batal" or Escape.
 */
function confirmDialog(title, body, yes) {
  return new Promise((resolve) => {
    const dialog = h('dialog', { class: 'panel confirm' });
    const close = (answer) => {
      dialog.close();
      dialog.remove();
      resolve(answer);
    };
    replace(dialog, h('h3', null, title), h('p', null, body),
      h('div', { class: 'actions' },
        button('Batal', () => close(false)),
        button(yes, () => close(true), { class: 'btn danger' })));
    dialog.addEventListener('cancel', (e) => {
      e.preventDefault();
      close(false);
    });
    document.body.appendChild(dialog);
    dialog.showModal();
  });
}

/** Cadangan: the backups beside the database, one made now, one restored. */
async function backupPanel() {
  const backups = await call('backup.list');
  const keep = field('Jumlah cadangan harian yang disimpan', { type: 'number', min: 1, max: 366, value: String(backups.keep_daily) });
  const refresh = () => showSettings(document.getElementById('screen-settings'));
  const restore = async (b) => {
    const ok = await confirmDialog('Pulihkan cadangan?',
      `Semua data akan dikembalikan seperti pada ${b.made} (${b.name}). Perubahan sesudah itu tidak tampil lagi, `
      + 'tetapi basis data saat ini dicadangkan lebih dahulu sehingga pemulihan dapat dibatalkan. '
      + 'Semua pengguna perlu masuk kembali.', 'Ya, pulihkan');
    if (!ok) return;
    try {
      const done = await call('backup.restore', { name: b.name });
      showNotice(`Basis data dipulihkan dari ${b.name}. Data sebelumnya disimpan sebagai ${done.before.name}. Silakan masuk kembali.`);
    } catch (err) {
      showError(err);
      return;
    }
    // The restore ended every session: the next call brings the login back.
    setTimeout(refresh, 4000);
  };
  return h('div', { class: 'panel', id: 'set-cadangan' }, h('h2', null, 'Cadangan data'),
    h('p', { class: 'muted small' }, `Cadangan disimpan di ${backups.folder}. Cadangan harian dibuat otomatis saat Loket berjalan; `
      + 'salin folder ini secara berkala ke penyimpanan lain (mis. flashdisk yang disimpan terkunci).'),
    h('table', { class: 'visits backups' },
      h('thead', null, h('tr', null, ['Waktu', 'Jenis', 'Ukuran', ''].map((t) => h('th', null, t || h('span', { class: 'visually-hidden' }, 'Tindakan'))))),
      h('tbody', null, backups.files.length ? backups.files.map((b) => h('tr', null,
        h('td', null, b.made, h('div', { class: 'muted small' }, b.name)), h('td', null, b.kind_label),
        h('td', { class: 'num' }, size(b.bytes)),
        h('td', null, button('Pulihkan', () => restore(b), { class: 'btn small' }))))
        : h('tr', null, h('td', { colspan: 4, class: 'muted' }, 'Belum ada cadangan.')))),
    h('div', { class: 'actions' }, button('Buat cadangan sekarang', async () => {
      try {
        const made = await call('backup.create');
        showNotice(`Cadangan ${made.name} (${size(made.bytes)}) dibuat dan diperiksa.`);
        await refresh();
      } catch (err) {
        showError(err);
      }
    }, { class: 'btn primary' })),
    h('div', { class: 'row2' }, keep, h('div', { class: 'actions' }, button('Simpan jumlah', async () => {
      try {
        await call('backup.set_keep', { daily: Number(keep.input.value) });
        showNotice('Jumlah cadangan harian yang disimpan diubah.');
        await refresh();
      } catch (err) {
        showError(err);
      }
    }))));
}

/** A guest's data as Loket holds it, for their request (printable from the window). */
function subjectView(subject) {
  const g = subject.guest;
  return h('div', { class: 'subject' },
    h('h3', null, `Data tamu: ${g.name}`),
    h('p', null, `${g.id_type_label} ${g.id_masked}`, g.phone_masked ? ` · Telepon ${g.phone_masked}` : '',
      g.institution ? ` · ${g.institution}` : ' · Pribadi/masyarakat'),
    h('p', { class: 'muted small' }, `Tercatat sejak ${subject.first_seen_label}`,
      subject.anonymised_label ? ` · dianonimkan ${subject.anonymised_label}` : ''),
    h('table', { class: 'visits' },
      h('thead', null, h('tr', null, ['Tanggal', 'Tiket', 'Layanan', 'Keperluan', 'Tunggu', 'Hasil'].map((t) => h('th', null, t)))),
      h('tbody', null, subject.visits.map((v) => h('tr', null,
        h('td', null, v.arrived_date, ' ', v.arrived), h('td', null, v.ticket), h('td', null, v.service_name),
        h('td', null, v.purpose), h('td', { class: 'num' }, `${v.waited_minutes} m`),
        h('td', null, v.outcome ? v.outcome.result : v.status_label))))),
    h('p', { class: 'muted small' }, subject.note));
}

/** Data pribadi: the retention, its log, and a guest's request to see or erase their data. */
async function privacyPanel(office) {
  const zone = office.timezone || undefined;
  const when = (iso) => stamp(iso, zone);
  const status = await call('privacy.status');
  const refresh = () => showSettings(document.getElementById('screen-settings'));
  const months = field('Masa simpan data pribadi tamu (bulan)', { type: 'number', min: 1, max: 120, value: String(status.retention_months) },
    'Tamu yang kunjungan terakhirnya lebih lama dari ini dianonimkan; statistik kunjungan tetap.');
  const query = field('Cari tamu (nama, telepon atau nomor identitas)', { autocomplete: 'off' });
  const found = h('div');
  const shown = h('div');
  const erase = async (g) => {
    const reason = field('Alasan penghapusan (tanpa data pribadi)', { required: true, placeholder: 'mis. permintaan tertulis tamu tgl. …' });
    replace(shown, h('div', { class: 'box' }, h('p', null, `Hapus data pribadi ${g.name}? Nama, telepon dan nomor identitas dihapus, `
      + 'teks pribadi kunjungannya dihapus; waktu, layanan dan hasil kunjungan tetap untuk statistik.'), reason,
    h('div', { class: 'actions' }, button('Hapus data pribadi', async () => {
      const ok = await confirmDialog('Hapus data pribadi?', `Data pribadi ${g.name} dihapus dan tidak dapat dikembalikan dari Loket.`, 'Ya, hapus');
      if (!ok) return;
      try {
        await call('privacy.erase', { guest_id: g.id, reason: reason.input.value });
        showNotice(`Data pribadi ${g.name} dihapus.`);
        await refresh();
      } catch (err) {
        showError(err);
      }
    }, { class: 'btn danger' }))));
  };
  const search = async () => {
    try {
      const guests = await call('guest.find', { query: query.input.value });
      replace(found, guests.length ? h('ul', { class: 'plain' }, guests.map((g) => h('li', null,
        `${g.name} — ${g.id_type_label} ${g.id_masked} (${g.visits} kunjungan) `,
        button('Lihat data', async () => {
          try {
            replace(shown, subjectView(await call('privacy.subject', { guest_id: g.id })));
          } catch (err) {
            showError(err);
          }
        }, { class: 'btn small' }), ' ',
        button('Hapus data…', () => erase(g), { class: 'btn small' }))))
        : h('p', { class: 'muted small' }, 'Tidak ditemukan.'));
    } catch (err) {
      showError(err);
    }
  };
  return h('div', { class: 'panel', id: 'set-data-pribadi' }, h('h2', null, 'Data pribadi tamu'),
    status.id_key_notice ? h('p', { class: 'box warn', id: 'id-key-notice' }, status.id_key_notice) : null,
    h('p', { class: 'muted small' }, 'Kunci pengacak nomor identitas disimpan di luar basis data dan cadangannya. '
      + 'Simpan salinannya di media terpisah dengan `loket-hub key export --out …` di PC hub.'),
    h('p', { class: 'muted small' }, `UU 27/2022. ${status.guests} tamu tercatat, ${status.anonymised_guests} sudah dianonimkan. `
      + `Saat ini dianonimkan: kunjungan terakhir sebelum ${status.cutoff_label}.`),
    h('div', { class: 'row2' }, months, h('div', { class: 'actions' },
      button('Simpan masa simpan', async () => {
        try {
          await call('privacy.set_retention', { months: Number(months.input.value) });
          showNotice('Masa simpan data pribadi diubah.');
          await refresh();
        } catch (err) {
          showError(err);
        }
      }),
      button('Anonimkan sekarang', async () => {
        try {
          const run = await call('privacy.apply_retention');
          showNotice(`${run.anonymised} tamu dianonimkan${run.skipped ? `; ${run.skipped} dilewati (kartu masih di laci atau kunjungan belum selesai)` : ''}.`);
          await refresh();
        } catch (err) {
          showError(err);
        }
      }))),
    h('h3', null, 'Permintaan tamu: lihat atau hapus datanya'),
    h('div', { class: 'row2' }, query, h('div', { class: 'actions' }, button('Cari', search))), found, shown,
    h('h3', null, 'Catatan'),
    h('table', { class: 'visits' },
      h('thead', null, h('tr', null, ['Waktu', 'Oleh', 'Tindakan', 'Tamu', 'Keterangan'].map((t) => h('th', null, t)))),
      h('tbody', null, status.log.length ? status.log.map((e) => h('tr', null,
        h('td', null, when(e.at)), h('td', null, e.actor), h('td', null, e.action_label),
        h('td', { class: 'num' }, String(e.guests)), h('td', null, e.detail)))
        : h('tr', null, h('td', { colspan: 5, class: 'muted' }, 'Belum ada catatan.')))));
}

/** Reads the first-run checklist again (after a step may have been done on this page). */
let updateChecklist = async () => {};

/** Where each step of the first-run checklist is done. */
const STEP_SECTIONS = { office: 'set-kantor', officials: 'set-pejabat', accounts: 'set-akun', display: 'device-tokens' };

/** Scrolls to a section of the page and moves the focus there (the page is long). */
function goTo(id) {
  const target = document.getElementById(id);
  if (!target) return;
  target.scrollIntoView({ block: 'start' });
  const heading = target.querySelector('h2, h3');
  if (heading) {
    heading.setAttribute('tabindex', '-1');
    heading.focus({ preventScroll: true });
  }
}

/** A link within the page: it scrolls, and leaves the address (the screen) as it is. */
function sectionLink(id, text, attrs = {}) {
  return h('a', { href: '#/pengaturan', ...attrs, onclick: (e) => { e.preventDefault(); goTo(id); } }, text);
}

/**
 * The first-run checklist: what is left before the desk opens, each step done or not as the
 * core reads it from the database, with a link to where it is done.
 */
/**
 * A test ticket printed exactly as a guest's would be: the office's paper width, and without a
 * dialog where the office prints at check-in, so the printer step is ticked against the real
 * print.
 */
function printTestTicket(office) {
  const settings = office.ticket || {};
  const now = stamp(new Date().toISOString(), office.timezone || undefined);
  return printTicket({
    ticket: 'A-000', service_short: 'Karcis uji printer', service_name: 'Karcis uji printer',
    kabupaten: office.kabupaten, unit: office.unit_name, paper_mm: settings.paper_mm, ahead: 0,
    issued: `Karcis uji · ${now}${office.zone ? ` ${office.zone}` : ''}`,
  }, { silent: !!settings.auto_print });
}

function checklistPanel(list, office) {
  const mark = async (what) => {
    try {
      await call('office.mark_checklist', { mark: what });
      await updateChecklist();
    } catch (err) {
      showError(err);
    }
  };
  const printerStep = (step) => (step.done ? null : h('div', { class: 'actions' },
    button('Cetak tiket uji', () => printTestTicket(office).catch(showError), { class: 'btn small', id: 'checklist-printer-test' }),
    button('Tiket uji tercetak dengan baik', () => mark('printer_tested'), { class: 'btn small', id: 'checklist-printer-ok' })));
  return h('section', { class: 'panel checklist', id: 'first-run', 'aria-labelledby': 'first-run-title' },
    h('h2', { id: 'first-run-title' }, `Langkah awal: ${list.done} dari ${list.total} selesai`),
    h('p', { class: 'muted small' }, 'Sebelum loket dibuka, atur hal-hal berikut. Daftar ini hilang sendiri setelah semuanya selesai.'),
    h('ol', { class: 'checklist-steps' }, list.steps.map((step) => h('li', { class: step.done ? 'done' : 'todo', dataset: { step: step.key } },
      h('span', { class: 'checklist-mark', 'aria-hidden': 'true' }, step.done ? '✓' : ''),
      h('div', null,
        h('strong', null, STEP_SECTIONS[step.key] && !step.done ? sectionLink(STEP_SECTIONS[step.key], step.label) : step.label),
        h('span', { class: 'visually-hidden' }, step.done ? ' (selesai)' : ' (belum)'),
        h('div', { class: 'small' }, step.done ? 'Selesai.' : step.hint),
        step.key === 'printer' ? printerStep(step) : null)))),
    h('div', { class: 'actions' }, button('Sembunyikan daftar ini', () => mark('dismiss'), { class: 'btn small', id: 'checklist-dismiss' })));
}

/** The page's table of contents: a menu of its sections that stays in view while scrolling. */
function sectionMenu(parts) {
  const panels = parts.flatMap((p) => [p, ...p.querySelectorAll('.panel[id]')]).filter((p) => p.id && p.classList.contains('panel'));
  return h('nav', { class: 'settings-menu', 'aria-label': 'Bagian pengaturan' },
    h('ul', null, panels.map((p) => {
      const heading = p.querySelector('h2, h3');
      return heading ? h('li', null, sectionLink(p.id, heading.textContent)) : null;
    })));
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
    const refresh = () => showSettings(el);
    const services = office.setup ? await call('catalog.list', { region: office.setup.region, unit: office.setup.unit }) : [];
    const parts = [h('div', { class: 'settings-col' }, setupForm(office),
      office.setup ? prefixPanel(office, services, refresh) : null, office.setup ? ticketPanel(office, refresh) : null,
      office.setup ? await holidayPanel(refresh) : null)];
    if (office.setup) {
      const editor = h('div');
      const list = h('table', { class: 'visits officials' },
        h('thead', null, h('tr', null, ['Nama', 'Jabatan', 'Ruang', 'Layanan', ''].map((t) => h('th', null, t || h('span', { class: 'visually-hidden' }, 'Tindakan'))))),
        h('tbody', null, office.officials.length ? office.officials.map((o) => h('tr', { class: o.active ? null : 'inactive' },
          h('td', null, o.name, o.is_role ? h('span', { class: 'tag' }, 'peran') : null, h('div', { class: 'muted small' }, o.nip || '')),
          h('td', null, o.title), h('td', null, o.room), h('td', { class: 'num' }, String(o.services.length)),
          h('td', null, button('Ubah', () => replace(editor, officialForm(office, services, o)), { class: 'btn small' }))))
          : h('tr', null, h('td', { colspan: 5, class: 'muted' }, 'Belum ada pejabat.'))));
      replace(editor, officialForm(office, services, null));
      parts.push(h('div', { class: 'settings-col' }, h('div', { class: 'panel', id: 'set-pejabat' }, h('h2', null, 'Pejabat'), list), editor));
      parts.push(await accountsPanel(office));
      parts[parts.length - 1].append(await loginLogPanel());
    }
    parts.push(h('div', { class: 'settings-col' }, await backupPanel(), await privacyPanel(office)));
    parts.push(await lanPanel());
    parts.push(await aboutPanel());
    const slot = h('div', { class: 'checklist-slot' });
    updateChecklist = async () => {
      const checklist = await call('office.checklist');
      const hidden = checklist.dismissed && checklist.done < checklist.total;
      replace(slot, checklist.show ? checklistPanel(checklist, office)
        : hidden ? h('p', { class: 'actions' }, button(`Tampilkan lagi langkah awal (${checklist.done} dari ${checklist.total} selesai)`, async () => {
          try {
            await call('office.mark_checklist', { mark: 'restore' });
            await updateChecklist();
          } catch (err) {
            showError(err);
          }
        }, { class: 'btn small', id: 'checklist-restore' })) : null);
    };
    await updateChecklist();
    replace(el, h('div', { class: 'settings' }, slot, sectionMenu(parts), parts));
    clearError();
  } catch (e) {
    showError(e);
  }
}
