// Meja Layanan: the receptionist's screen. Check a guest in (a returning guest in a few
// keys), tick the requirements, take the SPT/SPPD and the ID card, fill the blanko, print the
// ticket; see today's guests and the cards in the drawer; check guests out; close the day
// (the drawer's endings, the closing dialog and earlier days' banner: desk-custody.js).

import { dateField, dateValue } from './date-input.js';
import { call } from './api.js';
import { h, replace, debounce } from './dom.js';
import { field, select, checkbox, value, button, minutes } from './form.js';
import { showError, clearError } from './alert.js';
import { printTicket, printMissing, printBlanko } from './print.js';
import { onChange, liveStatus } from './live.js';
import { servicePicker } from './service-picker.js';
import { openVisit, printEmptyBlanko } from './visit-dialog.js';
import { endingButtons, heldList, holdCard, openClosing, earlierBanner } from './desk-custody.js';
import { onBehalfButton } from './desk-on-behalf.js';

const ID_TYPES = [['ktp', 'KTP'], ['sim', 'SIM'], ['paspor', 'Paspor'], ['kartu_pegawai', 'KTP PNS/Kartu Pegawai'], ['lainnya', 'Lainnya']];

let root;
let office;
let services = [];
let form;
let requirements = null;
let pickedGuest = null;
let builtFor = '';
let stopLive = () => {};

function formError(e) {
  const box = form.error;
  box.textContent = e ? e.message : '';
  box.hidden = !e;
  if (e) box.scrollIntoView({ block: 'nearest' });
}

let requirementsSeq = 0;

async function loadRequirements() {
  const service = form.service.value;
  if (!service) return;
  const seq = ++requirementsSeq;
  try {
    const answer = await call('desk.requirements', { service, institutional: isInstitutional() });
    if (seq !== requirementsSeq) return; // a newer choice is on its way
    requirements = answer;
    renderRequirements();
    // Which service the list on screen is for (tests wait for the chosen one's).
    form.checklist.dataset.service = service;
  } catch (e) {
    formError(e);
  }
}

function isInstitutional() {
  return form.institutional.input.checked;
}

function renderRequirements() {
  const r = requirements;
  // Ticks already made stay ticked when the list is drawn again.
  const ticked = new Set((form.checklist.items || []).filter((c) => c.input.checked).map((c) => c.input.value));
  const list = r.checklist.map((text) => checkbox(text, { value: text, class: 'req-item', checked: ticked.has(text) }));
  replace(form.checklist,
    h('div', { class: 'section-title' }, `Persyaratan (${r.checklist.length})`, h('span', { class: 'limit' }, `Batas waktu: ${r.time_limit_label}`)),
    r.checklist.length ? list : h('p', { class: 'muted' }, 'Layanan ini tidak menetapkan persyaratan yang diperiksa di meja.'));
  form.checklist.items = list;
  replace(form.warnings, r.warnings.map((w) => h('p', { class: 'warn' }, w)));
  form.letterBox.hidden = !(r.spt && isInstitutional());
  form.proposalBox.hidden = !r.proposal;
  form.blankoBox.hidden = !r.blanko;
  form.slotBox.hidden = !r.holds_id;
}

/** The slip "Kekurangan Persyaratan" for what is not ticked (the core leaves out the desk's own steps). */
async function printSlip() {
  if (!form.service.value) return;
  try {
    const shown = (form.checklist.items || []).filter((c) => c.input.checked).map((c) => c.input.value);
    const slip = await call('desk.missing_slip', { service: form.service.value, institutional: isInstitutional(), shown });
    await printMissing(slip, form.name.input.value);
  } catch (e) {
    formError(e);
  }
}

function guestInput() {
  return {
    id: pickedGuest ? pickedGuest.id : null,
    name: form.name.input.value,
    phone: value(form.phone),
    institution: isInstitutional() ? (value(form.institution) || '') : null,
    id_type: form.idType.input.value,
    id_number: value(form.idNumber),
  };
}

