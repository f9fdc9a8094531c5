// "Buka layar ruang tunggu", in the top bar for the desk (receptionist, admin). In the desktop
// app it opens the waiting-room display as a second window — full screen on a second monitor
// when there is one — on the LAN server's own address, so that the calls are heard and follow
// live; clicking again brings the open one to the front. In a browser it shows the display's
// address to open on the TV instead (the TV asks for its display token once; the admin makes
// it in Pengaturan). The desktop's display token never appears on screen.

import { desktopInvoke, LoketError, token } from './api.js';
import { h, replace } from './dom.js';
import { button } from './form.js';
import { showError, showNotice } from './alert.js';

const DESK_ROLES = new Set(['resepsionis', 'admin']);

function fail(err) {
  document.getElementById('alert').classList.remove('ok');
  showError(err && err.code ? new LoketError(err) : { message: String(err) });
}

async function openDisplay(e) {
  const invoke = desktopInvoke();
  if (!invoke) {
    const address = `${location.origin}/display.html`;
    showNotice(`Buka alamat ini di peramban TV ruang tunggu: ${address} — layar meminta token layar sekali; `
      + 'admin membuatnya di Pengaturan, bagian "Token layar ruang tunggu".');
    return;
  }
  const btn = e.currentTarget;
  btn.disabled = true;
  try {
    const done = await invoke('open_display', { token: token() });
    if (!done.opened) showNotice('Layar ruang tunggu sudah terbuka; jendelanya dibawa ke depan.');
    else if (done.fullscreen) showNotice('Layar ruang tunggu dibuka layar penuh di monitor kedua.');
    else showNotice('Layar ruang tunggu dibuka di jendela baru. Seret ke monitor TV bila ada.');
  } catch (err) {
    fail(err);
  } finally {
    btn.disabled = false;
  }
}

/** Shows the action in `#display-action` for the desk's roles, nothing for the others. */
export function showDisplayAction(me) {
  const el = document.getElementById('display-action');
  if (!el) return;
  const allowed = !!(me && DESK_ROLES.has(me.role));
  // Drawn once per login: a button replaced under a click would swallow it.
  if (allowed === !!document.getElementById('open-display')) return;
  replace(el, me && DESK_ROLES.has(me.role)
    ? button('Buka layar ruang tunggu', openDisplay, { class: 'btn small', id: 'open-display' })
    : []);
}
