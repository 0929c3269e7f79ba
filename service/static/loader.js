/* moderato embed loader. It is cached for minutes and the widget for a year, under a
 * path that changes with its content: so a new widget reaches readers within minutes. */
(() => {
  "use strict";
  const loader = document.currentScript;
  if (!loader) return;
  const widget = document.createElement("script");
  widget.type = "module"; // run once per page however often the loader is included
  // The query carries the service's limits (longest comment and nickname).
  widget.src = new URL("embed/__VERSION__/main.js?__CONFIG__", loader.src).href;
  // A page whose CSP admits scripts by nonce admits the widget with the loader's nonce.
  if (loader.nonce) widget.nonce = loader.nonce;
  document.head.append(widget);
})();
