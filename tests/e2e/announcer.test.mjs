// The waiting-room voice when many guests are called at once (a busy opening): every call is
// said, whole and in the order it was made, none cut off or left out; a call that repeats one
// still waiting to start is said once, and a recall made after its call began is said again.
//
// The announcer module (ui/js/announcer.js) runs in headless Debian chromium, served from ui/
// by a small static server; its audio elements are replaced by stand-ins that "play" each
// clip for a few milliseconds, so the test checks the queue's order, not the sound card.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { root, launchChromium } from './lan-hub.mjs';

const TYPES = { '.js': 'text/javascript', '.html': 'text/html' };
let server;
let base;
let browser;

before(async () => {
  server = createServer(async (req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    if (path === '/') {
      res.writeHead(200, { 'Content-Type': 'text/html' });
      res.end('<!doctype html><html lang="id"><body></body></html>');
      return;
    }
    try {
      const file = normalize(join(root, 'ui', path));
      if (!file.startsWith(join(root, 'ui'))) throw new Error('outside ui/');
      const body = await readFile(file);
      res.writeHead(200, { 'Content-Type': TYPES[extname(file)] || 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  base = `http://127.0.0.1:${server.address().port}`;
  browser = await launchChromium();
});

after(async () => {
  if (browser) await browser.close();
  if (server) server.close();
});

/** Replaces `Audio` with stand-ins: a clip plays for 15 ms, never two at once. */
function fakeAudio() {
  window.__overlaps = 0;
  let playing = 0;
  window.Audio = class extends EventTarget {
    constructor() {
      super();
      this.src = '';
      this.currentTime = 0;
      this.muted = false;
      this.preload = '';
    }

    play() {
      playing += 1;
      if (playing > 1) window.__overlaps += 1;
      setTimeout(() => {
        playing -= 1;
        this.dispatchEvent(new Event('ended'));
      }, 15);
      return Promise.resolve();
    }

    pause() {}
  };
}

/** The clips of a call as the hub makes them: "Nomor antrian P, nol, nol, <n>, silakan menuju ruang …". */
function callClips(digit, room) {
  return ['chime', 'nomor-antrian', 'huruf-p', 'nol', 'nol', digit, 'silakan-menuju', 'kata-ruang', ...room];
}

test('six calls at once are all said, whole and in order; a pending duplicate is said once', async () => {
  const page = await browser.newPage();
  await page.addInitScript(fakeAudio);
  await page.goto(base);
  const calls = [
    callClips('satu', ['kata-kepala', 'kata-sub', 'kata-bagian']),
    callClips('dua', ['kata-analis']),
    callClips('tiga', ['kata-kepala', 'kata-bagian']),
    callClips('empat', ['kata-analis']),
    callClips('lima', ['kata-kepala', 'kata-sub', 'kata-bagian']),
    callClips('enam', ['kata-analis']),
  ];
  const played = await page.evaluate(async (calls) => {
    const { announce } = await import('/js/announcer.js');
    // A busy opening: six calls within the same moment, and the fifth one made twice (a
    // recall before the first call of it was even heard).
    calls.forEach((clips) => announce(clips));
    announce(calls[4]);
    const deadline = Date.now() + 60000;
    while (window.__queueLength > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    return window.__played.slice();
  }, calls);
  assert.deepEqual(played, calls.flat(), 'every call, whole, in the order made; the pending duplicate once');
  assert.equal(await page.evaluate(() => window.__overlaps), 0, 'never two clips at once');
  await page.close();
});

test('a recall made while its first call is being said is said again after it', async () => {
  const page = await browser.newPage();
  await page.addInitScript(fakeAudio);
  await page.goto(base);
  const first = callClips('tujuh', ['kata-analis']);
  const other = callClips('delapan', ['kata-analis']);
  const played = await page.evaluate(async ([first, other]) => {
    const { announce } = await import('/js/announcer.js');
    announce(first);
    // The call has started (its chime is playing) when the official calls again.
    while (!window.__played.length) await new Promise((r) => setTimeout(r, 5));
    announce(other);
    announce(first);
    while (window.__queueLength > 0) await new Promise((r) => setTimeout(r, 50));
    return window.__played.slice();
  }, [first, other]);
  assert.deepEqual(played, [...first, ...other, ...first]);
  await page.close();
});
