/* Decisions on the open card: the toolbar, the forms that reject and blind need, and
 * what a conflict looks like.
 *
 * Every decision carries the version the moderator is looking at. When the comment
 * changed meanwhile the service answers 409 with its current state: the card then
 * shows that state and what changed, and nothing is sent again on the moderator's
 * behalf, because they have not seen it yet. */
import { commentPath } from "./client.js";
import { h } from "./dom.js";
import { selectedSpans } from "./findings.js";
import { relativeTime } from "./strings.js";

const ACTIONS = ["approve", "reject", "redact", "blind", "undo"];
export const SHORTCUTS = { a: "approve", r: "reject", e: "redact", b: "blind", u: "undo" };
export const REJECT_REASONS = ["personal_info", "spam", "abuse", "off_topic", "other"];
const MAX_BLIND_DAYS = 30;
const DAY_MS = 86400000;

// Where each decision can start from, as the service decides it (undo: the service knows).
const allowed = (action, item) => {
  switch (action) {
    case "approve":
      return ["pending", "blinded", "rejected"].includes(item.status) || item.reports > 0;
    case "reject":
      return ["pending", "published", "blinded"].includes(item.status);
    case "redact":
      return ["pending", "published", "blinded", "rejected"].includes(item.status);
    case "blind":
      return item.status === "published";
    default:
      return true;
  }
};

// The buttons, named exactly by their action; the shortcut is announced, not named.
export const toolbar = (card, ctx) => {
  const { t } = ctx;
  const buttons = Object.fromEntries(ACTIONS.map((action) => {
    const key = Object.keys(SHORTCUTS).find((k) => SHORTCUTS[k] === action);
    return [action, h("button", {
      type: "button",
      class: `decide ${action}`,
      "data-action": action,
      "aria-keyshortcuts": key,
      onclick: () => start(card, action, ctx),
    }, t.actions[action], h("kbd", { "aria-hidden": "true" }, key))];
  }));
  const element = h("div", { class: "toolbar", role: "toolbar", "aria-label": t.decisions },
    Object.values(buttons));
  const refresh = () => {
    for (const action of ACTIONS) buttons[action].disabled = !allowed(action, card.item);
  };
  refresh();
  return { element, refresh };
};

// A decision the moderator asked for: at once, or through its form.
export const start = (card, action, ctx) => {
  if (card.busy) return;
  if (!allowed(action, card.item)) {
    return card.say(ctx.t.notAllowed(ctx.t.actions[action], ctx.t.status[card.item.status]), "error");
  }
  if (action === "reject") return openPanel(card, rejectForm(card, ctx), "reject");
  if (action === "blind") return openPanel(card, blindForm(card, ctx), "blind");
  if (action === "redact") return redact(card, ctx);
  return decide(card, action, {}, ctx);
};

const redact = (card, ctx) => {
  const spans = selectedSpans(card.body);
  const findings = card.item.findings.filter((f) => (f.field ?? "body") === "body");
  const authorFindings = card.item.findings.length - findings.length;
  if (!spans.length && !findings.length && !authorFindings) {
    return card.say(ctx.t.nothingToRedact, "error");
  }
  return decide(card, "redact", spans.length ? { spans } : {}, ctx);
};

export const closePanel = (card) => {
  const panel = card.controls.querySelector(".panel");
  if (!panel) return false;
  const action = panel.dataset.action;
  panel.remove();
  card.controls.querySelector(`button[data-action="${action}"]`)?.focus();
  return true;
};

const openPanel = (card, form, action) => {
  closePanel(card);
  form.dataset.action = action;
  form.classList.add("panel");
  form.addEventListener("keydown", (event) => {
    if (event.key === "Escape") {
      event.preventDefault();
      event.stopPropagation();
      closePanel(card);
    }
  });
  card.controls.append(form);
  // The checked radio, if there is one, else the first field.
  (form.querySelector("input:checked") ?? form.querySelector("input, textarea, select"))?.focus();
};

const formButtons = (card, ctx, action) =>
  h("div", { class: "buttons" },
    h("button", { type: "submit", class: `primary ${action}` }, ctx.t.actions[action]),
    h("button", { type: "button", onclick: () => closePanel(card) }, ctx.t.cancel));

const rejectForm = (card, ctx) => {
  const { t } = ctx;
  const name = `reason-${card.id}`;
  const first = card.item.findings.length ? "personal_info" : "spam";
  const note = h("textarea", { id: `note-${card.id}`, maxlength: 500, rows: 2 });
  const form = h("form", {
    "aria-label": t.actions.reject,
    onsubmit: (event) => {
      event.preventDefault();
      const reason = form.elements[name].value;
      const text = note.value.trim();
      decide(card, "reject", text ? { reason, note: text } : { reason }, ctx);
    },
  },
  h("fieldset", {}, h("legend", {}, t.rejectReason),
    REJECT_REASONS.map((reason) => h("label", {},
      h("input", { type: "radio", name, value: reason, checked: reason === first }),
      ` ${t.rejectReasons[reason]}`))),
  h("label", { for: note.id }, t.note), note,
  formButtons(card, ctx, "reject"));
  return form;
};

