/* The comment form: nickname and text, the personal-information check while typing, and
 * a clear message for every way a post can end. */
import { api, commentsPath, loadPolicyNames } from "./api.js";
import { h, nextId, stored, tokens } from "./dom.js";

const SCAN_DELAY_MS = 400;
const STRICTNESS = ["allow", "mask", "hold", "block"];

const codePoints = (text) => Array.from(text).length;

// The service counts offsets in code points; JavaScript strings index UTF-16 units.
// utf16Index(text)[n] is where the n-th code point starts.
const utf16Index = (text) => {
  const index = [0];
  let at = 0;
  for (const char of text) index.push((at += char.length));
  return index;
};

// Random enough to be unique, and unlike crypto.randomUUID also on plain-http pages.
const newIdempotencyKey = () =>
  Array.from(crypto.getRandomValues(new Uint8Array(16)), (byte) =>
    byte.toString(16).padStart(2, "0"),
  ).join("");

const strictest = (findings) =>
  findings.reduce(
    (worst, { action }) => (STRICTNESS.indexOf(action) > STRICTNESS.indexOf(worst) ? action : worst),
    "allow",
  );

// Keeps the spans that an edit from `before` to `after` did not touch, shifted by it.
const moveSpans = (spans, before, after) => {
  const limit = Math.min(before.length, after.length);
  let head = 0;
  while (head < limit && before[head] === after[head]) head++;
  let tail = 0;
  while (tail < limit - head && before.at(-1 - tail) === after.at(-1 - tail)) tail++;
  const editEnd = before.length - tail;
  const shift = after.length - before.length;
  return spans.flatMap((span) => {
    if (span.field !== "body" || span.end <= head) return [span];
    if (span.start >= editEnd) return [{ ...span, start: span.start + shift, end: span.end + shift }];
    return [];
  });
};

// The form for a new comment, or for a reply to `parent`.
export class Composer {
  constructor(widget, parent = null) {
    this.widget = widget;
    this.parent = parent;
    this.t = widget.t;
    // The draft's Idempotency-Key: made on the first attempt, kept while the outcome
    // of a post is unknown, dropped once the service has given a final answer.
    this.key = null;
    this.spans = []; // {field, start, end, type} in UTF-16 units of the current values
    this.spannedBody = "";
    this.scanTimer = 0;
    this.scanAbort = null;
    this.findingsSignature = "";
    this.waitUntil = 0; // set by a 429: no attempt before then
    this.element = this.render();
  }

  render() {
    const t = this.t;
    const id = nextId("composer");
    this.author = h("input", {
      id: `${id}-author`,
      name: "author",
      autocomplete: "nickname",
      maxlength: this.widget.limits.author,
      required: true,
      oninput: () => this.dropSpans("author"),
    });
    this.author.value = stored.get("nickname", "");
    this.body = h("textarea", {
      id: `${id}-body`,
      name: "body",
      rows: 4,
      required: true,
      placeholder: t.placeholder,
      "aria-describedby": `${id}-counter ${id}-findings`,
      oninput: () => this.edited(),
    });
    this.mirror = h("div", { class: "mirror", "aria-hidden": "true" });
    this.counter = h("span", { id: `${id}-counter`, class: "counter" });
    this.summary = h("p", { class: "summary" });
    this.findingList = h("ul");
    this.findings = h("div", { id: `${id}-findings`, class: "findings", hidden: true },
      this.summary, this.findingList);
    this.submitButton = h("button", { type: "submit", class: "primary" },
      this.parent ? t.submitReply : t.submit);
    this.notice = h("p", { class: "notice", role: "status" });
    this.retryButton = h("button", { type: "button", hidden: true, onclick: () => this.submit() },
      t.retry);
    this.fields = h("fieldset", { "aria-label": this.parent ? null : t.write },
      this.parent ? h("legend", {}, t.replyTo(this.parent.author)) : null,
      h("div", { class: "field" },
        h("label", { for: this.author.id }, t.nickname), this.author),
      h("div", { class: "field" },
        h("label", { for: this.body.id }, t.body),
        h("div", { class: "editor" }, this.mirror, this.body),
        this.counter),
      this.findings,
      h("div", { class: "buttons" },
        this.submitButton,
        this.parent ? h("button", { type: "button", onclick: () => this.widget.closeReply() },
          t.cancel) : null));
    this.updateCounter();
    this.renderSpans();
    return h("form", {
      class: this.parent ? "composer reply-composer" : "composer",
      novalidate: true,
      onsubmit: (event) => {
        event.preventDefault();
        this.submit();
      },
      onkeydown: (event) => {
        if (event.key === "Escape" && this.parent) this.widget.closeReply();
      },
    }, this.fields, h("div", { class: "notice-row" }, this.notice, this.retryButton));
  }

