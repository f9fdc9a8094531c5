// The banner that tells the user, in Bahasa Indonesia, what went wrong.

/** Shows an error's message (a core error carries one in Indonesian). */
export function showError(error) {
  const el = document.getElementById('alert');
  el.textContent = (error && error.message) || 'Terjadi kesalahan yang tidak terduga.';
  el.hidden = false;
}

/** Hides the banner. */
export function clearError() {
  document.getElementById('alert').hidden = true;
}
