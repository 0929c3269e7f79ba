/* moderato comment widget, loaded by /embed.js. It mounts into every
 * <div id="moderato-comments" data-article-id="..."> on the page (or class
 * "moderato-comments", or any element with data-moderato), each in its own shadow root.
 *
 * Rules the widget keeps:
 * - nicknames and comment text only ever become text nodes, never HTML;
 * - its styles are one constructed stylesheet adopted by each shadow root, so the
 *   page's CSS and ours stay apart, and a page with a strict CSP needs nothing but
 *   script-src and connect-src for the service;
 * - a post whose outcome is unknown is retried only under the same Idempotency-Key,
 *   so a comment never lands twice.
 */
import { Widget } from "./widget.js";

const SELECTOR = "#moderato-comments, .moderato-comments, [data-moderato]";
const ARTICLE_ID = /^[A-Za-z0-9._:/-]{1,200}$/;

// The service's limits, which the loader passes on in this module's URL.
const config = new URL(import.meta.url).searchParams;
const limits = {
  body: Number(config.get("max_body")) || 5000,
  author: Number(config.get("max_author")) || 40,
};

// Fetched rather than linked: a <link> would need the page's style-src to allow us.
const stylesheet = fetch(new URL("widget.css", import.meta.url), { credentials: "omit" })
  .then((response) => (response.ok ? response.text() : ""))
  .catch(() => "")
  .then((css) => {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    return sheet;
  });

const mountAll = async () => {
  const sheet = await stylesheet;
  for (const host of document.querySelectorAll(SELECTOR)) {
    if (host.shadowRoot) continue; // mounted already
    const articleId = host.dataset.articleId ?? "";
    if (!ARTICLE_ID.test(articleId)) {
      console.error("moderato: data-article-id must be 1-200 of A-Z a-z 0-9 . _ : / -", host);
      continue;
    }
    new Widget(host, articleId, limits).mount(sheet);
  }
};

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mountAll);
else mountAll();