const isoDate = (date) =>
  `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, "0")}-${String(date.getDate()).padStart(2, "0")}`;

const blindForm = (card, ctx) => {
  const { t } = ctx;
  const now = new Date();
  const day = (days) => isoDate(new Date(now.getTime() + days * DAY_MS));
  const date = h("input", {
    type: "date",
    id: `until-${card.id}`,
    required: true,
    min: day(1),
    max: day(MAX_BLIND_DAYS),
    value: day(7),
    "aria-describedby": `until-hint-${card.id}`,
  });
  return h("form", {
    "aria-label": t.actions.blind,
    onsubmit: (event) => {
      event.preventDefault();
      // The chosen day at the present time of day: never more than 30 days ahead.
      const [year, month, dayOfMonth] = date.value.split("-").map(Number);
      const until = new Date(now);
      until.setFullYear(year, month - 1, dayOfMonth);
      const latest = Date.now() + MAX_BLIND_DAYS * DAY_MS - 60000;
      decide(card, "blind", { until: new Date(Math.min(until, latest)).toISOString() }, ctx);
    },
  },
  h("label", { for: date.id }, t.blindUntil), date,
  h("p", { class: "hint", id: `until-hint-${card.id}` }, t.blindHint),
  formButtons(card, ctx, "blind"));
};

// Sends one decision on the version the card shows, and shows what came of it.
export const decide = async (card, action, fields, ctx) => {
  const { t } = ctx;
  const seen = card.item;
  card.busy = true;
  card.say(t.working);
  const answer = await ctx.client
    .post(commentPath(card.id, "/decision"), { action, version: seen.version, ...fields })
    .catch(() => null);
  card.busy = false;
  if (!answer) return card.say(t.networkError, "error");
  const { status, data } = answer;
  if (status === 200) {
    closePanel(card);
    card.claimEnded();
    card.update(data);
    card.view.decided(card);
    card.say(t.done[action], "done");
    return ctx.announce(`${card.item.author}: ${t.done[action]}`);
  }
  if (status === 401) return;
  if (status === 404) return card.view.remove(card, t.gone);
  card.say(await problemMessage(card, action, seen, data, ctx), "error");
  ctx.alert(card.status.textContent);
};

// What a refused decision means for the moderator, in their language.
const problemMessage = async (card, action, seen, problem, ctx) => {
  const { t } = ctx;
  const code = problem?.code;
  if (code === "claimed") {
    card.update({ ...card.item, claimed_by: problem.claimed_by, claimed_until: problem.claimed_until });
    return t.claimConflict(problem.claimed_by);
  }
  if (code === "not_undoable") return t.notUndoable(problem.detail);
  if (code === "purged") return t.purged;
  if ((code === "version_conflict" || code === "not_decidable") && problem.current) {
    closePanel(card);
    card.update(problem.current);
    return conflictReport(card, action, seen, problem.current, ctx);
  }
  return t.failed(problem?.detail);
};

// The conflict: this decision was not applied, who changed what, and the state now.
export const conflictReport = async (card, action, seen, current, ctx) => {
  const { t, lang } = ctx;
  const lines = [h("strong", {}, t.conflict(t.actions[action]))];
  if (current.version !== seen.version) {
    const log = await ctx.client
      .get("v1/moderation/audit", { comment_id: current.id, limit: 1 })
      .catch(() => null);
    const last = log?.status === 200 ? log.data.items[0] : null;
    if (last) {
      const when = relativeTime(new Date(last.at), lang);
      lines.push(h("span", {}, t.changedBy(last.actor, t.auditActions[last.action] ?? last.action, when)));
    }
  }
  lines.push(h("ul", { class: "changes" }, changes(seen, current, t).map((line) => h("li", {}, line))));
  lines.push(h("span", { class: "now" },
    t.nowState(t.status[current.status] ?? current.status, current.version)));
  return lines;
};

const changes = (before, after, t) => [
  before.status !== after.status &&
    t.changes.status(t.status[before.status] ?? before.status, t.status[after.status] ?? after.status),
  before.body !== after.body && t.changes.body,
  before.author !== after.author && t.changes.author,
  before.reports !== after.reports && t.changes.reports(before.reports, after.reports),
  after.claimed_by && after.claimed_by !== before.claimed_by && t.changes.claim(after.claimed_by),
].filter(Boolean);
