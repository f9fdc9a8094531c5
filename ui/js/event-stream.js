// The hub's live stream (`GET /api/events`) read with `fetch`, so that the session token
// travels in the `Authorization` header and never in the address (the hub refuses
// `?token=`: addresses end up in logs and histories). Shaped like the browser's EventSource —
// `readyState`, `onopen`, `onmessage`, `onerror`, `close()` — but it does not retry by
// itself: when the stream ends (the session ended, the hub stopped), it is CLOSED and the
// page decides when to open another.

export class TokenEventSource {
  static CONNECTING = 0;
  static OPEN = 1;
  static CLOSED = 2;

  /** Opens the stream of the hub this page came from, for `token`. */
  constructor(token) {
    this.readyState = TokenEventSource.CONNECTING;
    this.onopen = null;
    this.onmessage = null;
    this.onerror = null;
    this.abort = new AbortController();
    this.read(token);
  }

  async read(token) {
    try {
      const response = await fetch('/api/events', {
        headers: { Authorization: `Bearer ${token}`, Accept: 'text/event-stream' },
        cache: 'no-store',
        signal: this.abort.signal,
      });
      if (!response.ok || !response.body) throw new Error(`status ${response.status}`);
      if (this.readyState === TokenEventSource.CLOSED) return;
      this.readyState = TokenEventSource.OPEN;
      if (this.onopen) this.onopen();
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let text = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        text += value.replace(/\r\n?/g, '\n');
        let end;
        while ((end = text.indexOf('\n\n')) >= 0) {
          const block = text.slice(0, end);
          text = text.slice(end + 2);
          const data = block.split('\n').filter((l) => l.startsWith('data:')).map((l) => l.slice(5).trimStart());
          if (data.length && this.onmessage && this.readyState === TokenEventSource.OPEN) {
            this.onmessage({ data: data.join('\n') });
          }
        }
      }
    } catch (e) {
      // Aborted by close(), refused, or the network went away: all end the stream.
    }
    if (this.readyState !== TokenEventSource.CLOSED) {
      this.readyState = TokenEventSource.CLOSED;
      if (this.onerror) this.onerror();
    }
  }

  close() {
    this.readyState = TokenEventSource.CLOSED;
    this.abort.abort();
  }
}
