/* moderato moderator console, served at /console. No build step: these modules are what
 * the browser runs. Rules it keeps:
 * - the API key stays in this tab's sessionStorage and goes only into Authorization;
 * - comment text and nicknames only ever become text nodes, never HTML;
 * - a decision carries the version on screen and is never retried on the moderator's
 *   behalf after a conflict.
 */
import { App } from "./app.js";
import { chooseLanguage } from "./text.js";

new App(document.getElementById("console"), chooseLanguage()).start();
