// The top bar's clock: the office's time ("14.05 WITA"), whatever the zone of the PC or
// phone, ticking on the minute.

import { call } from './api.js';
import { clockNow } from './dates.js';

let timer = null;

/** Starts the clock in the top bar (once); the zone comes from the office's setup. */
export async function startClock() {
  if (timer) return;
  const el = document.getElementById('clock');
  if (!el) return;
  let zone;
  let label = '';
  try {
    const office = await call('office.get');
    zone = office.timezone || undefined;
    label = office.zone || '';
  } catch {
    // Before the office is set up: the PC's own time, without a zone name.
  }
  const tick = () => {
    el.textContent = `${clockNow(zone)}${label ? ` ${label}` : ''}`;
    timer = setTimeout(tick, 60000 - (Date.now() % 60000) + 50);
  };
  el.hidden = false;
  tick();
}
