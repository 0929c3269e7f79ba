/* Building the widget's elements, and what it remembers between visits. */

// Builds an element. String children become text nodes: nothing is ever parsed as HTML.
export const h = (tag, attributes = {}, ...children) => {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith("on")) element.addEventListener(name.slice(2), value);
    else element.setAttribute(name, value === true ? "" : String(value));
  }
  element.append(...children.flat().filter((child) => child !== null && child !== false));
  return element;
};

let lastId = 0;
// Ids for label/aria references, unique across the widgets on a page.
export const nextId = (prefix) => `moderato-${prefix}-${++lastId}`;

// Storage may be unavailable (blocked third-party storage, private modes): then the
// widget forgets between visits and otherwise works.
export const stored = {
  get(key, fallback) {
    try {
      return JSON.parse(localStorage.getItem(`moderato.${key}`)) ?? fallback;
    } catch {
      return fallback;
    }
  },
  set(key, value) {
    try {
      localStorage.setItem(`moderato.${key}`, JSON.stringify(value));
    } catch {
      /* see above */
    }
  },
};

const KEPT_TOKENS = 200;

// The tokens that let this reader withdraw their own comments, by comment id.
export const tokens = {
  get: (id) => stored.get("tokens", {})[id],
  set(id, token) {
    const all = stored.get("tokens", {});
    all[id] = token;
    const ids = Object.keys(all); // oldest first
    for (const old of ids.slice(0, Math.max(0, ids.length - KEPT_TOKENS))) delete all[old];
    stored.set("tokens", all);
  },
  delete(id) {
    const all = stored.get("tokens", {});
    delete all[id];
    stored.set("tokens", all);
  },
};
