// The page's permission to play sound. Browsers allow sound only after the user touched the
// page: the first tap, click or key anywhere (logging in included) creates or wakes the
// audio context, so that an official's chimes can play later. Loaded with the page, not with
// the official's screen: that screen's module comes only when it is first shown, after the
// taps that logged the official in.

let audio = null;
const listeners = new Set();

/** Creates or wakes the audio context; the first user gesture anywhere calls it. */
export function unlockSound() {
  try {
    audio = audio || new AudioContext();
    if (audio.state !== 'running') audio.resume().then(notify, () => {});
  } catch {
    audio = null; // no audio here: the screens still change
  }
  notify();
}

function notify() {
  listeners.forEach((listener) => listener(soundReady()));
}

['pointerdown', 'touchend', 'keydown'].forEach((type) =>
  document.addEventListener(type, unlockSound, { capture: true, passive: true }));

/** Whether a sound played now would be heard. */
export function soundReady() {
  return Boolean(audio && audio.state === 'running');
}

/** The audio context, once sound is allowed (null before). */
export function audioContext() {
  return soundReady() ? audio : null;
}

/** Calls `listener(ready)` whenever sound becomes allowed (or is tried). */
export function onSoundState(listener) {
  listeners.add(listener);
}
