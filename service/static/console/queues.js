/* The queues: tabs with live counts, filters, the list of comments and the keyboard
 * that works it. */
import { BulkBar } from "./bulk.js";
import { Card, queueOf } from "./card.js";
import { commentPath } from "./client.js";
import { closePanel, SHORTCUTS, start, toolbar } from "./decisions.js";
import { h } from "./dom.js";
import { typeName } from "./findings.js";
import { relativeTime } from "./strings.js";

const QUEUES = ["pending", "reported", "rejected", "blinded"];
const HOLD_REASONS = ["policy", "premoderation", "reports", "blind_expired"];
const PAGE_SIZE = 20;
const COUNTS_DELAY_MS = 300;
// The queue an event's new status puts a comment in, at most (a published comment is
// in "reported" only while it has open reports).
const QUEUE_OF_STATUS = { pending: "pending", published: "reported", rejected: "rejected", blinded: "blinded" };

const isTyping = (target) =>
  target.isContentEditable ||
  target.tagName === "TEXTAREA" ||
  target.tagName === "SELECT" ||
  (target.tagName === "INPUT" && !["checkbox", "radio", "button", "submit"].includes(target.type));

// The letter a key stands for: as typed on Latin layouts (AZERTY's a is a), and by its
// place on the keyboard on others (the 2-set Korean layout types ㅁ where a is).
const shortcutKey = (event) =>
  /^[a-z]$/i.test(event.key) ? event.key.toLowerCase() : /^Key[A-Z]$/.exec(event.code)?.[0].slice(3).toLowerCase();

export class QueueView {
  constructor(ctx) {
    this.ctx = ctx;
    this.queue = "pending";
    this.filters = {};
    this.cards = new Map(); // comment id -> Card, in list order
    this.current = null;
    this.cursor = null;
    this.counts = null;
    this.onKey = (event) => this.key(event);
    this.bulk = new BulkBar(this);
    this.element = this.render();
  }

  render() {
    const { t } = this.ctx;
    this.tabs = Object.fromEntries(QUEUES.map((queue) => [queue, h("button", {
      type: "button",
      role: "tab",
      id: `tab-${queue}`,
      "aria-controls": "queue-panel",
      onclick: () => this.switchTo(queue),
      onkeydown: (event) => this.tabKey(event, queue),
    }, t.queueNames[queue])]));
    this.oldest = h("p", { class: "oldest" });
    this.list = h("ol", { class: "items" });
    this.state = h("p", { class: "state", role: "status" });
    this.retryButton = h("button", { type: "button", hidden: true, onclick: () => this.reload() },
      t.retry);
    this.moreButton = h("button", { type: "button", class: "more", hidden: true,
      onclick: () => this.load(this.cursor) }, t.more);
    this.panel = h("div", { id: "queue-panel", role: "tabpanel" },
      this.bulk.element, this.list, h("div", { class: "state-row" }, this.state, this.retryButton),
      this.moreButton);
    this.selectTab();
    return h("section", { class: "queues", "aria-labelledby": "queues-heading" },
      h("h2", { id: "queues-heading", class: "visually-hidden", tabindex: -1 }, t.queues),
      h("div", { class: "queue-bar" },
        h("div", { role: "tablist", "aria-label": t.queues }, Object.values(this.tabs)),
        this.oldest),
      this.filterForm(),
      h("p", { class: "shortcuts" }, t.shortcuts),
      this.panel);
  }

  filterForm() {
    const { t, names, lang } = this.ctx;
    const field = (name, label, control) => h("div", { class: "field" },
      h("label", { for: `filter-${name}` }, label), control);
    const options = (values, label) => [h("option", { value: "" }, t.any),
      ...values.map((value) => h("option", { value }, label(value)))];
    this.filterFields = {
      article_id: h("input", { id: "filter-article_id", name: "article_id", autocomplete: "off" }),
      type: h("select", { id: "filter-type", name: "type" },
        options(Object.keys(names).sort(), (type) => typeName(type, names, lang))),
      reason: h("select", { id: "filter-reason", name: "reason" },
        options(HOLD_REASONS, (reason) => t.holdReasons[reason])),
      hide_claimed: h("input", { id: "filter-hide_claimed", type: "checkbox", name: "hide_claimed" }),
    };
    const { article_id, type, reason, hide_claimed } = this.filterFields;
    const form = h("form", {
      class: "filters",
      role: "search",
      "aria-label": t.filters,
      onsubmit: (event) => {
        event.preventDefault();
        this.setFilters();
      },
    },
    field("article_id", t.articleFilter, article_id),
    field("type", t.typeFilter, type),
    field("reason", t.reasonFilter, reason),
    h("div", { class: "field check" }, hide_claimed,
      h("label", { for: "filter-hide_claimed" }, t.hideClaimed)),
    h("div", { class: "buttons" },
      h("button", { type: "submit", class: "primary" }, t.applyFilters),
      h("button", { type: "button", onclick: () => {
        form.reset();
        this.setFilters();
      } }, t.clearFilters)));
    return form;
  }

