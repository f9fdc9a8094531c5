// Form building blocks shared by the desk, official and settings screens: labelled fields
// that read back their values, and a way to show a refusal next to the form.

import { h } from './dom.js';

let seq = 0;

/** A labelled input; `attrs` go to the input. Returns the wrapper; `.input` is the input. */
export function field(label, attrs = {}, hint) {
  const id = attrs.id || `f${++seq}`;
  const tag = attrs.multiline ? 'textarea' : 'input';
  const { multiline, ...rest } = attrs;
  const input = h(tag, { id, ...rest });
  const wrap = h('label', { class: 'field', for: id },
    h('span', { class: 'field-label' }, label, rest.required ? h('span', { class: 'req', 'aria-hidden': 'true' }, ' *') : null),
    input,
    hint ? h('span', { class: 'field-hint' }, hint) : null);
  wrap.input = input;
  return wrap;
}

/** A labelled select of `[value, text]` options (or option groups `{ group, options }`). */
export function select(label, options, attrs = {}) {
  const id = attrs.id || `f${++seq}`;
  const build = (list) => list.map((o) => (o.group
    ? h('optgroup', { label: o.group }, build(o.options))
    : h('option', { value: o[0] }, o[1])));
  const input = h('select', { id, ...attrs }, build(options));
  const wrap = h('label', { class: 'field', for: id }, h('span', { class: 'field-label' }, label), input);
  wrap.input = input;
  return wrap;
}

/** A checkbox with its label. */
export function checkbox(label, attrs = {}) {
  const input = h('input', { type: 'checkbox', ...attrs });
  const wrap = h('label', { class: 'check' }, input, h('span', null, label));
  wrap.input = input;
  return wrap;
}

/** The trimmed value of a field, or null when empty. */
export function value(wrap) {
  const v = wrap.input.value.trim();
  return v === '' ? null : v;
}

/** A button. */
export function button(text, onclick, attrs = {}) {
  return h('button', { type: 'button', class: 'btn', onclick, ...attrs }, text);
}

/** Minutes as "1 j 05 m" or "12 m". */
export function minutes(m) {
  if (m === null || m === undefined) return '–';
  if (m < 60) return `${m} m`;
  return `${Math.floor(m / 60)} j ${String(m % 60).padStart(2, '0')} m`;
}
