// The one date field of Loket: a text input that reads and writes "hh/bb/tttt" (07/12/2026 is
// 7 December) in every browser and in the desktop window, where `<input type="date">` would
// follow the system's language (12/07/2026 in English). Screens read and set ISO through
// `dateValue` / `setDate`, which is what the API takes.

import { h } from './dom.js';
import { isoToDmy, dmyToIso } from './dates.js';

let seq = 0;
const INVALID = 'Tanggal tidak dikenali. Tulis hari/bulan/tahun, mis. 07/12/2026.';

// What is wrong is said in Indonesian by the screen (`dateValue`), not in the browser's
// language by its own validation bubble: the field is only marked.
function check(input) {
  const text = input.value.trim();
  const ok = text === '' || dmyToIso(text) !== null;
  if (ok) {
    input.removeAttribute('aria-invalid');
    input.removeAttribute('title');
  } else {
    input.setAttribute('aria-invalid', 'true');
    input.setAttribute('title', INVALID);
  }
  return ok;
}

/**
 * A date input (not yet labelled): `value` ISO. On leaving the field a valid date is written
 * out in full (7/12/2026 → 07/12/2026), an invalid one is flagged.
 */
export function dateInput({ value, id, required, ...rest } = {}) {
  const input = h('input', {
    type: 'text', id: id || `d${++seq}`, inputmode: 'numeric', autocomplete: 'off', maxlength: 10,
    placeholder: 'hh/bb/tttt', required, class: 'date-input', ...rest,
  });
  input.value = isoToDmy(value);
  input.addEventListener('input', () => { if (input.hasAttribute('aria-invalid')) check(input); });
  input.addEventListener('change', () => {
    if (check(input)) {
      const iso = dmyToIso(input.value);
      if (iso) input.value = isoToDmy(iso);
    }
  });
  return input;
}

/** A labelled date field like `form.field`; `.input` is the input. */
export function dateField(label, attrs = {}, hint) {
  const input = dateInput(attrs);
  const wrap = h('label', { class: 'field', for: input.id },
    h('span', { class: 'field-label' }, label, attrs.required ? h('span', { class: 'req', 'aria-hidden': 'true' }, ' *') : null),
    input,
    h('span', { class: 'field-hint' }, 'hari/bulan/tahun, mis. 07/12/2026', hint ? ` · ${hint}` : ''));
  wrap.input = input;
  return wrap;
}

/**
 * The ISO date of a date input, null when empty; throws an error with the Indonesian message
 * (as a refusal from the core does) when what was typed is not a date.
 */
export function dateValue(input) {
  const text = input.value.trim();
  if (text === '') return null;
  const iso = dmyToIso(text);
  if (!iso) {
    check(input);
    input.focus();
    const label = input.labels && input.labels[0] ? input.labels[0].querySelector('.field-label') : null;
    const name = label ? label.textContent.replace(/\s*\*$/, '') : 'Tanggal';
    throw new Error(`${name}: "${text}" bukan tanggal. Tulis hari/bulan/tahun, mis. 07/12/2026.`);
  }
  return iso;
}

/** Sets a date input from an ISO date (empty for null). */
export function setDate(input, iso) {
  input.value = isoToDmy(iso);
  check(input);
}