  setFilters() {
    const { article_id, type, reason, hide_claimed } = this.filterFields;
    this.filters = {
      article_id: article_id.value.trim() || null,
      type: type.value || null,
      reason: reason.value || null,
      hide_claimed: hide_claimed.checked ? "true" : null,
    };
    this.reload();
  }

  // Whether a comment passes the filters (for comments that arrive live).
  matches(item) {
    const { article_id, type, reason, hide_claimed } = this.filters;
    const others = item.claimed_by && item.claimed_by !== this.ctx.me.name &&
      Date.parse(item.claimed_until) > Date.now();
    return (!article_id || item.article_id === article_id) &&
      (!type || item.findings.some((finding) => finding.type === type)) &&
      (!reason || item.hold_reason === reason) &&
      !(hide_claimed && others);
  }

  async show() {
    document.addEventListener("keydown", this.onKey);
    await this.reload();
  }

  hide() {
    document.removeEventListener("keydown", this.onKey);
    this.close();
  }

  // -- the queue on screen -------------------------------------------------------------

  switchTo(queue) {
    if (queue === this.queue) return;
    this.queue = queue;
    this.selectTab();
    this.reload();
  }

  selectTab() {
    for (const [queue, tab] of Object.entries(this.tabs)) {
      tab.setAttribute("aria-selected", String(queue === this.queue));
      tab.tabIndex = queue === this.queue ? 0 : -1;
    }
    this.panel?.setAttribute("aria-labelledby", `tab-${this.queue}`);
  }

  tabKey(event, queue) {
    const step = { ArrowRight: 1, ArrowLeft: -1 }[event.key];
    if (!step) return;
    event.preventDefault();
    const next = QUEUES[(QUEUES.indexOf(queue) + step + QUEUES.length) % QUEUES.length];
    this.switchTo(next);
    this.tabs[next].focus();
  }

  async reload() {
    this.close();
    this.cards.clear();
    this.bulk.clear();
    this.list.replaceChildren();
    this.newCount = 0;
    await Promise.all([this.loadCounts(), this.load()]);
  }

  // The first page, or the page at `cursor` after those shown.
  async load(cursor = null) {
    const { t, client } = this.ctx;
    const load = (this.loads = (this.loads ?? 0) + 1);
    this.retryButton.hidden = true;
    this.moreButton.disabled = true;
    if (!cursor) this.state.textContent = t.loading;
    const answer = await client
      .get(`v1/moderation/queues/${this.queue}`, { ...this.filters, limit: PAGE_SIZE, cursor })
      .catch(() => null);
    if (load !== this.loads) return; // the queue or the filters changed meanwhile
    this.moreButton.disabled = false;
    if (answer?.status !== 200) {
      this.state.textContent = t.loadFailed;
      this.retryButton.hidden = answer?.status === 401;
      return;
    }
    for (const item of answer.data.items) {
      if (!this.cards.has(item.id)) this.add(item);
    }
    this.cursor = answer.data.next_cursor;
    this.moreButton.hidden = !this.cursor;
    if (!this.cursor) this.newCount = 0;
    this.showEmpty();
  }

  showEmpty() {
    this.state.textContent = this.cards.size ? "" : this.ctx.t.empty;
  }

  add(item) {
    const card = new Card(item, this);
    this.cards.set(item.id, card);
    this.list.append(card.element);
    return card;
  }

  remove(card, message = null) {
    this.cards.delete(card.id);
    if (card === this.current) this.close();
    this.bulk.forget(card);
    card.element.remove();
    this.showEmpty();
    if (message) this.ctx.announce(message);
  }

  // -- counts ---------------------------------------------------------------------------

  async loadCounts() {
    const { client } = this.ctx;
    const answer = await client
      .get("v1/moderation/queues", { article_id: this.filters.article_id })
      .catch(() => null);
    if (answer?.status !== 200) return;
    this.counts = { ...answer.data, at: Date.now() };
    this.showCounts();
  }

