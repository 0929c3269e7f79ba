/* The moderation API, called with the moderator's key.
 *
 * The key lives in this tab's sessionStorage only: it goes nowhere but the
 * Authorization header, never into a URL, a log or storage that outlives the tab. */

// This module is served at BASE/console/VERSION/client.js; BASE may carry a path prefix.
export const BASE = new URL("../../", import.meta.url);
const KEY = "moderato.console.key";

export const savedKey = {
  get: () => sessionStorage.getItem(KEY),
  set: (key) => sessionStorage.setItem(KEY, key),
  clear: () => sessionStorage.removeItem(KEY),
};

export class Client {
  // `onUnauthorized` runs once when the service stops accepting the key (revoked).
  constructor(key, onUnauthorized) {
    this.key = key;
    this.onUnauthorized = onUnauthorized;
  }

  headers(extra = {}) {
    return { ...extra, Authorization: `Bearer ${this.key}` };
  }

  url(path, query = {}) {
    const url = new URL(path, BASE);
    for (const [name, value] of Object.entries(query)) {
      if (value !== null && value !== undefined && value !== "") url.searchParams.set(name, value);
    }
    return url;
  }

  // Resolves to {status, data}; rejects only when no answer came back.
  async request(method, path, { json, query, signal, keepalive } = {}) {
    const init = { method, signal, keepalive, credentials: "omit", headers: this.headers() };
    if (json !== undefined) {
      init.headers["content-type"] = "application/json";
      init.body = JSON.stringify(json);
    }
    const response = await fetch(this.url(path, query), init);
    if (response.status === 401) this.unauthorized();
    const isJson = /json/.test(response.headers.get("content-type") || "");
    const data = isJson ? await response.json().catch(() => null) : null;
    return { status: response.status, data };
  }

  unauthorized() {
    const callback = this.onUnauthorized;
    this.onUnauthorized = null; // once: every request in flight fails the same way
    callback?.();
  }

  get = (path, query) => this.request("GET", path, { query });
  post = (path, json) => this.request("POST", path, { json });
  put = (path, json) => this.request("PUT", path, { json });
  delete = (path) => this.request("DELETE", path);
}

export const commentPath = (id, rest = "") =>
  `v1/moderation/comments/${encodeURIComponent(id)}${rest}`;

// Article ids may contain "/", which the API takes as it is.
export const articlePath = (articleId) =>
  `v1/moderation/articles/${articleId.split("/").map(encodeURIComponent).join("/")}`;