  focus() {
    (this.author.value ? this.body : this.author).focus();
  }

  edited() {
    this.updateCounter();
    this.body.removeAttribute("aria-invalid");
    const text = this.body.value;
    this.spans = moveSpans(this.spans, this.spannedBody, text);
    this.spannedBody = text;
    this.renderSpans();
    clearTimeout(this.scanTimer);
    this.scanTimer = setTimeout(() => this.scan(), SCAN_DELAY_MS);
  }

  updateCounter() {
    const count = codePoints(this.body.value);
    const max = this.widget.limits.body;
    this.counter.textContent = this.t.counter(count, max);
    this.counter.classList.toggle("over", count > max);
  }

  // Asks the service what it would find, without posting; only the newest answer counts.
  async scan() {
    this.scanAbort?.abort();
    const text = this.body.value;
    if (!text.trim()) return this.showFindings([], text, { fields: ["body"] });
    this.scanAbort = new AbortController();
    try {
      const { status, data } = await api("POST", "v1/scan", {
        json: { text },
        signal: this.scanAbort.signal,
      });
      if (status === 200 && this.body.value === text) {
        const findings = data.findings.map((finding) => ({ ...finding, field: "body" }));
        await this.showFindings(findings, text, { fields: ["body"] });
      }
    } catch {
      /* the check is advice: without an answer the post is still screened */
    }
  }

  // Marks `findings` (code-point offsets into `body`, or into the nickname for those with
  // field "author") in place of the marks in `fields`. A check while typing sees only the
  // text; the answer to a post (with its `summary`) covers both fields.
  async showFindings(findings, body, { fields = ["body", "author"], summary = null } = {}) {
    const names = await loadPolicyNames();
    if (this.body.value !== body) return; // edited meanwhile: a newer check will follow
    const index = { body: utf16Index(body), author: utf16Index(this.author.value) };
    const found = findings.flatMap((finding) => {
      const field = finding.field === "author" ? "author" : "body";
      const [start, end] = [index[field][finding.start], index[field][finding.end]];
      const name = names[finding.type]?.[this.widget.lang];
      return start === undefined || end === undefined ? [] : [{ field, start, end, name }];
    });
    this.spans = [...this.spans.filter((span) => !fields.includes(span.field)), ...found];
    this.spannedBody = body;
    const action = strictest(findings);
    const predicted = { block: this.t.willBlock, hold: this.t.willHold, mask: this.t.willMask };
    this.summaryText = summary ?? predicted[action] ?? this.summaryText;
    this.renderSpans();
    const signature = `${action}:${found.map((span) => span.name).join()}`;
    if (signature !== this.findingsSignature && found.length && summary === null) {
      this.widget.announce(`${this.describe(found[0])}. ${this.summaryText}`);
    }
    this.findingsSignature = signature;
  }

  describe(span) {
    const message = span.name ? this.t.found(span.name) : this.t.foundGeneric;
    return span.field === "author" ? this.t.inNickname(message) : message;
  }

  dropSpans(field) {
    this.author.removeAttribute("aria-invalid");
    this.spans = this.spans.filter((span) => span.field !== field);
    this.renderSpans();
  }

  // Draws the marks behind the text and lists each flagged part; a click selects it.
  renderSpans() {
    const text = this.body.value;
    const marks = [];
    let at = 0;
    for (const span of this.spans.filter((s) => s.field === "body")) {
      marks.push(text.slice(at, span.start), h("mark", {}, text.slice(span.start, span.end)));
      at = span.end;
    }
    // The trailing space gives a final empty line its height, as the textarea does.
    marks.push(`${text.slice(at)} `);
    this.mirror.replaceChildren(...marks);
    this.findings.hidden = !this.spans.length;
    this.summary.textContent = this.spans.length ? this.summaryText : "";
    this.findingList.replaceChildren(
      ...this.spans.map((span) => {
        const input = span.field === "author" ? this.author : this.body;
        return h("li", {},
          h("button", {
            type: "button",
            class: "finding",
            onclick: () => {
              input.focus();
              input.setSelectionRange(span.start, span.end);
            },
          }, this.describe(span), " ", h("q", {}, input.value.slice(span.start, span.end))));
      }),
    );
    this.author.toggleAttribute("aria-invalid", this.spans.some((s) => s.field === "author"));
  }

