// Logging in: the first run creates the admin; after that every screen asks for a user and a
// PIN, and comes back here when the session ends. The top bar shows who is logged in.

import { call, setToken, token, onSessionEnded, desktopInvoke } from './api.js';
import { h, replace } from './dom.js';
import { field, button } from './form.js';
import { unencryptedNotice } from './transport.js';

let onReady;
let current = null;
let announced = false;

/**
 * Tells the desktop shell, once, that the first screen answers (it logs how long the start
 * took: the figure `scripts/measure-desktop.mjs` reads). Nothing in a browser.
 */
function announceReady() {
  if (announced) return;
  announced = true;
  const invoke = desktopInvoke();
  if (invoke) invoke('window_ready').catch(() => {});
}

/** The logged-in user (or display), as the server knows it. */
export function currentUser() {
  return current;
}

function overlay() {
  return document.getElementById('login');
}

function showUser(me) {
  current = me;
  const who = document.getElementById('who');
  replace(who, me ? [h('span', null, `${me.display_name} · ${me.role_label || me.role.replace('_', ' ')}`),
    button('Keluar', logout, { class: 'btn small', id: 'logout' })] : []);
}

async function logout() {
  try {
    await call('auth.logout');
  } finally {
    setToken(null);
    showUser(null);
    await askLogin();
  }
}

function errorBox() {
  return h('div', { class: 'form-error', role: 'alert', hidden: true });
}

function fail(box, e) {
  box.textContent = e.message;
  box.hidden = false;
}

async function enter(op, args, box) {
  try {
    const session = await call(op, args);
    setToken(session.token);
    // Who this is as the core knows them, with the screens they may open and where they land.
    const me = await call('auth.whoami').catch(() => session.principal);
    overlay().hidden = true;
    showUser(me);
    if (onReady) onReady(me, { fresh: true });
  } catch (e) {
    fail(box, e);
  }
}

function firstRunForm() {
  const username = field('Nama pengguna admin', { id: 'boot-user', value: 'admin', autocomplete: 'off' });
  const name = field('Nama lengkap', { id: 'boot-name', required: true });
  const pin = field('PIN (6–12 angka, tidak berurutan)', { id: 'boot-pin', type: 'password', inputmode: 'numeric', autocomplete: 'new-password' });
  const again = field('Ulangi PIN', { id: 'boot-pin2', type: 'password', inputmode: 'numeric', autocomplete: 'new-password' });
  const box = errorBox();
  return h('form', { class: 'login-card', onsubmit: (e) => {
    e.preventDefault();
    if (pin.input.value !== again.input.value) {
      fail(box, { message: 'PIN dan ulangannya tidak sama.' });
      return;
    }
    enter('auth.bootstrap', { username: username.input.value, display_name: name.input.value, pin: pin.input.value }, box);
  } },
  h('img', { src: 'img/icon.svg', alt: '', width: 56, height: 56 }),
  h('h1', null, 'Selamat datang di Loket'),
  h('p', { class: 'muted' }, 'Buat akun admin pertama. Admin lalu mengatur kantor, pejabat, dan akun petugas.'),
  unencryptedNotice(),
  username, name, pin, again, box,
  h('button', { type: 'submit', class: 'btn primary big', id: 'boot-submit' }, 'Buat admin dan masuk'));
}

function loginForm() {
  const username = field('Nama pengguna', { id: 'login-user', autocomplete: 'username', autofocus: true });
  const pin = field('PIN', { id: 'login-pin', type: 'password', inputmode: 'numeric', autocomplete: 'current-password' });
  const box = errorBox();
  return h('form', { class: 'login-card', onsubmit: (e) => {
    e.preventDefault();
    enter('auth.login', { username: username.input.value, pin: pin.input.value }, box);
    pin.input.value = '';
  } },
  h('img', { src: 'img/icon.svg', alt: '', width: 56, height: 56 }),
  h('h1', null, 'Masuk ke Loket'),
  unencryptedNotice(),
  username, pin, box,
  h('button', { type: 'submit', class: 'btn primary big', id: 'login-submit' }, 'Masuk'));
}

async function askLogin() {
  const status = await call('auth.status');
  replace(overlay(), status.has_accounts ? loginForm() : firstRunForm());
  overlay().hidden = false;
  const first = overlay().querySelector('input');
  if (first) first.focus();
  announceReady();
}

/**
 * Makes sure someone is logged in, then calls `ready(principal, { fresh })` (again after every
 * new login, e.g. when a session has expired; `fresh` when the user has just logged in).
 */
export async function requireLogin(ready) {
  onReady = ready;
  onSessionEnded(() => { showUser(null); askLogin(); });
  if (token()) {
    try {
      const me = await call('auth.whoami');
      showUser(me);
      ready(me, { fresh: false });
      announceReady();
      return;
    } catch {
      setToken(null);
    }
  }
  await askLogin();
}