function checkInRequest() {
  const r = requirements || {};
  const slot = form.slot.input.value;
  const letter = !form.letterBox.hidden && value(form.letterNumber) ? {
    number: form.letterNumber.input.value,
    date: dateValue(form.letterDate.input),
    institution: form.letterInstitution.input.value,
    held: form.letterHeld.input.checked,
  } : null;
  const blanko = !form.blankoBox.hidden && (value(form.topic) || value(form.questions)) ? {
    topic: form.topic.input.value,
    questions: form.questions.input.value,
    documents: form.documents.input.value,
    contact: form.contact.input.value,
  } : null;
  const official = form.official.input.value;
  return {
    guest: guestInput(),
    service: form.service.value,
    purpose: form.purpose.input.value,
    official_id: official ? Number(official) : null,
    person_to_meet: value(form.person),
    group_size: Number(form.group.input.value || 1),
    shown: (form.checklist.items || []).filter((c) => c.input.checked).map((c) => c.input.value),
    admitted_note: value(form.note),
    letter,
    proposal_received: r.proposal ? form.proposal.input.checked : false,
    blanko,
    slot: r.holds_id && slot ? Number(slot) : null,
  };
}

async function submit(event) {
  event.preventDefault();
  formError(null);
  let request;
  try {
    request = checkInRequest();
  } catch (e) {
    formError(e);
    return;
  }
  let done;
  try {
    done = await call('desk.check_in', request);
  } catch (e) {
    formError(e);
    return;
  }
  // The guest is in: whatever happens to the ticket's printing, the form is cleared.
  const service = services.find((s) => s.id === request.service);
  await showTicket(done, request, service).catch(formError);
  resetForm();
  await refreshDay().catch(showError);
}

async function showTicket(done, request, service) {
  const ticket = { ticket: done.ticket, service: service ? service.name : request.service, name: request.guest.name,
    unit: office.unit_name, kabupaten: office.kabupaten };
  // The ticket as printed: the core's (short label, time, room, drawer slot, guests ahead).
  const printed = await call('desk.ticket', { visit_id: done.visit_id });
  replace(form.result,
    h('div', { class: 'ticket-done', role: 'status' },
      h('div', { class: 'ticket-no', id: 'last-ticket' }, done.ticket),
      h('div', null, `${request.guest.name} — `, h('span', { title: printed.service_name }, printed.service_short)),
      done.warnings.map((w) => h('p', { class: 'warn' }, w)),
      done.missing.length ? h('p', { class: 'warn' }, `Diterima dengan kekurangan: ${done.missing.join('; ')}`) : null,
      h('div', { class: 'actions' },
        // Printed again later: the guests ahead and the paper as they are then.
        button('Cetak tiket', () => call('desk.ticket', { visit_id: done.visit_id }).then((t) => printTicket(t)).catch(showError),
          { class: 'btn primary', id: 'print-ticket' }),
        request.blanko ? button('Cetak blanko A5', () => printBlanko({ ...ticket, blanko: request.blanko, purpose: request.purpose })) : null,
        request.blanko ? button('A4', () => printBlanko({ ...ticket, blanko: request.blanko, purpose: request.purpose }, true)) : null)));
  form.result.hidden = false;
  root.querySelector('.desk-left').scrollTop = 0;
  // The office prints each ticket at check-in (in the desktop window without a dialog).
  if (printed.auto_print) await printTicket(printed, { silent: true }).catch(showError);
}

function resetForm() {
  pickedGuest = null;
  for (const f of [form.find, form.name, form.phone, form.institution, form.idNumber, form.purpose, form.person, form.note,
    form.letterNumber, form.letterInstitution, form.topic, form.questions, form.documents, form.contact]) {
    f.input.value = '';
  }
  form.group.input.value = '1';
  form.idNumber.input.placeholder = '';
  form.institutional.input.checked = false;
  form.institution.hidden = true;
  form.found.hidden = true;
  form.pickedNote.textContent = '';
  loadRequirements();
}

