/* The console: sign-in, then the screens this key's role may see, kept live. */
import { ArticlesView, AuditView, KeysView } from "./admin.js";
import { loadPolicyNames } from "./api.js";
import { Client, savedKey } from "./client.js";
import { h } from "./dom.js";
import { QueueView } from "./queues.js";
import { LiveStream } from "./stream.js";
import { TEXT } from "./text.js";

const AGES_EVERY_MS = 30000;

export class App {
  constructor(root, lang) {
    this.root = root;
    this.lang = lang;
    this.t = TEXT[lang];
    document.documentElement.lang = lang;
    document.title = `${this.t.title} — moderato`;
  }

  async start() {
    const key = savedKey.get();
    if (key) await this.signIn(key);
    else this.showSignIn();
  }

  // -- signing in and out ---------------------------------------------------------------

  showSignIn(message = "") {
    const t = this.t;
    const input = h("input", { id: "api-key", name: "key", type: "password", required: true,
      autocomplete: "off", spellcheck: "false", "aria-describedby": "api-key-hint signin-error" });
    const error = h("p", { id: "signin-error", class: "error", role: "alert" }, message);
    const button = h("button", { type: "submit", class: "primary" }, t.signIn);
    const form = h("form", { class: "signin", onsubmit: async (event) => {
      event.preventDefault();
      button.disabled = true;
      button.textContent = t.signingIn;
      error.textContent = "";
      await this.signIn(input.value.trim());
    } },
    h("div", { class: "field" }, h("label", { for: input.id }, t.apiKey), input),
    h("p", { class: "hint", id: "api-key-hint" }, t.apiKeyHint),
    error,
    h("div", { class: "buttons" }, button));
    this.root.replaceChildren(h("main", { class: "signin-page" },
      h("h1", {}, t.signInHeading), form, this.languageLink()));
    input.focus();
  }

  async signIn(key) {
    const client = new Client(key, () => this.signOut(this.t.keyRevoked));
    const answer = await client.get("v1/moderation/me").catch(() => null);
    if (answer?.status !== 200) {
      savedKey.clear();
      return this.showSignIn(answer?.status === 401 ? this.t.badKey : this.t.unreachable);
    }
    savedKey.set(key);
    this.client = client;
    this.me = answer.data;
    await this.showConsole();
  }

  signOut(message = "") {
    this.stream?.stop();
    this.view?.hide?.();
    clearInterval(this.ages);
    removeEventListener("pagehide", this.onLeave);
    savedKey.clear();
    this.client = this.me = this.view = this.stream = null;
    this.showSignIn(message);
  }

  languageLink() {
    const other = this.t.otherLanguageCode;
    const url = new URL(location.href);
    url.searchParams.set("lang", other);
    return h("a", { class: "language", href: url.search, lang: other, hreflang: other },
      this.t.otherLanguage);
  }

  // -- the signed-in console ----------------------------------------------------------------

  async showConsole() {
    const t = this.t;
    this.polite = h("div", { class: "visually-hidden", role: "status", "aria-live": "polite" });
    this.assertive = h("div", { class: "visually-hidden", role: "alert", "aria-live": "assertive" });
    const ctx = {
      t,
      lang: this.lang,
      client: this.client,
      me: this.me,
      names: await loadPolicyNames(),
      announce: (message) => say(this.polite, message),
      alert: (message) => say(this.assertive, message),
    };
    this.queues = new QueueView(ctx);
    this.views = { queues: this.queues };
    if (this.me.role === "admin") {
      Object.assign(this.views,
        { audit: new AuditView(ctx), articles: new ArticlesView(ctx), keys: new KeysView(ctx) });
    }
    this.navButtons = Object.fromEntries(Object.keys(this.views).map((name) => [name,
      h("button", { type: "button", onclick: () => this.showView(name, { focus: true }) },
        t.nav[name])]));
    this.liveState = h("span", { class: "live-state" });
    this.main = h("main", { id: "main" });
    this.root.replaceChildren(
      h("header", { class: "top" },
        h("h1", {}, "moderato ", h("span", {}, t.title)),
        h("nav", { "aria-label": t.sections },
          h("ul", {}, Object.values(this.navButtons).map((button) => h("li", {}, button)))),
        h("div", { class: "who" }, this.liveState,
          h("span", { class: "me" }, t.signedInAs(this.me.name, this.me.role)),
          this.languageLink(),
          h("button", { type: "button", onclick: () => this.signOut() }, t.signOut))),
      this.main, this.polite, this.assertive);
    this.stream = new LiveStream(this.client, {
      event: (event) => this.view === this.queues && this.queues.onEvent(event),
      reset: () => this.view === this.queues && this.queues.reload(),
      state: (state) => {
        this.liveState.textContent = t.live[state];
        this.liveState.dataset.state = state;
      },
    });
    this.stream.start();
    this.ages = setInterval(() => this.queues.refreshAges(), AGES_EVERY_MS);
    // Leaving the page releases the claim on the open comment.
    this.onLeave = () => this.queues.close({ leaving: true });
    addEventListener("pagehide", this.onLeave);
    await this.showView("queues");
  }

  async showView(name, { focus = false } = {}) {
    if (this.view === this.views[name]) return;
    this.view?.hide?.();
    this.view = this.views[name];
    for (const [other, button] of Object.entries(this.navButtons)) {
      if (other === name) button.setAttribute("aria-current", "page");
      else button.removeAttribute("aria-current");
    }
    this.main.replaceChildren(this.view.element);
    if (focus) this.view.element.querySelector("h2")?.focus();
    await this.view.show();
  }
}

// Emptied first, so that the same message twice is announced twice.
const say = (region, message) => {
  region.textContent = "";
  setTimeout(() => (region.textContent = message), 50);
};
