// The banner that tells the user, in Bahasa Indonesia, what went wrong — or, in green, that
// what they asked for was done.

/** Shows an error's message (a core error carries one in Indonesian). */
export function showError(error) {
  const el = document.getElementById('alert');
  el.textContent = (error && error.message) || 'Terjadi kesalahan yang tidak terduga.';
  el.classList.remove('ok');
  el.setAttribute('role', 'alert');
  el.hidden = false;
}

/**
 * Shows that something was done. It stays until the user's next action (`clearNotice`) or
 * the next message, even when the screen redraws itself after saving.
 */
export function showNotice(message) {
  const el = document.getElementById('alert');
  el.textContent = message;
  el.classList.add('ok');
  el.setAttribute('role', 'status');
  el.hidden = false;
}

/** Hides an error; a success notice stays (it goes with `clearNotice` or the next message). */
export function clearError() {
  const el = document.getElementById('alert');
  if (!el.classList.contains('ok')) el.hidden = true;
}

/** Hides the banner, whatever it says. */
export function clearNotice() {
  const el = document.getElementById('alert');
  el.hidden = true;
  el.classList.remove('ok');
}