  say(message, { retry = false } = {}) {
    this.notice.textContent = message;
    this.retryButton.hidden = !retry;
  }

  invalid(input, message) {
    input.setAttribute("aria-invalid", "true");
    input.focus();
    this.say(message);
  }

  setBusy(busy) {
    this.busy = busy;
    this.element.setAttribute("aria-busy", String(busy));
    this.submitButton.disabled = busy;
    this.author.readOnly = this.body.readOnly = busy;
  }

  async submit() {
    if (this.busy || this.fields.disabled || Date.now() < this.waitUntil) return;
    const t = this.t;
    const author = (this.author.value = this.author.value.trim());
    const body = this.body.value;
    if (!author) return this.invalid(this.author, t.needNickname);
    if (!body.trim()) return this.invalid(this.body, t.needBody);
    const max = this.widget.limits.body;
    if (codePoints(body) > max) return this.invalid(this.body, t.tooLong(max));
    stored.set("nickname", author);
    this.key ??= newIdempotencyKey();
    this.setBusy(true);
    this.say(t.sending);
    let answer;
    try {
      answer = await api("POST", commentsPath(this.widget.articleId), {
        json: { author, body, parent_id: this.parent?.id ?? null },
        headers: { "Idempotency-Key": this.key },
      });
    } catch {
      answer = null;
    } finally {
      this.setBusy(false);
    }
    this.answered(answer, body);
  }

  answered(answer, body) {
    const t = this.t;
    const { status, data, retryAfter } = answer ?? {};
    // No answer, a server error or "slow down": the post may or may not have been
    // stored, so the next attempt must carry the same key.
    if (!answer || status >= 500 || status === 409) return this.say(t.networkError, { retry: true });
    if (status === 429) return this.rateLimited(Number(data?.retry_after ?? retryAfter) || 30);
    this.key = null;
    if (status === 201) return this.posted(data);
    const code = data?.code;
    if (status === 422 && code === "policy_blocked") {
      this.showFindings(data.findings ?? [], body, { summary: t.willBlock });
      return this.say(t.blocked);
    }
    if (code === "idempotency_key_reused") {
      // The draft was edited after an attempt whose answer was lost, and that attempt
      // did land: show it, and leave the edited text for the reader to decide.
      this.widget.load();
      return this.say(t.landedEarlier);
    }
    if (status === 403 && code === "article_closed") {
      this.fields.disabled = true;
      return this.say(t.closed);
    }
    if (status === 413) return this.invalid(this.body, t.tooLong(this.widget.limits.body));
    if (status === 400 && data?.field === "author") return this.invalid(this.author, t.invalid(t.nickname));
    if (status === 400 && data?.field === "body") return this.invalid(this.body, t.invalid(t.body));
    this.say(t.failed);
  }

  rateLimited(seconds) {
    this.say(this.t.rateLimited(seconds));
    this.waitUntil = Date.now() + seconds * 1000;
    this.submitButton.disabled = true;
    setTimeout(() => {
      this.submitButton.disabled = false;
      this.say(this.t.rateLimitOver);
    }, seconds * 1000);
  }

  async posted(comment) {
    tokens.set(comment.id, comment.token);
    this.body.value = "";
    this.spans = [];
    this.findingsSignature = "";
    this.updateCounter();
    this.renderSpans();
    if (comment.status === "published") {
      this.say(this.t.published);
      this.widget.added({ ...comment, reply_count: 0, replies: [] });
      return;
    }
    const names = await loadPolicyNames();
    const types = [...new Set((comment.findings ?? []).map((f) => names[f.type]?.[this.widget.lang]))];
    this.say(types.length && !types.includes(undefined)
      ? this.t.heldFor(types.join(", "))
      : this.t.held);
  }
}
