// Meja Layanan: the receptionist's screen. Check a guest in (a returning guest in a few
// keys, the whole check-in from the keyboard alone), tick what the guest brings, take the
// SPT/SPPD and the ID card, fill the blanko, print the ticket; see today's guests and the
// cards in the drawer; check guests out; close the day, or reopen it (the drawer's endings,
// the closing dialog and earlier days' banner: desk-custody.js). A refused check-in marks
// the field at fault, says what to do under it and puts the cursor there.

import { dateField, dateValue } from './date-input.js';
import { call } from './api.js';
import { h, replace, debounce } from './dom.js';
import { field, select, checkbox, value, button, minutes } from './form.js';
import { showError, showNotice, clearError } from './alert.js';
import { printTicket, printMissing, printBlanko } from './print.js';
import { onChange, liveStatus } from './live.js';
import { servicePicker } from './service-picker.js';
import { openVisit, printEmptyBlanko } from './visit-dialog.js';
import { endingButtons, heldList, holdCard, openClosing, earlierBanner, ask, settleEnding } from './desk-custody.js';
import { onBehalfButton, openOnBehalfFor } from './desk-on-behalf.js';

const ID_TYPES = [['ktp', 'KTP'], ['sim', 'SIM'], ['paspor', 'Paspor'], ['kartu_pegawai', 'KTP PNS/Kartu Pegawai'], ['lainnya', 'Lainnya']];

let root;
let office;
let services = [];
let form;
let requirements = null;
let pickedGuest = null;
let builtFor = '';
let stopLive = () => {};

/** The form's fields by the key the core names a wrong field with (`error.field`). */
function fieldsByKey() {
  return {
    name: form.name, phone: form.phone, institution: form.institution, id_number: form.idNumber,
    service: form.service, purpose: form.purpose, person_to_meet: form.person, group_size: form.group,
    admitted_note: form.note, letter_number: form.letterNumber, letter_date: form.letterDate,
    letter_institution: form.letterInstitution, topic: form.topic, questions: form.questions,
    documents: form.documents, contact: form.contact, slot: form.slot,
  };
}

/** Takes the marks of an earlier refusal off every field. */
function clearFieldErrors() {
  for (const el of form.el.querySelectorAll('[aria-invalid="true"]')) {
    el.removeAttribute('aria-invalid');
    el.removeAttribute('aria-describedby');
  }
  for (const el of form.el.querySelectorAll('.field-error')) el.remove();
}

/**
 * Shows a refusal: at the field it names (marked, its message under it, the cursor in it),
 * or in the box beside the submit button.
 */
function formError(e) {
  clearFieldErrors();
  const wrap = e && e.field ? fieldsByKey()[e.field] : null;
  const box = form.error;
  box.textContent = e && !wrap ? e.message : '';
  box.hidden = !e || !!wrap;
  if (!wrap) return;
  let hidden = wrap.closest('[hidden]');
  while (hidden) {
    hidden.hidden = false;
    hidden = wrap.closest('[hidden]');
  }
  const input = wrap.input;
  const id = `${input.id}-error`;
  // The field's own label names it: under it, the problem and what to do.
  const problem = e.details && e.details.problem ? e.details.problem : e.message;
  const note = h('span', { class: 'field-error', id }, problem.charAt(0).toUpperCase() + problem.slice(1));
  input.insertAdjacentElement('afterend', note);
  input.setAttribute('aria-invalid', 'true');
  input.setAttribute('aria-describedby', id);
  input.focus();
  input.scrollIntoView({ block: 'nearest' });
}

let requirementsSeq = 0;