function pickGuest(g) {
  pickedGuest = g;
  form.name.input.value = g.name;
  form.institutional.input.checked = !!g.institution;
  form.institution.hidden = !g.institution;
  form.institution.input.value = g.institution || '';
  form.idType.input.value = g.id_type;
  form.idNumber.input.value = '';
  form.idNumber.input.placeholder = `tersimpan ${g.id_masked}`;
  form.pickedNote.textContent = `Tamu lama: ${g.visits} kunjungan, terakhir ${g.last_visit_label || '–'}.`;
  form.found.hidden = true;
  loadRequirements();
  form.purpose.input.focus();
}

const findGuests = debounce(async () => {
  const query = form.find.input.value.trim();
  if (query.length < 2) {
    form.found.hidden = true;
    return;
  }
  try {
    const found = await call('guest.find', { query });
    replace(form.found, found.length
      ? found.map((g, i) => h('li', { class: 'found-guest', tabindex: '0', role: 'option', dataset: { index: i },
        onclick: () => pickGuest(g), onkeydown: (e) => { if (e.key === 'Enter') { e.preventDefault(); pickGuest(g); } } },
      h('strong', null, g.name), ` · ${g.institution || 'Pribadi/masyarakat'} · ${g.id_type_label} ${g.id_masked}`,
      g.phone_masked ? ` · ${g.phone_masked}` : ''))
      : h('li', { class: 'muted' }, 'Tidak ada tamu lama yang cocok; isi sebagai tamu baru.'));
    form.found.hidden = false;
  } catch (e) {
    showError(e);
  }
}, 120);

