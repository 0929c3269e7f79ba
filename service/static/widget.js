/* One widget: an article's thread, its composer, reports and withdrawals. */
import { api, commentsPath } from "./api.js";
import { Composer } from "./composer.js";
import { h, nextId, tokens } from "./dom.js";
import { chooseLanguage, relativeTime, STRINGS, timeElement } from "./strings.js";

const REASONS = ["personal_info", "spam", "abuse", "other"];
const DEFAULT_PAGE_SIZE = 20;

export class Widget {
  constructor(host, articleId, limits) {
    this.articleId = articleId;
    this.limits = limits; // {body, author}: the longest text and nickname, in code points
    this.lang = chooseLanguage(host);
    this.t = STRINGS[this.lang];
    const size = Number.parseInt(host.dataset.pageSize, 10);
    this.pageSize = size >= 1 && size <= 100 ? size : DEFAULT_PAGE_SIZE;
    this.order = "newest";
    this.cursor = null;
    this.total = 0;
    this.shown = new Set();
    this.reply = null; // the open reply form: {comment, composer, button, replies}
    this.root = host.attachShadow({ mode: "open" });
  }

  async mount(sheet) {
    this.root.adoptedStyleSheets = [sheet];
    const t = this.t;
    const headingId = nextId("heading");
    this.heading = h("h2", { id: headingId, tabindex: -1 }, t.heading(0));
    this.orderButtons = Object.fromEntries(["newest", "oldest"].map((order) => [order,
      h("button", {
        type: "button",
        "aria-pressed": String(order === this.order),
        onclick: () => this.setOrder(order),
      }, t[order])]));
    this.composer = new Composer(this);
    this.status = h("p", { class: "state" });
    this.retryButton = h("button", { type: "button", hidden: true, onclick: () => this.load() },
      t.retry);
    this.list = h("ol", { class: "thread", "aria-labelledby": headingId });
    this.moreButton = h("button", { type: "button", class: "more", hidden: true,
      onclick: () => this.load(this.cursor) }, t.more);
    this.live = h("div", { class: "visually-hidden", "aria-live": "polite" });
    this.root.append(h("section", { class: "moderato", lang: this.lang, "aria-labelledby": headingId },
      h("div", { class: "bar" }, this.heading,
        h("div", { class: "order", role: "group", "aria-label": t.sort },
          Object.values(this.orderButtons))),
      this.composer.element,
      h("div", { class: "state-row" }, this.status, this.retryButton),
      this.list, this.moreButton, this.live));
    setInterval(() => this.refreshTimes(), 60000);
    await this.load();
  }

  announce(message) {
    // Emptied first, so that the same message twice is announced twice.
    this.live.textContent = "";
    setTimeout(() => (this.live.textContent = message), 50);
  }

  setOrder(order) {
    if (order === this.order) return;
    this.order = order;
    for (const [name, button] of Object.entries(this.orderButtons)) {
      button.setAttribute("aria-pressed", String(name === order));
    }
    this.load();
  }

  // Loads the first page, or the page at `cursor` after what is shown.
  async load(cursor = null) {
    const t = this.t;
    this.retryButton.hidden = true;
    this.moreButton.disabled = true;
    if (!cursor) this.status.textContent = t.loading;
    const query = new URLSearchParams({ order: this.order, limit: this.pageSize });
    if (cursor) query.set("cursor", cursor);
    // Only the latest load counts: the order may change while a page is on its way.
    const load = (this.loads = (this.loads ?? 0) + 1);
    const answer = await api("GET", `${commentsPath(this.articleId)}?${query}`).catch(() => null);
    if (load !== this.loads) return;
    this.moreButton.disabled = false;
    if (answer?.status !== 200) {
      // A failed "more" leaves its button for another try; a failed first page says so.
      if (cursor) return this.announce(t.loadFailed);
      this.status.textContent = t.loadFailed;
      this.retryButton.hidden = false;
      return;
    }
    const { items, total, next_cursor: next } = answer.data;
    if (!cursor) {
      this.closeReply();
      this.list.replaceChildren();
      this.shown.clear();
    }
    const added = items.filter((item) => !this.shown.has(item.id)).map((item) => this.view(item));
    this.list.append(...added);
    this.cursor = next;
    this.setTotal(total);
    this.moreButton.hidden = !next;
    if (cursor) {
      this.announce(t.loadedMore(added.length));
      // The button may be gone at the end; focus must not get lost with it.
      if (!next && added.length) added[0].querySelector("article").focus();
    }
  }

  setTotal(total) {
    this.total = Math.max(0, total);
    this.heading.textContent = this.t.heading(this.total);
    this.status.textContent = this.total || this.list.childElementCount ? "" : this.t.empty;
  }

  refreshTimes() {
    for (const time of this.root.querySelectorAll("time")) {
      time.textContent = relativeTime(new Date(time.dateTime), this.lang);
    }
  }