async function loadRequirements() {
  const service = form.service.value;
  if (!service) {
    // No service chosen yet: nothing to tick, no box of a service's own.
    requirements = null;
    ++requirementsSeq;
    replace(form.checklist);
    replace(form.warnings);
    for (const box of [form.letterBox, form.proposalBox, form.blankoBox, form.slotBox]) box.hidden = true;
    form.checklist.dataset.service = '';
    return;
  }
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

/** The desk's own steps, as the checklist names what on the form records each. */
const DESK_STEPS = {
  hands_id_card: 'KTP/tanda pengenal: pilih laci kartu',
  fills_blanko: 'Lembar blanko: isi di bawah (atau tamu mengisi di tablet)',
  hands_letter: 'SPT/SPPD: isi kotak surat tugas',
  hands_proposal: 'Proposal: centang bila diterima',
  comes_in_person: 'Hadir langsung: tercatat dengan check-in ini',
};

function renderRequirements() {
  const r = requirements;
  // Ticks already made stay ticked when the list is drawn again.
  const ticked = new Set((form.checklist.items || []).filter((c) => c.input.checked).map((c) => c.input.value));
  const list = r.checklist.map((text) => checkbox(text, { value: text, class: 'req-item', checked: ticked.has(text) }));
  replace(form.checklist,
    h('div', { class: 'section-title' }, `Dibawa tamu (${r.checklist.length})`, h('span', { class: 'limit' }, `Batas waktu: ${r.time_limit_label}`)),
    r.checklist.length ? list : h('p', { class: 'muted small' }, 'Tidak ada dokumen yang perlu dicentang untuk layanan ini.'),
    r.desk_steps.length ? h('ul', { class: 'desk-steps', 'aria-label': 'Langkah di meja, dicatat dari formulir' },
      r.desk_steps.map((d) => h('li', { dataset: { step: d.step }, title: d.text }, DESK_STEPS[d.step] || d.text))) : null);
  form.checklist.items = list;
  replace(form.warnings, r.warnings.map((w) => h('p', { class: 'warn' }, w)));
  form.letterBox.hidden = !(r.spt && isInstitutional());
  form.proposalBox.hidden = !r.proposal;
  form.blankoBox.hidden = !r.blanko;
  form.slotBox.hidden = !r.holds_id;
  drawerFull();
}

/** Says before the check-in, not after the ticket, that no drawer slot is free for a card. */
function drawerFull() {
  const full = !!(requirements && requirements.holds_id && lastDay && lastDay.free_slots.length === 0);
  form.drawerFull.hidden = !full;
}

/** The slip "Kekurangan Persyaratan" for what is not ticked (the core leaves out the desk's own
 * steps, but not the SPT/SPPD: the institution's letter is the guest's to bring). */
async function printSlip() {
  if (!form.service.value) return;
  try {
    const shown = (form.checklist.items || []).filter((c) => c.input.checked).map((c) => c.input.value);
    // The SPT/SPPD counts as shown once its number is on the form.
    if (requirements && !form.letterBox.hidden && value(form.letterNumber)) {
      shown.push(...requirements.desk_steps.filter((d) => d.step === 'hands_letter').map((d) => d.text));
    }
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

let submitting = false;

async function submit(event) {
  event.preventDefault();
  if (submitting) return;
  submitting = true;
  formError(null);
  try {
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
    // The guest is in: whatever happens to the ticket's printing, the form is cleared for the
    // next guest.
    const service = services.find((s) => s.id === request.service);
    await showTicket(done, request, service).catch(formError);
    resetForm({ nextGuest: true });
    await refreshDay().catch(showError);
  } finally {
    submitting = false;
  }
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
      request.slot ? h('p', { class: 'slot-done', id: 'last-slot' }, `KTP disimpan di laci nomor ${request.slot}.`) : null,
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

/** Empties the form for a new guest; after a check-in, also the service, and the cursor goes
 * to the search for the next guest. */
function resetForm({ nextGuest = false } = {}) {
  pickedGuest = null;
  clearFieldErrors();
  form.error.hidden = true;
  closeFound();
  if (nextGuest) form.service.clear();
  delete form.slot.input.dataset.chosen;
  for (const f of [form.find, form.name, form.phone, form.institution, form.idNumber, form.purpose, form.person, form.note,
    form.letterNumber, form.letterInstitution, form.topic, form.questions, form.documents, form.contact]) {
    f.input.value = '';
  }
  form.group.input.value = '1';
  form.idNumber.input.placeholder = '';
  form.institutional.input.checked = false;
  form.institution.hidden = true;
  form.pickedNote.textContent = '';
  for (const c of form.checklist.items || []) c.input.checked = false;
  form.proposal.input.checked = false;
  updateCounter();
  loadRequirements();
  if (nextGuest) form.find.input.focus();
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
  closeFound();
  loadRequirements();
  // The next thing to choose: the service (cleared after every check-in), then the purpose.
  form.service.input.focus();
}

// "Cari tamu lama" is a combobox: ↓/↑ move through every match (aria-activedescendant), Enter
// picks the one marked, Escape closes the list; the cursor stays in the search box.
let foundGuests = [];
let activeGuest = -1;

function closeFound() {
  form.found.hidden = true;
  form.find.input.setAttribute('aria-expanded', 'false');
  form.find.input.removeAttribute('aria-activedescendant');
  activeGuest = -1;
}

function markGuest(index) {
  const items = [...form.found.querySelectorAll('.found-guest')];
  if (!items.length) return;
  activeGuest = (index + items.length) % items.length;
  items.forEach((li, i) => li.setAttribute('aria-selected', String(i === activeGuest)));
  form.find.input.setAttribute('aria-activedescendant', items[activeGuest].id);
  items[activeGuest].scrollIntoView({ block: 'nearest' });
}

function findKeys(e) {
  const open = !form.found.hidden && foundGuests.length > 0;
  if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
    if (!open) return;
    e.preventDefault();
    markGuest(activeGuest < 0 && e.key === 'ArrowDown' ? 0 : activeGuest + (e.key === 'ArrowDown' ? 1 : -1));
  } else if (e.key === 'Enter') {
    // Enter picks the guest marked; it never submits the form half-filled.
    e.preventDefault();
    if (open && activeGuest >= 0) pickGuest(foundGuests[activeGuest]);
  } else if (e.key === 'Escape' && !form.found.hidden) {
    e.preventDefault();
    closeFound();
  }
}

let findSeq = 0;

const findGuests = debounce(async () => {
  const query = form.find.input.value.trim();
  const mine = ++findSeq;
  if (query.length < 2) {
    foundGuests = [];
    closeFound();
    return;
  }
  try {
    const found = await call('guest.find', { query });
    if (mine !== findSeq) return; // a newer search is on its way
    // The guest marked stays marked when the list is drawn again for a longer query.
    const marked = activeGuest >= 0 && foundGuests[activeGuest] ? foundGuests[activeGuest].id : null;
    foundGuests = found;
    replace(form.found, found.length
      ? found.map((g, i) => h('li', { class: 'found-guest', id: `found-guest-${i}`, role: 'option', 'aria-selected': 'false',
        dataset: { index: i, guestId: g.id },
        // mousedown, not click: the search box keeps the focus until the pick.
        onmousedown: (e) => { e.preventDefault(); pickGuest(g); } },
      h('strong', null, g.name), ` · ${g.institution || 'Pribadi/masyarakat'} · ${g.id_type_label} ${g.id_masked}`,
      g.phone_masked ? ` · ${g.phone_masked}` : ''))
      : h('li', { class: 'muted' }, 'Tidak ada tamu lama yang cocok; isi sebagai tamu baru.'));
    form.found.hidden = false;
    // Which query the list answers (tests wait for the one they typed).
    form.found.dataset.query = query;
    form.find.input.setAttribute('aria-expanded', 'true');
    activeGuest = -1;
    form.find.input.removeAttribute('aria-activedescendant');
    const again = found.findIndex((g) => g.id === marked);
    if (again >= 0) markGuest(again);
  } catch (e) {
    showError(e);
  }
}, 120);

/** The purpose's length against its limit, said as it is typed; over it, the core refuses. */
function updateCounter() {
  const n = [...form.purpose.input.value.trim()].length;
  form.purposeCount.textContent = `${n}/500 karakter`;
  form.purposeCount.classList.toggle('over', n > 500);
  if (n > 500) form.purposeCount.textContent += ' — terlalu panjang; ringkas keperluannya.';
}

/** Asks why, then reopens today after it was closed. */
async function reopenDay() {
  const reason = field('Alasan membuka kembali', { id: 'reopen-reason', required: true, maxlength: 300, placeholder: 'mis. tamu rombongan datang sesudah tutup' });
  const answer = await ask('Buka kembali hari ini', [h('p', null, 'Hari ini sudah ditutup. Dengan membuka kembali, tamu dapat didaftarkan dan kartu disimpan lagi; alasan dan nama Anda dicatat. Tulis alasannya tanpa nama atau data pribadi tamu: catatan ini tidak ikut terhapus bersama data tamu.'), reason],
    () => reason.input.value);
  if (answer === null) return;
  try {
    await call('desk.reopen_day', { reason: answer });
    clearError();
    await refreshDay();
    form.find.input.focus();
  } catch (e) {
    showError(e);
  }
}

/** The form says, before anything is typed, that a closed day takes no new guest. */
function showClosed(day) {
  form.closedBox.hidden = !day.closed;
  if (day.closed) {
    replace(form.closedBox, h('p', null, h('strong', null, `Hari ${day.date_label} sudah ditutup.`),
      ' Check-in tamu baru dan penyimpanan kartu ditolak sampai hari dibuka kembali.'),
    button('Buka kembali hari', reopenDay, { id: 'reopen-day', class: 'btn' }));
  }
}

function buildForm() {
  form = {};
  form.find = field('Cari tamu lama', { id: 'guest-find', type: 'search', autocomplete: 'off', placeholder: 'Nama, telepon, atau nomor kartu — ↓ ↑ pilih, Enter ambil',
    role: 'combobox', 'aria-autocomplete': 'list', 'aria-expanded': 'false', 'aria-controls': 'guest-found', oninput: findGuests, onkeydown: findKeys,
    onblur: () => closeFound() });
  form.found = h('ul', { class: 'found', id: 'guest-found', role: 'listbox', 'aria-label': 'Tamu lama yang cocok', hidden: true });
  form.pickedNote = h('p', { class: 'muted picked' });
  form.name = field('Nama tamu', { id: 'guest-name', required: true, maxlength: 100, autocomplete: 'off' });
  form.phone = field('Telepon', { id: 'guest-phone', inputmode: 'tel', autocomplete: 'off' }, 'Boleh dikosongkan.');
  form.institutional = checkbox('Datang atas nama instansi', { onchange: () => { form.institution.hidden = !isInstitutional(); loadRequirements(); } });
  form.institution = field('Nama instansi', { maxlength: 150 });
  form.institution.hidden = true;
  form.idType = select('Kartu identitas', ID_TYPES);
  form.idNumber = field('Nomor kartu', { id: 'guest-id-number', autocomplete: 'off', inputmode: 'text' }, 'Disimpan tersamar; hanya 4 angka terakhir yang tampil.');
  form.service = servicePicker('Layanan', services, { id: 'visit-service', region: office.setup.region, unit: office.setup.unit, onchange: loadRequirements });
  form.purpose = field('Keperluan', { id: 'visit-purpose', required: true, oninput: () => updateCounter() });
  form.purposeCount = h('span', { class: 'field-hint counter', id: 'visit-purpose-count', 'aria-live': 'polite' }, '0/500 karakter');
  form.purpose.append(form.purposeCount);
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
  // What the receptionist chose stands until the next guest: a live refresh of the free slots
  // never turns "Kartu tidak disimpan" back into a slot.
  form.slot.input.addEventListener('change', () => { form.slot.input.dataset.chosen = '1'; });
  form.drawerFull = h('p', { class: 'warn', id: 'drawer-full', role: 'status', hidden: true },
    'Laci kartu penuh: tidak ada laci kosong untuk kartu tamu ini. Kembalikan kartu tamu yang sudah pulang, atau daftarkan tamu tanpa menyimpan kartunya.');
  form.slotBox = h('div', { class: 'slot-box', hidden: true }, form.slot, form.drawerFull);
  form.error = h('div', { class: 'form-error', role: 'alert', hidden: true });
  form.result = h('div', { class: 'result-box', hidden: true });
  form.closedBox = h('div', { class: 'closed-day', id: 'closed-day', role: 'status', hidden: true });
  form.el = h('form', { class: 'checkin', onsubmit: submit, novalidate: true, 'aria-label': 'Check-in tamu' },
    h('h2', null, 'Check-in tamu'),
    form.closedBox,
    form.result,
    h('div', { class: 'finder-row' }, form.find, button('Tamu baru', resetForm)),
    form.found, form.pickedNote,
    h('div', { class: 'row2' }, form.name, form.phone),
    h('div', { class: 'row2' }, h('div', null, form.institutional, form.institution), h('div', { class: 'row2' }, form.idType, form.idNumber)),
    h('div', { class: 'row2' }, form.service, form.slotBox),
    h('div', { class: 'row2' }, form.purpose, form.official),
    h('div', { class: 'row-person' }, form.person, form.group),
    form.warnings,
    form.checklist,
    h('div', { class: 'row-missing' }, form.note,
      button('Cetak slip kekurangan', () => printSlip(), { id: 'print-missing' })),
    form.letterBox, form.proposalBox, form.blankoBox,
    // Always in view at the bottom of the form, with what stands in the way of submitting.
    h('div', { class: 'checkin-bar' },
      form.error,
      h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn primary big', id: 'checkin-submit' }, 'Daftarkan & beri nomor antrian'),
        h('span', { class: 'muted small' }, 'Enter di kolom isian juga mendaftarkan.'))));
  return form.el;
}

function fillSlots(free) {
  const current = form.slot.input.value;
  const noCard = current === '' && form.slot.input.dataset.chosen === '1';
  replace(form.slot.input, [h('option', { value: '' }, 'Kartu tidak disimpan'), ...free.map((n) => h('option', { value: String(n) }, `Laci ${n}`))]);
  form.slot.input.value = noCard ? '' : (free.includes(Number(current)) ? current : (free.length ? String(free[0]) : ''));
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

/**
 * One row of "Tamu hari ini". Its buttons carry no listener of their own: the list's one
 * click listener (`rowClick`) acts by the button's `data-act` or `data-ending`.
 */
function visitRow(v, entry) {
  const held = v.card.state === 'held';
  const item = rowItem(v);
  const leaves = v.status !== 'left' && v.endings.includes('guest');
  return h('tr', { dataset: { visitId: v.id, status: v.status }, class: v.limit.over ? 'over' : null },
    h('td', { class: 'ticket' }, v.ticket),
    h('td', null, h('div', { class: 'who' }, v.guest.name), h('div', { class: 'muted small' }, v.guest.institution || 'Pribadi/masyarakat')),
    h('td', { class: 'small service-short', title: v.service_name }, v.service_short),
    // The status with where the card is; when the guest came with how long they waited.
    h('td', null, h('span', { class: `status s-${v.status}` }, v.status_label), v.limit.over ? h('span', { class: 'status s-over' }, 'Melebihi batas') : null,
      h('div', { class: 'muted small card-where' }, held ? `Laci ${v.card.slot}${v.card.left_behind ? ' (tertinggal)' : ''}` : (v.card.state === 'returned' ? 'Kartu kembali' : ''))),
    h('td', { class: 'num' }, v.arrived, h('div', { class: 'muted small' }, `tunggu ${minutes(v.waited_minutes)}`)),
    h('td', null, h('div', { class: 'row-actions' },
      button('Rincian', null, { class: 'btn small', title: 'Riwayat, blanko dan koreksi', dataset: { act: 'detail' } }),
      entry ? onBehalfButton(v, { on_behalf: [entry] }, null) : null,
      leaves ? button('Pulang', null, { title: 'Tamu pulang; kartu dikembalikan', class: 'btn small', dataset: { act: 'check-out' } }) : null,
      v.can_hold_card ? button('Simpan kartu', null, { class: 'btn small', title: 'Kartu identitas belum disimpan di laci', dataset: { act: 'hold' } }) : null,
      held ? endingButtons(item, null, ['other', 'left_behind']) : null)));
}

/** A row's visit as the drawer's ending buttons read it. */
function rowItem(v) {
  const held = v.card.state === 'held';
  return { visit_id: v.id, ticket: v.ticket, guest: v.guest.name, held, leftBehind: held && v.card.left_behind, endings: v.endings };
}

function closeDay(day) {
  openClosing({ date: day.date, dateLabel: day.date_label, lines: day.closing, today: true }, async () => {
    showNotice('Hari ditutup. Semua kartu dan tamu sudah tercatat.');
    await refreshDay();
  }, () => refreshDay().catch(showError));
}

/**
 * The right side's parts that a refresh updates in place, built once per desk screen: a busy
 * day's refresh (after every check-in and every live event) touches only the rows that
 * changed, so the web process does not rebuild hundreds of rows and their listeners each time.
 */
let dayView = null;

/** The one click listener of "Tamu hari ini": the row's visit as last drawn, by its id. */
function rowClick(e) {
  const b = e.target.closest('button');
  const tr = b && b.closest('tr[data-visit-id]');
  const row = tr && dayView.rows.get(Number(tr.dataset.visitId));
  if (!row || row.tr !== tr) return;
  const v = row.visit;
  const again = () => refreshDay().catch(showError);
  if (b.dataset.ending) settleEnding(rowItem(v), b.dataset.ending, act);
  else if (b.dataset.act === 'detail') openVisit(v.id, { office, onChanged: again });
  else if (b.dataset.act === 'check-out') act('desk.check_out', { visit_id: v.id });
  else if (b.dataset.act === 'hold') holdCard(v, lastDay ? lastDay.free_slots : [], act);
  else if (b.classList.contains('on-behalf')) openOnBehalfFor(v, lastDay, again);
}

function buildDayView(section) {
  const view = {
    section,
    rows: new Map(),
    banner: document.createComment('earlier days'),
    bannerKey: '',
    counts: h('span', { class: 'muted' }),
    closeButton: button('Tutup hari', () => lastDay && closeDay(lastDay), { class: 'btn', id: 'close-day' }),
    tbody: h('tbody', { onclick: rowClick }),
    empty: h('tr', null, h('td', { colspan: 8, class: 'muted' }, 'Belum ada tamu hari ini.')),
    held: h('p'),
    heldKey: null,
  };
  replace(section,
    view.banner,
    h('div', { class: 'day-head' },
      h('h2', null, 'Tamu hari ini'),
      view.counts,
      liveStatus(),
      button('Cetak blanko kosong', () => printEmptyBlanko(office), { class: 'btn' }),
      view.closeButton),
    h('div', { class: 'table-wrap' },
      h('table', { class: 'visits' },
        h('thead', null, h('tr', null, ['Tiket', 'Tamu', 'Layanan', 'Status · kartu', 'Datang', ''].map((t) => h('th', null, t || h('span', { class: 'visually-hidden' }, 'Tindakan'))))),
        view.tbody)),
    h('h3', null, 'Kartu di laci'),
    view.held);
  return view;
}

/** Puts `next` where `current` is; returns the node now shown. */
function swap(current, next) {
  current.replaceWith(next);
  return next;
}

/** Brings the rows in line with the day's visits, newest first: new rows added, changed rows
 * redrawn in their place, gone rows removed, unchanged rows left alone. */
function updateRows(view, day) {
  const byVisit = new Map((day.on_behalf || []).map((e) => [e.visit_id, e]));
  const seen = new Set();
  let before = view.tbody.firstChild;
  for (let i = day.visits.length - 1; i >= 0; i--) {
    const v = day.visits[i];
    const entry = byVisit.get(v.id);
    const key = JSON.stringify([v, entry || null]);
    seen.add(v.id);
    let row = view.rows.get(v.id);
    if (!row || row.key !== key) {
      const tr = visitRow(v, entry);
      if (row) {
        // The changed row's place: the new one goes where the old one was.
        if (row.tr === before) before = row.tr.nextSibling;
        row.tr.remove();
      }
      row = { tr, key, visit: v };
      view.rows.set(v.id, row);
    }
    if (row.tr !== before) view.tbody.insertBefore(row.tr, before);
    before = row.tr.nextSibling;
  }
  for (const [id, row] of view.rows) {
    if (!seen.has(id)) {
      row.tr.remove();
      view.rows.delete(id);
    }
  }
  if (day.visits.length) view.empty.remove();
  else if (view.empty.parentNode !== view.tbody) view.tbody.append(view.empty);
}

async function refreshDay() {
  const day = await call('desk.today');
  lastDay = day;
  document.getElementById('today').textContent = `${day.date_label} · ${day.zone}`;
  fillSlots(day.free_slots);
  drawerFull();
  showClosed(day);
  const section = root.querySelector('.day');
  if (!dayView || dayView.section !== section) dayView = buildDayView(section);
  const view = dayView;
  const counts = {
    waiting: day.visits.filter((v) => v.status === 'waiting').length,
    served: day.visits.filter((v) => ['finished', 'left'].includes(v.status)).length,
  };
  view.counts.textContent = `${day.visits.length} tamu · ${counts.waiting} menunggu · ${counts.served} selesai · ${day.held.length} kartu di laci`;
  view.closeButton.textContent = day.closed ? 'Hari sudah ditutup' : 'Tutup hari';
  view.closeButton.disabled = day.closed;
  // Earlier days' banner and the drawer's cards: drawn again only when what they show changed.
  const bannerKey = JSON.stringify(day.earlier) + day.earlier_count;
  if (bannerKey !== view.bannerKey) {
    view.bannerKey = bannerKey;
    view.banner = swap(view.banner, earlierBanner(day, act, () => refreshDay().catch(showError)) || document.createComment('earlier days'));
  }
  const heldKey = JSON.stringify(day.held);
  if (heldKey !== view.heldKey) {
    view.heldKey = heldKey;
    view.held = swap(view.held, heldList(day, act));
  }
  updateRows(view, day);
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
      // The receptionist starts where a guest's check-in starts: the search.
      form.find.input.focus();
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
