/* Talking to the service that served this file. */

// This module is served at BASE/embed/VERSION/api.js; BASE may carry a path prefix.
const BASE = new URL("../../", import.meta.url);

// Resolves to {status, data, retryAfter}; rejects only when no answer came back.
export const api = async (method, path, { json, headers = {}, signal } = {}) => {
  const init = { method, headers, signal, credentials: "omit" };
  if (json !== undefined) {
    init.headers = { ...headers, "content-type": "application/json" };
    init.body = JSON.stringify(json);
  }
  const response = await fetch(new URL(path, BASE), init);
  const isJson = /json/.test(response.headers.get("content-type") || "");
  const data = isJson ? await response.json().catch(() => null) : null;
  return { status: response.status, data, retryAfter: response.headers.get("retry-after") };
};

export const commentsPath = (articleId) =>
  `v1/articles/${encodeURIComponent(articleId)}/comments`;

let policyNames = null;

// What each finding type is called ({ko, en} by type), from the policies themselves.
export const loadPolicyNames = () =>
  (policyNames ??= api("GET", "v1/policies")
    .then(({ status, data }) =>
      status === 200 ? Object.fromEntries(data.items.map((p) => [p.type, p.names])) : {},
    )
    .catch(() => ({})));