  countsSoon() {
    clearTimeout(this.countsTimer);
    this.countsTimer = setTimeout(() => this.loadCounts(), COUNTS_DELAY_MS);
  }

  showCounts() {
    const { t, lang } = this.ctx;
    if (!this.counts) return;
    for (const queue of QUEUES) {
      this.tabs[queue].textContent = t.queueCount(t.queueNames[queue], this.counts[queue]);
    }
    const age = this.counts.oldest_pending_age_seconds;
    if (age === null || age === undefined) {
      this.oldest.textContent = t.nonePending;
      return;
    }
    const since = new Date(this.counts.at - age * 1000);
    this.oldest.replaceChildren(t.oldestPending(relativeTime(since, lang)));
  }

  // -- the open card ------------------------------------------------------------------

  open(card) {
    if (card === this.current) return;
    this.close();
    this.current = card;
    card.isOpen = true;
    card.element.classList.add("open");
    card.article.tabIndex = 0;
    card.toolbar = toolbar(card, this.ctx);
    card.controls.replaceChildren(card.toolbar.element,
      h("p", { class: "hint" }, this.ctx.t.redactHint));
    card.claim();
  }

  // Closes the open card: its claim is released, and it goes if it left the queue.
  close({ leaving = false } = {}) {
    const card = this.current;
    if (!card) return;
    this.current = null;
    card.isOpen = false;
    card.element.classList.remove("open");
    card.article.tabIndex = -1;
    card.toolbar = null;
    card.controls.replaceChildren();
    card.release({ leaving });
    if (!card.inQueue && !leaving && this.cards.get(card.id) === card) this.remove(card);
  }

  move(step) {
    const cards = [...this.cards.values()];
    if (!cards.length) return;
    const at = cards.indexOf(this.current);
    const next = at < 0 ? cards[step > 0 ? 0 : cards.length - 1]
      : cards[Math.min(cards.length - 1, Math.max(0, at + step))];
    if (next === this.current) return;
    this.open(next);
    next.article.focus();
    next.element.scrollIntoView({ block: "nearest" });
  }

  select(card, on) {
    this.bulk.set(card, on);
  }

  decided(card) {
    this.countsSoon();
    card.toolbar?.refresh();
  }

  key(event) {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.key === "Escape" && this.current && closePanel(this.current)) return;
    if (isTyping(event.target)) return;
    // While a form is open its fields own the keys.
    if (this.current?.controls.querySelector(".panel")) return;
    const key = shortcutKey(event);
    if (key === "j" || key === "k") this.move(key === "j" ? 1 : -1);
    else if (key === "x" && this.current) this.bulk.toggle(this.current);
    else if (SHORTCUTS[key] && this.current) start(this.current, SHORTCUTS[key], this.ctx);
    else return;
    event.preventDefault();
  }

  // -- live changes ---------------------------------------------------------------------

  async onEvent(event) {
    this.countsSoon();
    const card = this.cards.get(event.comment_id);
    if (card) return this.changed(card, event);
    if (QUEUE_OF_STATUS[event.status] !== this.queue) return;
    const item = await this.fetch(event.comment_id);
    if (!item || this.cards.has(item.id) || queueOf(item) !== this.queue || !this.matches(item)) {
      return;
    }
    if (this.cursor) {
      // It belongs after pages not loaded yet: it comes with them.
      this.newCount += 1;
      return this.ctx.announce(this.ctx.t.newItems(this.newCount));
    }
    this.add(item);
    this.showEmpty();
    this.ctx.announce(this.ctx.t.newItem(item.author));
  }

  // A comment on screen changed elsewhere (another moderator, its author, the clock).
  async changed(card, event) {
    // A decision of this console's in flight: its own answer will say what happened.
    if (card.busy) return;
    if (event.version && event.version <= card.item.version) return; // seen already
    const item = await this.fetch(card.id);
    if (!item) return this.remove(card, this.ctx.t.gone);
    if (card.busy || item.version <= card.item.version) return;
    const note = card === this.current ? this.ctx.t.changedElsewhere : null;
    card.update(item, note);
    if (!card.inQueue && card !== this.current) this.remove(card);
  }

  async fetch(id) {
    const answer = await this.ctx.client.get(commentPath(id)).catch(() => null);
    return answer?.status === 200 ? answer.data : null;
  }

  // Times and the oldest wait move on; counts are re-read in case an event was lost.
  refreshAges() {
    this.loadCounts();
    for (const time of this.list.querySelectorAll("time")) {
      time.textContent = relativeTime(new Date(time.dateTime), this.ctx.lang);
    }
  }
}
