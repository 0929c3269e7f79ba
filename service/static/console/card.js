/* One comment in a queue: what moderators need to judge it, and the claim on it while
 * it is open. Decisions are made in decisions.js. */
import { commentPath } from "./client.js";
import { h } from "./dom.js";
import { findingList, markedText } from "./findings.js";
import { timeElement } from "./strings.js";

// Which queue a comment in this state belongs to (null: none).
export const queueOf = (item) => {
  if (item.status === "published") return item.reports > 0 ? "reported" : null;
  if (item.status === "rejected") return item.purged_at ? null : "rejected";
  return ["pending", "blinded"].includes(item.status) ? item.status : null;
};

const dateText = (iso, lang) =>
  new Intl.DateTimeFormat(lang, { dateStyle: "medium", timeStyle: "short" }).format(new Date(iso));

export class Card {
  // `view` is the queue it is listed in: {ctx, open(card), select(card, on)}.
  constructor(item, view) {
    this.item = item;
    this.view = view;
    this.ctx = view.ctx;
    this.isOpen = false;
    this.claimed = false; // whether this moderator holds the claim
    this.toolbar = null; // the decision buttons, while open
    this.renewal = 0;
    this.checkbox = h("input", {
      type: "checkbox",
      class: "select",
      onchange: () => view.select(this, this.checkbox.checked),
    });
    this.content = h("div", { class: "content" });
    this.facts = h("ul", { class: "facts" });
    // The decision toolbar and its forms live here while the card is open; they
    // survive updates of the content, so focus never drops out of them.
    this.controls = h("div", { class: "controls" });
    this.status = h("p", { class: "result", role: "status" });
    this.article = h("article", {
      class: "card",
      tabindex: -1,
      "aria-labelledby": `author-${item.id}`,
      onclick: (event) => event.target !== this.checkbox && view.open(this),
      onfocusin: (event) => event.target !== this.checkbox && view.open(this),
    }, h("div", { class: "pick" }, this.checkbox), this.content, this.controls, this.status);
    this.element = h("li", { class: "item", "data-comment-id": item.id }, this.article);
    this.render();
  }

  get id() {
    return this.item.id;
  }

  get inQueue() {
    return queueOf(this.item) === this.view.queue;
  }

  // The comment as it now is; `note` says why it changed under the moderator's eyes.
  update(item, note = null) {
    this.item = item;
    this.render();
    this.element.classList.toggle("left", !this.inQueue);
    if (note) this.say(note, "notice");
  }

  say(message, kind = "") {
    this.status.className = `result ${kind}`;
    this.status.replaceChildren(...[].concat(message));
  }

  render() {
    const { t, lang } = this.ctx;
    const item = this.item;
    this.checkbox.setAttribute("aria-label", t.select(item.author));
    this.content.replaceChildren(
      h("header", {},
        h("h3", { class: "author", id: `author-${item.id}` },
          h("span", { class: "visually-hidden" }, `${t.nickname}: `),
          markedText(item.author, item.findings, "author", this.ctx)),
        h("span", { class: `badge status-${item.status}` }, t.status[item.status] ?? item.status),
        // Why it is queued, where the status does not say it already.
        item.why !== item.status ? h("span", { class: "why" }, t.why[item.why] ?? item.why) : null,
        timeElement(item.created_at, lang),
        h("span", { class: "article" }, `${t.article} `, h("code", {}, item.article_id))),
      h("p", { class: "body" }, markedText(item.body, item.findings, "body", this.ctx)),
      findingList(item.findings, this.ctx),
      this.facts);
    this.renderFacts();
    this.toolbar?.refresh();
  }

  // Reports, claim, rejection and blind: the parts that change without the text.
  renderFacts() {
    const { t, lang } = this.ctx;
    const item = this.item;
    const reasons = Object.entries(item.report_reasons ?? {})
      .map(([reason, n]) => `${t.reportReasons[reason] ?? reason} ${n}`)
      .join(", ");
    this.facts.replaceChildren(...[
      item.reports ? h("li", {}, t.reports(item.reports), reasons ? ` (${reasons})` : "") : null,
      item.claimed_by ? h("li", { class: "claim" },
        item.claimed_by === this.ctx.me.name ? t.claimedByMe : t.claimedBy(item.claimed_by)) : null,
      item.reject_reason ? h("li", {},
        t.rejectedFor(t.rejectReasons[item.reject_reason] ?? item.reject_reason)) : null,
      item.reject_note ? h("li", {}, t.noteToAuthor(item.reject_note)) : null,
      item.blinded_until ? h("li", {}, t.blindedUntil(dateText(item.blinded_until, lang))) : null,
      item.redacted ? h("li", {}, t.redacted) : null,
    ].filter(Boolean));
  }

  setClaim(claimedBy, claimedUntil) {
    this.item = { ...this.item, claimed_by: claimedBy, claimed_until: claimedUntil };
    // Only the facts: re-rendering the text would drop a selection made for redacting.
    this.renderFacts();
  }

  get body() {
    return this.content.querySelector(".body");
  }

  // Claims the comment for this moderator while it is open, and keeps the claim alive;
  // a claim another moderator holds is shown, not contested.
  async claim() {
    if (this.heldByOther()) return;
    const answer = await this.ctx.client.post(commentPath(this.id, "/claim")).catch(() => null);
    if (answer?.status === 200) this.claimed = true;
    if (!this.isOpen) return this.release(); // the moderator moved on meanwhile
    if (answer?.status === 200) {
      this.setClaim(answer.data.claimed_by, answer.data.claimed_until);
      const left = Date.parse(answer.data.claimed_until) - Date.now();
      this.renewal = setTimeout(() => this.claim(), Math.max(5000, left / 2));
    } else if (answer?.status === 409 && answer.data?.claimed_by) {
      this.setClaim(answer.data.claimed_by, answer.data.claimed_until);
    }
  }

  heldByOther() {
    const { claimed_by: holder, claimed_until: until } = this.item;
    return Boolean(holder) && holder !== this.ctx.me.name && Date.parse(until) > Date.now();
  }

  // A decision ends the claim on the service's side.
  claimEnded() {
    clearTimeout(this.renewal);
    this.claimed = false;
  }

  async release({ leaving = false } = {}) {
    clearTimeout(this.renewal);
    if (!this.claimed) return;
    this.claimed = false;
    // keepalive: the release still goes out while the page unloads.
    await this.ctx.client
      .request("DELETE", commentPath(this.id, "/claim"), { keepalive: leaving })
      .catch(() => null);
    if (!leaving && this.item.claimed_by === this.ctx.me.name) this.setClaim(null, null);
  }
}
