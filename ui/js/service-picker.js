// The service at check-in, searched as the receptionist types: the office's own services (its
// kabupaten and bagian) matched by number or name at once, and the catalog's full-text search
// for words that appear elsewhere in a service's standard (its requirements, its procedure).
// Each line shows the number, the name and the time limit. Arrow keys move through the list,
// Enter picks, Escape goes back to the service chosen before; the choice stays when a
// check-in is refused, so nothing typed is lost. Given `group`, the list is headed by group
// (e.g. the bagian) in the order the services come; given `initial: null`, nothing is
// chosen until the user picks (e.g. a transfer that keeps the service unless told).

import { call } from './api.js';
import { h, replace, debounce } from './dom.js';

let seq = 0;

/** Lower case without accents, for matching what is typed against a name. */
function fold(text) {
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
}

function labelOf(s) {
  return `${s.number}. ${s.name}`;
}

/** The services whose number or name hold every word typed, by number first. */
function matching(services, query) {
  const words = fold(query).split(/\s+/).filter(Boolean);
  if (!words.length) return services;
  const byNumber = services.filter((s) => words.length === 1 && String(s.number) === words[0].replace(/\.$/, ''));
  const byName = services.filter((s) => !byNumber.includes(s) && words.every((w) => fold(labelOf(s)).includes(w)));
  return [...byNumber, ...byName];
}

/**
 * A labelled search-as-you-type picker over `services` (catalog summaries of one region and
 * bagian). `region` and `unit` narrow the catalog search; `onchange` runs when a service is
 * picked; `group(s)` names a service's group for the list's headings; `initial` is the
 * service chosen at first (the first one unless given; null for none). Returns the wrapper:
 * `.value` is the chosen service's id, `.label` its number and name, `.input` the text box
 * (id `id`), `.set(id)` chooses a service, `.clear()` none.
 */
export function servicePicker(label, services, options = {}) {
  const { id, region, unit, onchange, group, placeholder } = options;
  const listId = `${id || 'service'}-list-${++seq}`;
  const required = !('initial' in options) || options.initial !== null;
  let chosen = 'initial' in options ? options.initial : (services[0] || null);
  let shown = [];
  let active = -1;
  let searchSeq = 0;

  const input = h('input', {
    id, type: 'text', autocomplete: 'off', spellcheck: 'false', required, role: 'combobox',
    'aria-autocomplete': 'list', 'aria-expanded': 'false', 'aria-controls': listId,
    placeholder: placeholder || 'Ketik nomor atau nama layanan',
  });
  const list = h('ul', { class: 'found service-options', id: listId, role: 'listbox', hidden: true });
  const hint = h('span', { class: 'field-hint service-limit' });
  const wrap = h('div', { class: 'field service-picker' },
    h('label', { class: 'field-label', for: input.id || undefined }, label, required ? h('span', { class: 'req', 'aria-hidden': 'true' }, ' *') : null),
    input, list, hint);

  function showChosen() {
    input.value = chosen ? labelOf(chosen) : '';
    input.dataset.service = chosen ? chosen.id : '';
    input.title = input.value;
    hint.textContent = chosen ? `Batas waktu: ${chosen.time_limit_label}` : '';
  }

  function close() {
    list.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
    active = -1;
  }

  function highlight(index) {
    const items = [...list.querySelectorAll('.service-option')];
    if (!items.length) return;
    active = (index + items.length) % items.length;
    items.forEach((li, i) => li.setAttribute('aria-selected', String(i === active)));
    input.setAttribute('aria-activedescendant', items[active].id);
    items[active].scrollIntoView({ block: 'nearest' });
  }

  function pick(s) {
    const changed = !chosen || chosen.id !== s.id;
    chosen = s;
    showChosen();
    close();
    if (changed && onchange) onchange(s);
  }

  /** Draws the matches; `why` says, for a full-text hit, where the words were found. */
  function render(matches, why = new Map()) {
    shown = matches;
    const heading = (s, i) => (group && (i === 0 || group(matches[i - 1]) !== group(s))
      ? h('li', { class: 'sp-group', role: 'presentation' }, group(s)) : null);
    replace(list, matches.length
      ? matches.map((s, i) => [heading(s, i), h('li', {
        class: 'service-option', id: `${listId}-${i}`, role: 'option', 'aria-selected': 'false', dataset: { service: s.id },
        // mousedown, not click: the box must not lose the pick to its own blur.
        onmousedown: (e) => { e.preventDefault(); pick(s); },
      },
      h('span', { class: 'sp-no' }, `${s.number}.`),
      h('span', { class: 'sp-name' }, s.name, why.has(s.id) ? h('span', { class: 'muted small' }, ` — cocok di ${why.get(s.id)}`) : null),
      h('span', { class: 'sp-time muted small' }, s.time_limit_label))])
      : h('li', { class: 'muted' }, group ? 'Tidak ada layanan yang cocok.' : 'Tidak ada layanan bagian ini yang cocok.'));
    list.hidden = false;
    input.setAttribute('aria-expanded', 'true');
    active = -1;
    if (matches.length) highlight(0);
  }

  // The catalog's full text: words from the requirements or the procedure find a service
  // whose name does not hold them.
  const searchCatalog = debounce(async (query) => {
    const mine = ++searchSeq;
    try {
      const answer = await call('catalog.search', { query, region, unit, limit: 20 });
      if (mine !== searchSeq || input.value !== query) return;
      const why = new Map();
      const more = [];
      for (const hit of answer.hits) {
        const s = services.find((x) => x.id === hit.service.id);
        if (!s || shown.includes(s)) continue;
        more.push(s);
        if (hit.matches && hit.matches[0]) why.set(s.id, hit.matches[0].label);
      }
      if (more.length) render([...shown, ...more], why);
    } catch {
      // The local matches stay; the search is a help, not a need.
    }
  }, 150);

  input.addEventListener('focus', () => input.select());
  input.addEventListener('input', () => {
    const query = input.value.trim();
    render(matching(services, query));
    if (query.length >= 3) searchCatalog(input.value);
  });
  input.addEventListener('keydown', (e) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      if (list.hidden) render(matching(services, chosen && input.value === labelOf(chosen) ? '' : input.value));
      else highlight(active + (e.key === 'ArrowDown' ? 1 : -1));
    } else if (e.key === 'Enter') {
      if (!list.hidden) {
        // Enter picks; it does not submit the form half-filled.
        e.preventDefault();
        if (active >= 0 && shown[active]) pick(shown[active]);
      }
    } else if (e.key === 'Escape') {
      if (!list.hidden) {
        e.preventDefault();
        close();
        showChosen();
      }
    }
  });
  input.addEventListener('blur', () => {
    close();
    // Half-typed text never stands for a service: the choice shown is the one that counts.
    showChosen();
  });

  showChosen();
  wrap.input = input;
  Object.defineProperty(wrap, 'value', { get: () => (chosen ? chosen.id : '') });
  Object.defineProperty(wrap, 'label', { get: () => (chosen ? labelOf(chosen) : '') });
  wrap.set = (serviceId) => {
    const s = services.find((x) => x.id === serviceId);
    if (s) pick(s);
  };
  /** No service chosen: the next guest's is typed afresh. */
  wrap.clear = () => {
    chosen = null;
    close();
    showChosen();
  };
  return wrap;
}
