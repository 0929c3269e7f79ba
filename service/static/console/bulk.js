/* Deciding many comments at once: each is applied or not on its own, and the moderator
 * sees a result for every one. */
import { conflictReport, REJECT_REASONS } from "./decisions.js";
import { h } from "./dom.js";

const BULK_ACTIONS = ["approve", "reject", "redact"];

export class BulkBar {
  constructor(view) {
    this.view = view;
    this.ctx = view.ctx;
    this.selected = new Set();
    this.element = this.render();
  }

  render() {
    const { t } = this.ctx;
    this.all = h("input", { type: "checkbox", id: "select-all",
      onchange: () => this.selectAll(this.all.checked) });
    this.count = h("span", { class: "count" }, t.selected(0));
    this.reason = h("select", { id: "bulk-reason" },
      REJECT_REASONS.map((reason) => h("option", { value: reason }, t.rejectReasons[reason])));
    this.buttons = BULK_ACTIONS.map((action) => h("button", {
      type: "button", class: action, disabled: true, onclick: () => this.apply(action),
    }, t.bulkAction(t.actions[action])));
    this.results = h("ol", { class: "bulk-results", "aria-label": t.bulkResults, hidden: true });
    return h("div", { class: "bulk", role: "group", "aria-label": t.bulk },
      h("div", { class: "field check" }, this.all, h("label", { for: "select-all" }, t.selectAll)),
      this.count,
      this.buttons[0],
      h("span", { class: "reject-group" },
        h("label", { for: "bulk-reason" }, t.rejectReason), this.reason, this.buttons[1]),
      this.buttons[2],
      this.results);
  }

  toggle(card) {
    this.set(card, !this.selected.has(card));
  }

  set(card, on) {
    card.checkbox.checked = on;
    if (on) this.selected.add(card);
    else this.selected.delete(card);
    this.sync();
  }

  selectAll(on) {
    for (const card of this.view.cards.values()) this.set(card, on);
  }

  forget(card) {
    this.selected.delete(card);
    this.sync();
  }

  clear() {
    this.selected.clear();
    this.results.replaceChildren();
    this.results.hidden = true;
    this.sync();
  }

  sync() {
    const n = this.selected.size;
    this.count.textContent = this.ctx.t.selected(n);
    for (const button of this.buttons) button.disabled = n === 0;
    this.all.checked = n > 0 && n === this.view.cards.size;
    this.all.indeterminate = n > 0 && n < this.view.cards.size;
  }

  async apply(action) {
    const { t, client } = this.ctx;
    const cards = [...this.selected];
    const extra = action === "reject" ? { reason: this.reason.value } : {};
    const seen = new Map(cards.map((card) => [card.id, card.item]));
    const decisions = cards.map((card) =>
      ({ comment_id: card.id, action, version: card.item.version, ...extra }));
    for (const button of this.buttons) button.disabled = true;
    for (const card of cards) card.busy = true;
    const answer = await client.post("v1/moderation/decisions", { decisions }).catch(() => null);
    for (const card of cards) card.busy = false;
    this.sync();
    if (answer?.status !== 200) {
      return this.ctx.alert(answer ? t.failed(answer.data?.detail) : t.networkError);
    }
    const lines = [];
    for (const result of answer.data.results) {
      const card = this.view.cards.get(result.comment_id);
      if (!card) continue;
      lines.push(h("li", { class: result.outcome }, `${card.item.author}: ${t.outcome[result.outcome]}`));
      await this.show(card, action, result, seen.get(card.id));
    }
    this.results.replaceChildren(...lines);
    this.results.hidden = false;
    const applied = answer.data.results.filter((result) => result.outcome === "applied").length;
    this.ctx.announce(t.bulkSummary(applied, decisions.length));
    this.view.countsSoon();
  }

  // One result, on its card.
  async show(card, action, result, seen) {
    const { t } = this.ctx;
    if (result.outcome === "not_found") return this.view.remove(card);
    if (result.outcome === "applied") {
      this.set(card, false);
      card.claimEnded();
      card.update(result.item);
      card.say(t.done[action], "done");
      if (!card.inQueue && card !== this.view.current) this.view.remove(card);
      return;
    }
    const current = result.outcome === "conflict" ? await this.view.fetch(card.id) : null;
    if (current && current.version !== seen.version) {
      card.update(current);
      card.say(await conflictReport(card, action, seen, current, this.ctx), "error");
    } else {
      card.say(result.outcome === "conflict" ? t.outcome.conflict : t.failed(result.detail), "error");
    }
  }
}
