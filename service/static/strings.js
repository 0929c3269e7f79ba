/* What the widget says, in Korean and English, and how it writes times. */
import { h } from "./dom.js";

// 로 after a vowel or ㄹ, 으로 after any other final consonant (전화번호로, 주소로).
const ro = (word) => {
  const code = word.replace(/\s*\([^)]*\)$/, "").slice(-1).charCodeAt(0) - 0xac00;
  const final = code >= 0 && code < 11172 ? code % 28 : 0;
  return final === 0 || final === 8 ? "로" : "으로";
};

export const STRINGS = {
  ko: {
    heading: (n) => `댓글 ${n.toLocaleString("ko")}`,
    sort: "정렬",
    newest: "최신순",
    oldest: "오래된순",
    loading: "댓글을 불러오는 중…",
    loadFailed: "댓글을 불러오지 못했습니다.",
    retry: "다시 시도",
    more: "댓글 더 보기",
    loadedMore: (n) => `댓글 ${n}개를 더 불러왔습니다.`,
    empty: "아직 댓글이 없습니다. 첫 댓글을 남겨 주세요.",
    justNow: "방금 전",
    own: "내 댓글",
    reply: "답글",
    replyTo: (name) => `${name}님에게 답글`,
    cancel: "취소",
    report: "신고",
    reportReason: "신고 사유",
    reasons: {
      personal_info: "개인정보 노출",
      spam: "광고·스팸",
      abuse: "욕설·비방",
      other: "기타",
    },
    sendReport: "신고하기",
    reported: "신고했습니다. 담당자가 확인합니다.",
    reportedButton: "신고됨",
    withdraw: "삭제",
    confirmWithdraw: "이 댓글을 삭제할까요?",
    confirmWithdrawButton: "삭제하기",
    withdrawn: "댓글을 삭제했습니다.",
    withdrawnPlaceholder: "작성자가 삭제한 댓글입니다.",
    actionFailed: "요청을 처리하지 못했습니다. 잠시 후 다시 시도해 주세요.",
    write: "댓글 쓰기",
    nickname: "닉네임",
    body: "댓글",
    placeholder: "기사에 대한 의견을 남겨 주세요. 전화번호 같은 개인정보는 쓰지 마세요.",
    counter: (n, max) => `${n.toLocaleString("ko")}/${max.toLocaleString("ko")}자`,
    submit: "등록",
    submitReply: "답글 등록",
    sending: "등록하는 중…",
    found: (name) => `${name}${ro(name)} 보이는 부분이 있습니다`,
    foundGeneric: "개인정보로 보이는 부분이 있습니다",
    inNickname: (message) => `닉네임: ${message}`,
    willBlock: "이대로는 등록할 수 없습니다. 표시한 부분을 지우거나 고쳐 주세요.",
    willHold: "이대로 등록하면 담당자가 확인한 뒤에 게시됩니다.",
    willMask: "이대로 등록하면 표시한 부분은 가려서 게시됩니다.",
    published: "댓글을 등록했습니다.",
    held: "댓글을 접수했습니다. 담당자가 확인한 뒤에 게시됩니다.",
    heldFor: (names) => `댓글을 접수했습니다. ${names}${ro(names)} 보이는 부분이 있어 담당자가 확인한 뒤에 게시됩니다.`,
    blocked: "개인정보로 보이는 부분이 있어 등록하지 않았습니다.",
    closed: "이 기사에는 더 이상 댓글을 달 수 없습니다.",
    rateLimited: (s) => `댓글을 너무 자주 등록했습니다. ${s}초 뒤에 다시 등록할 수 있습니다.`,
    rateLimitOver: "이제 다시 등록할 수 있습니다.",
    tooLong: (max) => `댓글은 ${max.toLocaleString("ko")}자까지 쓸 수 있습니다.`,
    needNickname: "닉네임을 입력해 주세요.",
    needBody: "댓글 내용을 입력해 주세요.",
    invalid: (field) => `${field}을(를) 확인해 주세요.`,
    networkError: "연결 문제로 등록되었는지 확인하지 못했습니다. 다시 시도해도 한 번만 등록됩니다.",
    failed: "등록하지 못했습니다. 잠시 후 다시 시도해 주세요.",
    landedEarlier: "고치기 전의 댓글이 이미 등록되어 있습니다. 목록에서 확인해 주세요.",
  },
  en: {
    heading: (n) => (n === 1 ? "1 comment" : `${n.toLocaleString("en")} comments`),
    sort: "Sort",
    newest: "Newest",
    oldest: "Oldest",
    loading: "Loading comments…",
    loadFailed: "The comments could not be loaded.",
    retry: "Try again",
    more: "More comments",
    loadedMore: (n) => `Loaded ${n} more comment${n === 1 ? "" : "s"}.`,
    empty: "No comments yet. Be the first.",
    justNow: "just now",
    own: "You",
    reply: "Reply",
    replyTo: (name) => `Reply to ${name}`,
    cancel: "Cancel",
    report: "Report",
    reportReason: "Why are you reporting this?",
    reasons: {
      personal_info: "Personal information",
      spam: "Spam or advertising",
      abuse: "Abuse or harassment",
      other: "Something else",
    },
    sendReport: "Send report",
    reported: "Thanks, a moderator will look at it.",
    reportedButton: "Reported",
    withdraw: "Delete",
    confirmWithdraw: "Delete this comment?",
    confirmWithdrawButton: "Delete it",
    withdrawn: "Your comment was deleted.",
    withdrawnPlaceholder: "The author deleted this comment.",
    actionFailed: "That did not work. Please try again in a moment.",
    write: "Write a comment",
    nickname: "Nickname",
    body: "Comment",
    placeholder: "Share your view on the article. Please leave out personal details such as phone numbers.",
    counter: (n, max) => `${n.toLocaleString("en")}/${max.toLocaleString("en")} characters`,
    submit: "Post",
    submitReply: "Post reply",
    sending: "Posting…",
    found: (name) => `This looks like ${/^[aeio]/i.test(name) ? "an" : "a"} ${name}`,
    foundGeneric: "This looks like personal information",
    inNickname: (message) => `Nickname: ${message}`,
    willBlock: "This cannot be posted as it is. Please remove or change the marked parts.",
    willHold: "If you post this, a moderator will check it before it appears.",
    willMask: "If you post this, the marked parts will be hidden.",
    published: "Your comment is posted.",
    held: "Thanks, your comment will appear once a moderator has checked it.",
    heldFor: (names) => `Thanks. Your comment seems to contain personal information (${names}), so it will appear once a moderator has checked it.`,
    blocked: "Not posted: parts of it look like personal information.",
    closed: "Comments on this article are closed.",
    rateLimited: (s) => `You are posting too often. You can post again in ${s} seconds.`,
    rateLimitOver: "You can post again now.",
    tooLong: (max) => `A comment can be at most ${max.toLocaleString("en")} characters long.`,
    needNickname: "Please enter a nickname.",
    needBody: "Please write a comment.",
    invalid: (field) => `Please check the ${field.toLowerCase()}.`,
    networkError: "We could not tell whether your comment was posted. Trying again posts it at most once.",
    failed: "Your comment could not be posted. Please try again in a moment.",
    landedEarlier: "The version before your edit had already been posted: it is in the list below.",
  },
};

// The widget's language: data-lang, else the page's lang, else the browser's.
export const chooseLanguage = (element) => {
  const declared =
    element.dataset.lang || element.closest("[lang]")?.lang || navigator.language || "";
  return declared.toLowerCase().startsWith("ko") ? "ko" : "en";
};

// Seconds in each unit that relative times are written in.
const UNITS = [
  ["year", 31536000],
  ["month", 2592000],
  ["week", 604800],
  ["day", 86400],
  ["hour", 3600],
  ["minute", 60],
];

// "3분 전", "yesterday": the age of `date`; a clock running ahead never says "in 2 seconds".
export const relativeTime = (date, lang) => {
  const seconds = Math.min(0, (date - Date.now()) / 1000);
  const format = new Intl.RelativeTimeFormat(lang, { numeric: "auto" });
  for (const [unit, size] of UNITS) {
    if (-seconds >= size) return format.format(Math.trunc(seconds / size), unit);
  }
  return STRINGS[lang].justNow;
};

export const timeElement = (iso, lang) => {
  const date = new Date(iso);
  const full = new Intl.DateTimeFormat(lang, { dateStyle: "long", timeStyle: "short" });
  return h("time", { datetime: iso, title: full.format(date) }, relativeTime(date, lang));
};