function buildForm() {
  form = {};
  form.find = field('Cari tamu lama', { id: 'guest-find', type: 'search', autocomplete: 'off', placeholder: 'Nama, telepon, atau nomor kartu', oninput: findGuests,
    onkeydown: (e) => { if (e.key === 'ArrowDown') { const first = form.found.querySelector('.found-guest'); if (first) { e.preventDefault(); first.focus(); } } } });
  form.found = h('ul', { class: 'found', role: 'listbox', hidden: true });
  form.pickedNote = h('p', { class: 'muted picked' });
  form.name = field('Nama tamu', { id: 'guest-name', required: true, maxlength: 100, autocomplete: 'off' });
  form.phone = field('Telepon', { id: 'guest-phone', inputmode: 'tel', autocomplete: 'off' }, 'Boleh dikosongkan.');
  form.institutional = checkbox('Datang atas nama instansi', { onchange: () => { form.institution.hidden = !isInstitutional(); loadRequirements(); } });
  form.institution = field('Nama instansi', { maxlength: 150 });
  form.institution.hidden = true;
  form.idType = select('Kartu identitas', ID_TYPES);
  form.idNumber = field('Nomor kartu', { id: 'guest-id-number', autocomplete: 'off', inputmode: 'text' }, 'Disimpan tersamar; hanya 4 angka terakhir yang tampil.');
  form.service = servicePicker('Layanan', services, { id: 'visit-service', region: office.setup.region, unit: office.setup.unit, onchange: loadRequirements });
  form.purpose = field('Keperluan', { id: 'visit-purpose', required: true, maxlength: 500 });
  form.official = select('Pejabat yang ditemui', [['', 'Siapa saja yang menangani layanan'],
    ...office.officials.filter((o) => o.active).map((o) => [String(o.id), `${o.name} — ${o.title}`])], { id: 'visit-official' });
  form.person = field('Orang lain yang ditemui', { maxlength: 100 });
  form.group = field('Jumlah orang', { type: 'number', min: 1, max: 50, value: '1' });
  form.checklist = h('div', { class: 'checklist-box' });
  form.note = field('Catatan bila tetap diterima meski ada kekurangan', { maxlength: 500 });
  form.warnings = h('div', { class: 'warnings', 'aria-live': 'polite' });
  form.letterNumber = field('Nomor SPT/SPPD', { maxlength: 100 });
  form.letterDate = dateField('Tanggal');
  form.letterInstitution = field('Instansi penerbit', { maxlength: 150 });
  form.letterHeld = checkbox('SPT/SPPD disimpan di meja', { checked: true });
  form.letterBox = h('fieldset', { class: 'box', hidden: true }, h('legend', null, 'Surat tugas (SPT/SPPD)'),
    h('div', { class: 'row3' }, form.letterNumber, form.letterDate, form.letterInstitution), form.letterHeld);
  form.proposal = checkbox('Proposal permohonan bantuan diterima');
  form.proposalBox = h('fieldset', { class: 'box', hidden: true }, h('legend', null, 'Proposal (CSR)'), form.proposal);
  form.topic = field('Topik', { maxlength: 200 });
  form.questions = field('Permasalahan/pertanyaan', { multiline: true, rows: 2, maxlength: 4000 });
  form.documents = field('Dokumen yang dibawa', { maxlength: 1000 });
  form.contact = field('Kontak tamu', { maxlength: 200 });
  form.blankoBox = h('fieldset', { class: 'box', hidden: true }, h('legend', null, 'Lembar Blanko Koordinasi/Konsultasi'),
    h('div', { class: 'row2' }, form.topic, form.documents), form.questions, form.contact);
  form.slot = select('Laci kartu', [], { id: 'visit-slot' });
  form.slotBox = h('div', { class: 'slot-box', hidden: true }, form.slot);
  form.error = h('div', { class: 'form-error', role: 'alert', hidden: true });
  form.result = h('div', { class: 'result-box', hidden: true });
  return h('form', { class: 'checkin', onsubmit: submit, novalidate: true, 'aria-label': 'Check-in tamu' },
    h('h2', null, 'Check-in tamu'),
    form.result,
    h('div', { class: 'finder-row' }, form.find, button('Tamu baru', resetForm)),
    form.found, form.pickedNote,
    h('div', { class: 'row2' }, form.name, form.phone),
    h('div', { class: 'row2' }, h('div', null, form.institutional, form.institution), h('div', { class: 'row2' }, form.idType, form.idNumber)),
    form.service,
    h('div', { class: 'row2' }, form.purpose, form.official),
    h('div', { class: 'row2' }, form.person, form.group),
    form.warnings,
    form.checklist,
    h('div', { class: 'row-missing' }, form.note,
      button('Cetak slip kekurangan', () => printSlip(), { id: 'print-missing' })),
    form.letterBox, form.proposalBox, form.blankoBox,
    form.slotBox,
    form.error,
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn primary big', id: 'checkin-submit' }, 'Daftarkan & beri nomor antrian')));
}

function fillSlots(free) {
  const current = form.slot.input.value;
  replace(form.slot.input, [h('option', { value: '' }, 'Kartu tidak disimpan'), ...free.map((n) => h('option', { value: String(n) }, `Laci ${n}`))]);
  form.slot.input.value = free.includes(Number(current)) ? current : (free.length ? String(free[0]) : '');
}

async function act(op, args) {
  try {
    await call(op, args);
    clearError();
    await refreshDay();
  } catch (e) {
    showError(e);
  }
}

let lastDay = null;

function visitRow(v) {
  const held = v.card.state === 'held';
  const item = { visit_id: v.id, ticket: v.ticket, guest: v.guest.name, held, leftBehind: held && v.card.left_behind, endings: v.endings };
  const leaves = v.status !== 'left' && v.endings.includes('guest');
  return h('tr', { dataset: { visitId: v.id, status: v.status }, class: v.limit.over ? 'over' : null },
    h('td', { class: 'ticket' }, v.ticket),
    h('td', null, h('div', { class: 'who' }, v.guest.name), h('div', { class: 'muted small' }, v.guest.institution || 'Pribadi/masyarakat')),
    h('td', { class: 'small service-short', title: v.service_name }, v.service_short),
    h('td', null, h('span', { class: `status s-${v.status}` }, v.status_label), v.limit.over ? h('span', { class: 'status s-over' }, 'Melebihi batas') : null),
    h('td', { class: 'num' }, v.arrived),
    h('td', { class: 'num' }, minutes(v.waited_minutes)),
    h('td', { class: 'num' }, held ? `Laci ${v.card.slot}${v.card.left_behind ? ' (tertinggal)' : ''}` : (v.card.state === 'returned' ? 'Kembali' : '–')),
    h('td', { class: 'row-actions' },
      button('Rincian', () => openVisit(v.id, { office, onChanged: () => refreshDay().catch(showError) }),
        { class: 'btn small', title: 'Riwayat, blanko dan koreksi' }),
      onBehalfButton(v, lastDay, () => refreshDay().catch(showError)),
      leaves ? button('Pulang', () => act('desk.check_out', { visit_id: v.id }), { title: 'Tamu pulang; kartu dikembalikan', class: 'btn small' }) : null,
      v.can_hold_card ? button('Simpan kartu', () => holdCard(v, lastDay ? lastDay.free_slots : [], act), { class: 'btn small', title: 'Kartu identitas belum disimpan di laci' }) : null,
      held ? endingButtons(item, act, ['other', 'left_behind']) : null));
}

function closeDay(day) {
  openClosing({ date: day.date, dateLabel: day.date_label, lines: day.closing, today: true }, async () => {
    showError({ message: 'Hari ditutup. Semua kartu dan tamu sudah tercatat.' });
    document.getElementById('alert').classList.add('ok');
    await refreshDay();
  }, () => refreshDay().catch(showError));
}

async function refreshDay() {
  const day = await call('desk.today');
  lastDay = day;
  document.getElementById('today').textContent = `${day.date_label} · ${day.zone}`;
  fillSlots(day.free_slots);
  const counts = {
    waiting: day.visits.filter((v) => v.status === 'waiting').length,
    served: day.visits.filter((v) => ['finished', 'left'].includes(v.status)).length,
  };
  replace(root.querySelector('.day'),
    earlierBanner(day, act, () => refreshDay().catch(showError)),
    h('div', { class: 'day-head' },
      h('h2', null, 'Tamu hari ini'),
      h('span', { class: 'muted' }, `${day.visits.length} tamu · ${counts.waiting} menunggu · ${counts.served} selesai · ${day.held.length} kartu di laci`),
      liveStatus(),
      button('Cetak blanko kosong', () => printEmptyBlanko(office), { class: 'btn' }),
      button(day.closed ? 'Hari sudah ditutup' : 'Tutup hari', () => closeDay(day), { class: 'btn', id: 'close-day', disabled: day.closed })),
    h('div', { class: 'table-wrap' },
      h('table', { class: 'visits' },
        h('thead', null, h('tr', null, ['Tiket', 'Tamu', 'Layanan', 'Status', 'Datang', 'Tunggu', 'Kartu', ''].map((t) => h('th', null, t || h('span', { class: 'visually-hidden' }, 'Tindakan'))))),
        h('tbody', null, day.visits.length ? day.visits.slice().reverse().map(visitRow) : h('tr', null, h('td', { colspan: 8, class: 'muted' }, 'Belum ada tamu hari ini.'))))),
    h('h3', null, 'Kartu di laci'),
    heldList(day, act));
}

let showSeq = 0;

/** Shows the desk screen in `el`. */
export async function showDesk(el) {
  // Two quick calls (login and a change of screen) must not build the form twice: the
  // second form would silently replace the one being typed into.
  const mine = ++showSeq;
  try {
    office = await call('office.get');
    if (mine !== showSeq) return;
    if (!office.setup) {
      replace(el, h('div', { class: 'empty-screen' }, h('h2', null, 'Kantor belum diatur'),
        h('p', null, 'Pilih kabupaten, bagian, laci kartu dan pejabat di ', h('a', { href: '#/pengaturan' }, 'Pengaturan'), ' terlebih dahulu.')));
      root = null;
      return;
    }
    const signature = JSON.stringify(office);
    if (!root || root !== el.firstChild || builtFor !== signature) {
      // The office's own services: its kabupaten and bagian.
      services = await call('catalog.list', { region: office.setup.region, unit: office.setup.unit });
      if (mine !== showSeq) return;
      builtFor = signature;
      root = h('div', { class: 'desk' },
        h('section', { class: 'desk-left' }, buildForm()),
        h('section', { class: 'desk-right day' }));
      replace(el, root);
      await loadRequirements();
      stopLive();
      // A refresh redraws only the day's list (and the free drawer slots): the check-in form
      // and what is typed in it stay as they are.
      stopLive = onChange(() => (el.hidden ? null : refreshDay()));
    }
    await refreshDay();
  } catch (e) {
    showError(e);
  }
}
