/* Live queue changes from /v1/moderation/events.
 *
 * Read with fetch and a stream reader, because EventSource cannot send the key in a
 * header. When the connection drops it reconnects with Last-Event-ID, and the service
 * first sends what was missed, or a "reset" event when it no longer has it. */

// Waits before reconnecting, by failed attempts in a row (the first: the link dropped).
const RETRY_MS = [1000, 2000, 5000, 10000, 15000];
// The service sends a comment at least every 15 s; silence for longer means a dead link.
const SILENCE_MS = 40000;

export class LiveStream {
  // on: {event(data), reset(), state("live" | "connecting")}
  constructor(client, on) {
    this.client = client;
    this.on = on;
    this.lastEventId = null;
    this.controller = null;
  }

  start() {
    this.stopped = false;
    this.run();
  }

  stop() {
    this.stopped = true;
    this.controller?.abort();
  }

  async run() {
    this.on.state("connecting");
    for (let failures = 0; !this.stopped; ) {
      failures = (await this.connect()) ? 0 : failures + 1;
      if (this.stopped) return;
      this.on.state("connecting");
      const wait = RETRY_MS[Math.min(failures, RETRY_MS.length - 1)];
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }

  // One connection, read to its end; whether it was ever open.
  async connect() {
    let open = false;
    try {
      this.controller = new AbortController();
      const headers = this.client.headers({ Accept: "text/event-stream" });
      if (this.lastEventId) headers["Last-Event-ID"] = this.lastEventId;
      const response = await fetch(this.client.url("v1/moderation/events"), {
        headers,
        credentials: "omit",
        cache: "no-store",
        signal: this.controller.signal,
      });
      if (response.status === 401) {
        this.stopped = true;
        this.client.unauthorized();
      }
      if (!response.ok || !response.body) return false;
      open = true;
      this.on.state("live");
      await this.read(response.body.pipeThrough(new TextDecoderStream()).getReader());
    } catch {
      /* refused, dropped or aborted: the caller tries again */
    }
    return open;
  }

  async read(reader) {
    const parser = new EventParser((type, data) => this.dispatch(type, data));
    let watchdog = null;
    const watch = () => {
      clearTimeout(watchdog);
      watchdog = setTimeout(() => this.controller.abort(), SILENCE_MS);
    };
    try {
      for (watch(); ; watch()) {
        const { value, done } = await reader.read();
        if (done) return;
        parser.feed(value);
        if (parser.lastEventId !== null) this.lastEventId = parser.lastEventId;
      }
    } finally {
      clearTimeout(watchdog);
    }
  }

  dispatch(type, data) {
    if (type === "reset") return this.on.reset();
    if (type !== "queue") return;
    try {
      this.on.event(JSON.parse(data));
    } catch {
      /* not an event this console understands */
    }
  }
}

// The text/event-stream format (HTML's "server-sent events" parsing rules).
export class EventParser {
  constructor(dispatch) {
    this.dispatch = dispatch;
    this.pending = "";
    this.lastEventId = null;
    this.reset();
  }

  reset() {
    this.type = "";
    this.data = [];
    this.id = null;
  }

  feed(text) {
    let buffered = this.pending + text;
    // A CR at the end may be the first half of a CRLF: it ends no line yet.
    const heldCR = buffered.endsWith("\r");
    if (heldCR) buffered = buffered.slice(0, -1);
    const lines = buffered.split(/\r\n|\r|\n/);
    this.pending = lines.pop() + (heldCR ? "\r" : "");
    for (const line of lines) this.line(line);
  }

  line(line) {
    if (line === "") return this.end();
    if (line.startsWith(":")) return;
    const colon = line.indexOf(":");
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
    if (field === "event") this.type = value;
    else if (field === "data") this.data.push(value);
    else if (field === "id" && !value.includes("\0")) this.id = value;
  }

  end() {
    if (this.id !== null) this.lastEventId = this.id;
    if (this.data.length) this.dispatch(this.type || "message", this.data.join("\n"));
    this.reset();
  }
}
