// The waiting-room display's voice: each call is a list of clip ids (see data/audio/README.md)
// played from /audio/<id>.wav one after another, with the short pauses the clips are cut for,
// one call after another: never two clips at once, never one cut off by the next call, and
// never one left out, however many are waiting.
//
// Two audio elements take turns: one plays a clip while the other loads the next, so the
// clips join without waiting for the network. Browsers refuse sound until someone has touched
// the page (some, per element), unless autoplay is allowed (`probeAutoplay()` tells):
// `unlock()`, called from a click, starts both elements once, muted. A call that cannot
// start waits at the head of the queue until then.
//
// For tests: `window.__played` lists the clips started (at most PLAYED_KEPT, the newest, so a
// display left on all day does not keep every word it said), `window.__queueLength` the calls
// not yet fully played (the one playing included).

/** Pause after a word or a letter. */
const GAP_WORD_MS = 80;
/** Pause after the chime, after "nomor antrian", after "silakan menuju" and before it. */
const GAP_PHRASE_MS = 300;
/** Pause between two calls. */
const GAP_CALL_MS = 1200;
/** A clip never lasts this long (at most 2.5 s): past it, a stalled clip is given up. */
const CLIP_TIMEOUT_MS = 6000;
/** Longest wait for the players to wake on a click (e.g. the hub out of reach). */
const UNLOCK_TIMEOUT_MS = 3000;

const PHRASES = new Set(['chime', 'nomor-antrian', 'silakan-menuju']);
/** Clips kept in `window.__played`: far more than any test plays, a few hundred calls' worth. */
const PLAYED_KEPT = 2000;

const played = (window.__played = window.__played || []);
const queue = [];
const players = [new Audio(), new Audio()];
let turn = 0;
let busy = false;
let unlocking = false;
let soundListener = () => {};

Object.defineProperty(window, '__queueLength', { get: () => queue.length, configurable: true });

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Loads a clip into a player, unless it holds it already; rewinds it. */
function prepare(player, id) {
  if (player.clip !== id) {
    player.clip = id;
    player.preload = 'auto';
    player.src = `/audio/${encodeURIComponent(id)}.wav`;
  } else {
    player.currentTime = 0;
  }
}

/** The pause after `clip` when `next` follows it. */
function gapAfter(clip, next) {
  return PHRASES.has(clip) || next === 'silakan-menuju' ? GAP_PHRASE_MS : GAP_WORD_MS;
}

/**
 * Plays the clip a player holds to its end. Resolves when it ends, or at once when it cannot
 * be played (missing file, no decoder); rejects when the browser refuses sound.
 */
function playOn(player) {
  const id = player.clip;
  return new Promise((resolve, reject) => {
    let timer;
    const detach = () => {
      clearTimeout(timer);
      player.removeEventListener('ended', finish);
      player.removeEventListener('error', failed);
    };
    function finish() {
      detach();
      resolve();
    }
    function failed() {
      detach();
      player.clip = null; // load it afresh next time
      resolve();
    }
    player.addEventListener('ended', finish);
    player.addEventListener('error', failed);
    player.play().then(() => {
      played.push(id);
      if (played.length > PLAYED_KEPT) played.splice(0, played.length - PLAYED_KEPT / 2);
      soundListener(true);
      timer = setTimeout(() => {
        player.pause();
        finish();
      }, CLIP_TIMEOUT_MS);
    }, (e) => {
      if (e && e.name === 'NotAllowedError') {
        detach();
        reject(e);
      } else {
        failed();
      }
    });
  });
}

/** Plays a call's clips in order. Rejects only when sound is refused before it starts. */
async function playCall(clips) {
  for (let i = 0; i < clips.length; i += 1) {
    const player = players[turn];
    turn = 1 - turn;
    prepare(player, clips[i]);
    if (i + 1 < clips.length) prepare(players[turn], clips[i + 1]);
    try {
      await playOn(player);
    } catch (e) {
      if (i === 0) throw e;
    }
    if (i + 1 < clips.length) await sleep(gapAfter(clips[i], clips[i + 1]));
  }
}

/** Plays the queued calls, one after another, until the queue is empty or sound is refused. */
async function pump() {
  if (busy || unlocking) return;
  busy = true;
  try {
    while (queue.length) {
      try {
        await playCall(queue[0]);
      } catch {
        soundListener(false);
        return;
      }
      queue.shift();
      if (queue.length) await sleep(GAP_CALL_MS);
    }
  } finally {
    busy = false;
  }
}

/** Whether two calls say exactly the same words. */
function sameCall(a, b) {
  return a.length === b.length && a.every((clip, i) => clip === b[i]);
}

/**
 * Queues a call's clips to be played after those already queued. No call is ever dropped,
 * however many wait (a busy opening calls many guests at once); only a call that repeats,
 * word for word, one still waiting to start (a recall made before the first call was even
 * heard) joins it instead of being said twice in a row.
 */
export function announce(clips) {
  if (!clips || !clips.length) return;
  const firstWaiting = busy ? 1 : 0;
  if (queue.slice(firstWaiting).some((waiting) => sameCall(waiting, clips))) return;
  queue.push(clips.slice());
  pump();
}

/** Starts one player muted, inside a user's gesture, so that it may play from now on. */
function wake(player) {
  prepare(player, 'chime');
  player.muted = true;
  const settle = () => {
    player.pause();
    player.currentTime = 0;
    player.muted = false;
  };
  return player.play().then(settle, settle);
}

/** Allows sound, from a user's gesture (a click), then plays what waits. */
export function unlock() {
  if (busy || unlocking) return; // playing already: sound is allowed
  unlocking = true;
  Promise.race([Promise.all(players.map(wake)), sleep(UNLOCK_TIMEOUT_MS)]).finally(() => {
    unlocking = false;
    pump();
  });
}

/**
 * Whether this page may play sound without anyone touching it: a browser started with
 * autoplay allowed (a TV in kiosk mode, `--autoplay-policy=no-user-gesture-required`) or the
 * desktop's display window. Tries to play the chime, silent (volume 0, not muted: a muted
 * play is always allowed and would prove nothing). Resolves true when it may, false when
 * the browser refuses (NotAllowedError): then a click is needed (`unlock()`).
 */
export function probeAutoplay() {
  const player = new Audio();
  player.preload = 'auto';
  player.volume = 0;
  player.src = '/audio/chime.wav';
  let attempt;
  try {
    attempt = player.play();
  } catch (e) {
    return Promise.resolve(!(e && e.name === 'NotAllowedError'));
  }
  return Promise.resolve(attempt).then(() => {
    player.pause();
    return true;
  }, (e) => !(e && e.name === 'NotAllowedError'));
}

/** Calls `fn(allowed)` when a clip has played (true) or sound was refused (false). */
export function onSoundChange(fn) {
  soundListener = fn;
}
