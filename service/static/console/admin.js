/* What only admins see: the audit log, article settings and API keys. The service
 * refuses these to moderator keys (403); the console does not even show them. */
import { articlePath } from "./client.js";
import { h } from "./dom.js";

const AUDIT_PAGE = 50;

const dateTime = (iso, lang) =>
  new Intl.DateTimeFormat(lang, { dateStyle: "medium", timeStyle: "medium" }).format(new Date(iso));

// A form's submit handler that stays on the page.
const onSubmit = (action) => (event) => {
  event.preventDefault();
  action();
};

// A labelled field: the label's `for` names the control's id.
const field = (id, label, control) =>
  h("div", { class: "field" }, h("label", { for: id }, label), control);

// A section with its heading, which takes the focus when the section is shown.
const section = (name, heading, ...children) =>
  h("section", { class: `admin ${name}`, "aria-labelledby": `${name}-heading` },
    h("h2", { id: `${name}-heading`, tabindex: -1 }, heading), ...children);

// What an audit entry's detail says, without the machine state kept for undo.
const auditDetail = (entry, t) => {
  const detail = entry.detail ?? {};
  if (entry.action.startsWith("key_")) return `${detail.key} (${t.roles[detail.role] ?? detail.role})`;
  if (entry.action === "article_settings") {
    return `${detail.open ? t.open : "✗"} · ${t.modes[detail.mode] ?? detail.mode}`;
  }
  return entry.reason ?? "";
};

export class AuditView {
  constructor(ctx) {
    this.ctx = ctx;
    this.cursor = null;
    this.element = this.render();
  }

  render() {
    const { t } = this.ctx;
    const input = (name, type = "text") =>
      h("input", { id: `audit-${name}`, name, type, autocomplete: "off" });
    this.fields = {
      comment_id: input("comment_id"),
      moderator: input("moderator"),
      article_id: input("article_id"),
      since: input("since", "datetime-local"),
      until: input("until", "datetime-local"),
    };
    const labels = { comment_id: t.commentId, moderator: t.moderator, article_id: t.articleId,
      since: t.since, until: t.until };
    this.rows = h("tbody");
    this.state = h("p", { class: "state", role: "status" });
    this.moreButton = h("button", { type: "button", class: "more", hidden: true,
      onclick: () => this.load(this.cursor) }, t.more);
    return section("audit", t.audit,
      h("form", { class: "filters", role: "search", "aria-label": t.auditFilters,
        onsubmit: onSubmit(() => this.load()) },
      Object.entries(this.fields).map(([name, control]) => field(control.id, labels[name], control)),
      h("div", { class: "buttons" }, h("button", { type: "submit", class: "primary" }, t.search))),
      h("table", {},
        h("thead", {}, h("tr", {},
          [t.when, t.who, t.what, t.comment, t.article, t.change, t.reason]
            .map((title) => h("th", { scope: "col" }, title)))),
        this.rows),
      this.state, this.moreButton);
  }

  show() {
    return this.load();
  }

  query() {
    const query = {};
    for (const [name, control] of Object.entries(this.fields)) {
      const value = control.value.trim();
      if (!value) continue;
      // datetime-local is the moderator's local time; the service wants UTC.
      query[name] = control.type === "datetime-local" ? new Date(value).toISOString() : value;
    }
    return query;
  }

  async load(cursor = null) {
    const { t, lang, client } = this.ctx;
    if (!cursor) this.rows.replaceChildren();
    this.state.textContent = t.loading;
    const answer = await client
      .get("v1/moderation/audit", { ...this.query(), limit: AUDIT_PAGE, cursor })
      .catch(() => null);
    if (answer?.status !== 200) {
      this.state.textContent = answer?.status === 400 ? t.failed(answer.data?.detail) : t.loadFailed;
      return;
    }
    const status = (value) => (value ? t.status[value] ?? value : "");
    this.rows.append(...answer.data.items.map((entry) => h("tr", {},
      h("td", {}, h("time", { datetime: entry.at }, dateTime(entry.at, lang))),
      h("td", {}, entry.actor),
      h("td", {}, t.auditActions[entry.action] ?? entry.action),
      h("td", {}, entry.comment_id ? h("code", {}, entry.comment_id) : ""),
      h("td", {}, entry.article_id ? h("code", {}, entry.article_id) : ""),
      h("td", {}, entry.from_status ? `${status(entry.from_status)} → ${status(entry.to_status)}` : ""),
      h("td", {}, auditDetail(entry, t)))));
    this.cursor = answer.data.next_cursor;
    this.moreButton.hidden = !this.cursor;
    this.state.textContent = this.rows.childElementCount ? "" : t.auditEmpty;
  }
}

export class ArticlesView {
  constructor(ctx) {
    this.ctx = ctx;
    this.element = this.render();
  }

  render() {
    const { t } = this.ctx;
    this.articleId = h("input", { id: "article-id", required: true, autocomplete: "off",
      pattern: "[A-Za-z0-9._:\\/\\-]{1,200}" });
    this.open = h("input", { type: "checkbox", id: "article-open" });
    this.modes = Object.fromEntries(["post", "pre"].map((mode) => [mode,
      h("input", { type: "radio", name: "mode", value: mode, id: `article-mode-${mode}` })]));
    this.settings = h("form", { class: "settings", hidden: true,
      onsubmit: onSubmit(() => this.save()) },
    h("div", { class: "field check" }, this.open, h("label", { for: this.open.id }, t.open)),
    h("fieldset", {}, h("legend", {}, t.mode),
      Object.entries(this.modes).map(([mode, radio]) =>
        h("div", { class: "field check" }, radio, h("label", { for: radio.id }, t.modes[mode])))),
    h("div", { class: "buttons" }, h("button", { type: "submit", class: "primary" }, t.save)));
    this.state = h("p", { class: "state", role: "status" });
    return section("articles", t.articles,
      h("form", { class: "filters", onsubmit: onSubmit(() => this.load()) },
      field(this.articleId.id, t.articleId, this.articleId),
      h("div", { class: "buttons" }, h("button", { type: "submit" }, t.load))),
      this.settings, this.state);
  }

