// Dates as an Indonesian reads and writes them, whatever the browser's language: "07/12/2026"
// (day first), times "14.05", always in the office's time zone. The API speaks ISO
// ("2026-12-07"); only this module turns one into the other.

/** "2026-12-07" → "07/12/2026"; empty for empty. */
export function isoToDmy(iso) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || '');
  return m ? `${m[3]}/${m[2]}/${m[1]}` : '';
}

/**
 * What the user typed ("07/12/2026", "7/12/2026", "07-12-2026", "07.12.2026") → "2026-12-07";
 * null when it is not a real date.
 */
export function dmyToIso(text) {
  const m = /^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*$/.exec(text || '');
  if (!m) return null;
  const [day, month, year] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const d = new Date(Date.UTC(year, month - 1, day));
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return null;
  return `${m[3]}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function parts(date, zone) {
  const options = { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' };
  if (zone) options.timeZone = zone;
  const out = {};
  for (const p of new Intl.DateTimeFormat('en-GB', options).formatToParts(date)) out[p.type] = p.value;
  return out;
}

/** A moment (ISO/RFC 3339, UTC or not) in the office's `zone`: "07/12/2026 14.05"; "—" for none. */
export function stamp(iso, zone) {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return String(iso);
  const p = parts(date, zone);
  return `${p.day}/${p.month}/${p.year} ${p.hour}.${p.minute}`;
}

/** Today's office day in `zone` as ISO ("2026-12-07"). */
export function todayIso(zone) {
  const p = parts(new Date(), zone);
  return `${p.year}-${p.month}-${p.day}`;
}

/** The clock now in `zone`: "14.05". */
export function clockNow(zone) {
  const p = parts(new Date(), zone);
  return `${p.hour}.${p.minute}`;
}
