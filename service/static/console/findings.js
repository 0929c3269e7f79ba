/* A comment's text with its findings marked, and why each one was held.
 *
 * Offsets from the service count code points, as Python does; JavaScript strings count
 * UTF-16 units, so texts are cut as arrays of code points here. */
import { h } from "./dom.js";

// A finding's type as readers of this language call it, from the policies.
export const typeName = (type, names, lang) => names[type]?.[lang] ?? names[type]?.en ?? type;

// The text with each finding of `field` as a <mark>, its type name right after it.
export const markedText = (text, findings, field, { names, lang, t }) => {
  const points = Array.from(text);
  const spans = findings
    .filter((finding) => (finding.field ?? "body") === field)
    .sort((a, b) => a.start - b.start);
  const nodes = [];
  let at = 0;
  for (const finding of spans) {
    if (finding.start < at || finding.end > points.length) continue; // not for this text
    const name = typeName(finding.type, names, lang);
    nodes.push(points.slice(at, finding.start).join(""));
    nodes.push(
      h("mark", { "data-type": finding.type, title: explanationText(finding, names, lang, t) },
        points.slice(finding.start, finding.end).join("")),
      h("span", { class: "tag", "data-skip": "" }, name),
    );
    at = finding.end;
  }
  nodes.push(points.slice(at).join(""));
  return nodes;
};

// Why a finding was held: what the finding itself says (its type, confidence and
// action) followed by the engine's reasons (what it undid, how it put a number
// together, its checks, the words nearby); or the engine's own words when it gives a
// string, a list of them, or one per language.
const explanation = (finding, names, lang, t) => {
  const given = finding.explanation;
  if (typeof given === "string" && given) return [given];
  if (Array.isArray(given) && given.length) return given.map(String);
  if (given && typeof given === "object" && (given[lang] || given.en)) {
    return [].concat(given[lang] || given.en).map(String);
  }
  const summary = t.defaultExplanation(finding, typeName(finding.type, names, lang));
  return [summary, ...(given && typeof given === "object" ? explained(given, t.explained) : [])];
};

// The sentences of the engine's structured explanation, in the console's language.
const explained = (given, words) => {
  const sentences = [];
  const undone = Array.isArray(given.undone) ? given.undone : [];
  if (undone.length) sentences.push(words.undone(undone.map((what) => words.undoneNames[what] ?? what)));
  if (given.assembled) sentences.push(words.assembled[given.assembled] ?? given.assembled);
  const verdicts = Object.entries(given.verdicts ?? {});
  if (verdicts.length) {
    sentences.push(words.verdicts(verdicts
      .map(([check, verdict]) => `${check} ${words.verdictNames[verdict] ?? verdict}`).join(", ")));
  }
  if (given.context) sentences.push(words.context(given.context));
  if (given.negative) sentences.push(words.negative(given.negative));
  return sentences;
};

const explanationText = (finding, names, lang, t) =>
  `${typeName(finding.type, names, lang)}: ${explanation(finding, names, lang, t).join(" ")}`;

// The list under the text: each finding's type, field, confidence and explanation.
export const findingList = (findings, context) => {
  if (!findings.length) return null;
  const { names, lang, t } = context;
  return h("ul", { class: "findings", "aria-label": t.findings },
    findings.map((finding) => h("li", {},
      h("span", { class: "finding-type", "data-type": finding.type },
        typeName(finding.type, names, lang)),
      finding.field === "author" ? h("span", { class: "finding-field" }, t.inNickname) : null,
      h("span", { class: "finding-why" }, explanation(finding, names, lang, t).join(" ")))));
};

// Code-point offsets in `container`'s text of the user's selection inside it, leaving out
// the type names shown after each mark; [] when nothing in it is selected.
export const selectedSpans = (container) => {
  const selection = document.getSelection();
  if (!selection || selection.isCollapsed) return [];
  const spans = [];
  for (let index = 0; index < selection.rangeCount; index += 1) {
    const range = selection.getRangeAt(index);
    if (!container.contains(range.commonAncestorContainer)) continue;
    const start = offsetOf(container, range.startContainer, range.startOffset);
    const end = offsetOf(container, range.endContainer, range.endOffset);
    if (end > start) spans.push({ start, end });
  }
  return spans;
};

// Code points of text before (`node`, `offset`), counting only the comment's own text.
const offsetOf = (container, node, offset) => {
  const boundary = document.createRange();
  boundary.setStart(container, 0);
  boundary.setEnd(node, offset);
  const walker = document.createTreeWalker(container, NodeFilter.SHOW_TEXT);
  let count = 0;
  for (let text = walker.nextNode(); text; text = walker.nextNode()) {
    if (text.parentElement.closest("[data-skip]") || !boundary.intersectsNode(text)) continue;
    const value = text === node ? text.data.slice(0, offset) : text.data;
    count += Array.from(value).length;
  }
  return count;
};