  // One comment with its replies.
  view(comment) {
    const t = this.t;
    this.shown.add(comment.id);
    const replies = h("ol", { class: "replies" }, (comment.replies ?? []).map((r) => this.view(r)));
    if (comment.withdrawn) return h("li", { class: "comment withdrawn" }, this.placeholder(), replies);
    const own = Boolean(tokens.get(comment.id));
    const slot = h("div", { class: "slot" });
    const item = h("li", { class: own ? "comment own" : "comment", "data-id": comment.id });
    const reportButton = h("button", { type: "button", "aria-expanded": "false",
      onclick: () => this.openReport(comment, slot, reportButton) }, t.report);
    const replyButton = comment.parent_id ? null : h("button", { type: "button",
      "aria-expanded": "false", onclick: () => this.openReply(comment, slot, replyButton, replies) },
      t.reply);
    const withdrawButton = own ? h("button", { type: "button",
      onclick: () => this.confirmWithdraw(comment, item, slot, withdrawButton) }, t.withdraw) : null;
    item.append(
      h("article", { tabindex: -1 },
        h("header", {},
          h("span", { class: "author" }, comment.author),
          own ? h("span", { class: "badge" }, t.own) : null,
          timeElement(comment.created_at, this.lang)),
        h("p", { class: "body" }, comment.body),
        h("div", { class: "actions" }, replyButton, reportButton, withdrawButton),
        slot),
      replies);
    return item;
  }

  placeholder() {
    return h("article", { tabindex: -1 }, h("p", { class: "body" }, this.t.withdrawnPlaceholder));
  }

  // A comment this reader just posted and the service published.
  added(comment) {
    if (this.shown.has(comment.id)) return;
    const item = this.view(comment);
    if (comment.parent_id) {
      this.reply?.replies.append(item);
      this.closeReply();
    } else if (this.order === "newest") {
      this.list.prepend(item);
    } else if (!this.cursor) {
      this.list.append(item);
    } else {
      return; // it belongs after pages not loaded yet, and will come with them
    }
    this.setTotal(this.total + 1);
    if (comment.parent_id) {
      // The reply form, whose status line would have said so, is gone.
      this.announce(this.t.published);
      item.querySelector("article").focus();
    }
  }

  openReply(comment, slot, button, replies) {
    const same = this.reply?.comment === comment;
    this.closeReply();
    if (same) return;
    const composer = new Composer(this, comment);
    this.reply = { comment, composer, button, replies };
    button.setAttribute("aria-expanded", "true");
    slot.append(composer.element);
    composer.focus();
  }

  closeReply() {
    if (!this.reply) return;
    const { composer, button } = this.reply;
    this.reply = null;
    const hadFocus = composer.element.contains(this.root.activeElement);
    composer.element.remove();
    button.setAttribute("aria-expanded", "false");
    if (hadFocus) button.focus();
  }

  openReport(comment, slot, button) {
    const t = this.t;
    const open = slot.querySelector(".report");
    if (open) return this.closePanel(open, button);
    const name = nextId("reason");
    const close = () => this.closePanel(form, button);
    const form = h("form", {
      class: "report",
      onkeydown: (event) => event.key === "Escape" && close(),
      onsubmit: async (event) => {
        event.preventDefault();
        const reason = form.elements[name].value || "other";
        const answer = await api("POST", `v1/comments/${encodeURIComponent(comment.id)}/reports`,
          { json: { reason } }).catch(() => null);
        if (answer?.status !== 202) return this.announce(t.actionFailed);
        close();
        button.disabled = true;
        button.textContent = t.reportedButton;
        this.announce(t.reported);
      },
    },
    h("fieldset", {}, h("legend", {}, t.reportReason),
      REASONS.map((reason, index) => h("label", {},
        h("input", { type: "radio", name, value: reason, checked: index === 0 }),
        ` ${t.reasons[reason]}`))),
    h("div", { class: "buttons" },
      h("button", { type: "submit", class: "primary" }, t.sendReport),
      h("button", { type: "button", onclick: close }, t.cancel)));
    button.setAttribute("aria-expanded", "true");
    slot.append(form);
    form.querySelector("input").focus();
  }

  closePanel(panel, button) {
    panel.remove();
    button.setAttribute("aria-expanded", "false");
    button.focus();
  }

  confirmWithdraw(comment, item, slot, button) {
    const t = this.t;
    if (slot.querySelector(".confirm")) return;
    const close = () => this.closePanel(panel, button);
    const panel = h("div", { class: "confirm", role: "group", "aria-label": t.confirmWithdraw,
      onkeydown: (event) => event.key === "Escape" && close() },
    h("span", {}, t.confirmWithdraw),
    h("button", { type: "button", class: "danger", onclick: () => this.withdraw(comment, item) },
      t.confirmWithdrawButton),
    h("button", { type: "button", onclick: close }, t.cancel));
    slot.append(panel);
    panel.querySelector("button").focus();
  }

  async withdraw(comment, item) {
    const answer = await api("DELETE", `v1/comments/${encodeURIComponent(comment.id)}`, {
      headers: { "X-Comment-Token": tokens.get(comment.id) },
    }).catch(() => null);
    // 404: it is gone already, which is what the author wanted.
    if (answer?.status !== 204 && answer?.status !== 404) return this.announce(this.t.actionFailed);
    tokens.delete(comment.id);
    // Replies stay where they are, under a placeholder for the withdrawn comment.
    if (item.querySelector(".replies").childElementCount) {
      item.className = "comment withdrawn";
      item.querySelector("article").replaceWith(this.placeholder());
    } else {
      item.remove();
    }
    this.setTotal(this.total - 1);
    this.heading.focus();
    this.announce(this.t.withdrawn);
  }
}