  show() {}

  async load() {
    const { t, client } = this.ctx;
    this.loaded = this.articleId.value.trim();
    const answer = await client.get(articlePath(this.loaded)).catch(() => null);
    if (answer?.status !== 200) {
      this.settings.hidden = true;
      this.state.textContent = t.failed(answer?.data?.detail);
      return;
    }
    this.open.checked = answer.data.open;
    this.modes[answer.data.mode].checked = true;
    this.settings.hidden = false;
    this.state.textContent = "";
    this.open.focus();
  }

  async save() {
    const { t, client } = this.ctx;
    const mode = this.modes.pre.checked ? "pre" : "post";
    const answer = await client
      .put(articlePath(this.loaded), { open: this.open.checked, mode })
      .catch(() => null);
    this.state.textContent = answer?.status === 200 ? t.saved : t.failed(answer?.data?.detail);
  }
}

export class KeysView {
  constructor(ctx) {
    this.ctx = ctx;
    this.element = this.render();
  }

  render() {
    const { t } = this.ctx;
    this.name = h("input", { id: "key-name", required: true, autocomplete: "off",
      pattern: "[A-Za-z0-9._\\-]{1,64}", "aria-describedby": "key-name-hint" });
    this.role = h("select", { id: "key-role" },
      ["moderator", "admin"].map((role) => h("option", { value: role }, t.roles[role])));
    this.created = h("div", { class: "created", role: "alert" });
    this.rows = h("tbody");
    this.state = h("p", { class: "state", role: "status" });
    return section("keys", t.keys,
      h("form", { class: "filters", onsubmit: onSubmit(() => this.create()) },
      field(this.name.id, t.keyName, this.name),
      field(this.role.id, t.role, this.role),
      h("div", { class: "buttons" }, h("button", { type: "submit", class: "primary" }, t.createKey)),
      h("p", { class: "hint", id: "key-name-hint" }, t.badKeyName)),
      this.created,
      h("table", {},
        h("thead", {}, h("tr", {},
          [t.keyName, t.role, t.created, t.state, ""].map((title) => h("th", { scope: "col" }, title)))),
        this.rows),
      this.state);
  }

  async show() {
    this.created.replaceChildren();
    await this.load();
  }

  async load() {
    const { t, lang, client } = this.ctx;
    const answer = await client.get("v1/moderation/keys").catch(() => null);
    if (answer?.status !== 200) {
      this.state.textContent = t.loadFailed;
      return;
    }
    this.rows.replaceChildren(...answer.data.map((key) => h("tr", { "data-key": key.name },
      h("th", { scope: "row" }, key.name),
      h("td", {}, t.roles[key.role] ?? key.role),
      h("td", {}, dateTime(key.created_at, lang)),
      h("td", {}, key.revoked_at ? t.revokedAt(dateTime(key.revoked_at, lang)) : t.active),
      h("td", {}, key.revoked_at ? "" : this.revokeButton(key.name)))));
  }

  revokeButton(name) {
    const { t } = this.ctx;
    const cell = h("span", { class: "revoke" });
    const button = h("button", { type: "button", class: "danger", "aria-label": `${t.revoke}: ${name}`,
      onclick: () => {
        const close = () => {
          confirm.remove();
          button.hidden = false;
          button.focus();
        };
        const confirm = h("span", { class: "confirm", role: "group", "aria-label": t.confirmRevoke(name),
          onkeydown: (event) => event.key === "Escape" && close() },
        h("span", {}, t.confirmRevoke(name)),
        h("button", { type: "button", class: "danger", onclick: () => this.revoke(name) }, t.revoke),
        h("button", { type: "button", onclick: close }, t.cancel));
        button.hidden = true;
        cell.append(confirm);
        confirm.querySelector("button").focus();
      } }, t.revoke);
    cell.append(button);
    return cell;
  }

  async create() {
    const { t, client } = this.ctx;
    const name = this.name.value.trim();
    const answer = await client.post("v1/moderation/keys", { name, role: this.role.value })
      .catch(() => null);
    if (answer?.status !== 201) {
      const problem = answer?.data;
      this.state.textContent = problem?.code === "key_exists" ? t.keyExists
        : problem?.field === "name" ? t.badKeyName : t.failed(problem?.detail);
      return;
    }
    // Shown once and kept nowhere: the service stores only a hash of it.
    this.created.replaceChildren(h("p", {}, t.newKeyShown(name)),
      h("output", { class: "new-key" }, h("code", {}, answer.data.key)));
    this.name.value = "";
    this.state.textContent = "";
    await this.load();
  }

  async revoke(name) {
    const { t, client } = this.ctx;
    const answer = await client.delete(`v1/moderation/keys/${encodeURIComponent(name)}`)
      .catch(() => null);
    if (answer?.status === 401) return; // it was this moderator's own key
    this.state.textContent = answer?.status === 204 ? t.revoked(name) : t.failed(answer?.data?.detail);
    await this.load();
    // The row that had the focus was rebuilt: the focus goes back to the top.
    this.element.querySelector("h2").focus();
  }
}
