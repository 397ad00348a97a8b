// Search page of the bulletin (/tim-kiem/): Pagefind's JS API, our own small UI.
//
// Pagefind fetches only the index chunks a query needs from ../pagefind/ (no network
// beyond the site). Pagefind already folds tones and vowel marks; đ typed as d is
// found through the "fold" metadata the build adds to each article (search.py).
// The query is kept in ?q= so that a search can be linked and shared.
//
// Honest matching (issue 13): Pagefind matches every query word as a word beginning,
// so "doi tuan tra" found articles with "trào" and "trật". A submitted query (Enter,
// ?q=) matches whole syllables only, with or without diacritics; while typing, only
// the last word may be a beginning. Pagefind's own exact search (a word in quotes)
// says which articles have each word whole; its ranking of the plain query orders them.

const root = new URL("../", import.meta.url); // this file is at <site>/assets/
const form = document.getElementById("bt-search-form");
const input = document.getElementById("bt-search-input");
const status = document.getElementById("bt-search-status");
const list = document.getElementById("bt-search-results");
const more = document.getElementById("bt-search-more");
const PAGE_SIZE = 10;
const baseTitle = document.title;

// Word pastes the Icelandic eth for Đ; readers paste NFD text from PDFs.
export function normalise(query) {
  return query.replace(/\u00d0/g, "\u0110").replace(/\u00f0/g, "\u0111")
    .normalize("NFC").replace(/\s+/g, " ").trim();
}

// "Đội" -> "doi": no tones, no vowel marks, đ as d, lower case.
export function fold(text) {
  return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "")
    .replace(/[\u0110\u0111\u00d0\u00f0]/g, "d").toLowerCase();
}

// Tone marks (grave, acute, tilde, hook, dot below): a word typed with diacritics is
// highlighted where it is written the same, whichever the tone's placement (Thuỷ/Thủy).
const TONES = /[\u0300\u0301\u0303\u0309\u0323]/g;
function canon(word) {
  const d = word.normalize("NFD").toLowerCase().replace(/\u00f0/g, "\u0111");
  return d.replace(TONES, "") + "|" + (d.match(TONES) || []).sort().join("");
}

// The query's words as matchers: {test(word)}. `typing`: the last one is a beginning.
// A query typed with diacritics is highlighted as written: in "Quảng Nam", "Nam" is not
// "năm"; typed without any ("quang nam"), every form is.
export function matchers(query, typing) {
  const words = query.split(" ").filter(Boolean);
  const marked = words.some((q) => fold(q) !== q.toLowerCase());
  return words.map((q, i) => {
    const prefix = typing && i === words.length - 1;
    const folded = fold(q);
    return {
      prefix,
      test(word) {
        if (prefix) return fold(word).startsWith(folded);
        return marked ? canon(word) === canon(q) : fold(word) === folded;
      },
    };
  });
}

let pagefind = null;
async function engine() {
  if (!pagefind) {
    pagefind = await import(new URL("pagefind/pagefind.js", root).href);
    // diacriticSimilarity: a page with the words as typed ("đội") must come before
    // pages that only match folded ("đói"), however often those repeat the word.
    await pagefind.options({ baseUrl: root.pathname, excerptLength: 28, ranking: { diacriticSimilarity: 30 } });
    pagefind.init();
  }
  return pagefind;
}

// Text with every word that matches a query word in <mark>.
function highlighted(text, terms) {
  const out = document.createDocumentFragment();
  let last = 0;
  for (const match of text.matchAll(/[\p{L}\p{N}]+/gu)) {
    if (!terms.some((t) => t.test(match[0]))) continue;
    out.append(text.slice(last, match.index));
    const mark = document.createElement("mark");
    mark.textContent = match[0];
    out.append(mark);
    last = match.index + match[0].length;
  }
  out.append(text.slice(last));
  return out;
}

// Pagefind's excerpt is HTML with <mark>; keep only its text (never inject markup).
function plain(html) {
  return new DOMParser().parseFromString(html, "text/html").body.textContent || "";
}

// Pagefind's excerpt where it shows a searched word; else the article's summary
// (đ-words typed as d are found through metadata, which excerpts never show, and a
// word only in the article's hidden word list, weighted 0.5, has no passage to show).
function excerpt(data, terms) {
  const inText = (data.weighted_locations || []).some((l) => l.weight > 0.75);
  if (!inText && data.meta.summary) return data.meta.summary;
  let text = plain(data.excerpt);
  const title = data.meta.title || "";
  if (title && text.startsWith(title)) text = text.slice(title.length).replace(/^[.\s]+/, "");
  const shows = (t) => [...t.matchAll(/[\p{L}\p{N}]+/gu)].some((m) => terms.some((q) => q.test(m[0])));
  if (!shows(text) && data.meta.summary) return data.meta.summary;
  return text;
}

function item(data, terms) {
  const li = document.createElement("li");
  li.className = "bt-result";
  const title = document.createElement("h2");
  title.className = "bt-result__title";
  const link = document.createElement("a");
  link.href = data.url;
  link.append(highlighted(data.meta.title || data.url, terms));
  title.append(link);
  li.append(title);
  if (data.meta.date) {
    const meta = document.createElement("p");
    meta.className = "bt-result__meta";
    meta.textContent = data.meta.date;
    li.append(meta);
  }
  const snippet = document.createElement("p");
  snippet.className = "bt-result__snippet";
  snippet.append(highlighted(excerpt(data, terms), terms));
  li.append(snippet);
  return li;
}

function setStatus(state, text) {
  status.dataset.state = state;
  status.textContent = text;
}

let generation = 0;
let results = [];
let shown = 0;

async function showMore(terms, mine) {
  const next = results.slice(shown, shown + PAGE_SIZE);
  const data = await Promise.all(next.map((r) => r.data()));
  if (mine !== generation) return;
  for (const d of data) list.append(item(d, terms));
  shown += next.length;
  more.hidden = shown >= results.length;
}

// Pagefind's results for `query`, keeping only articles that have each word whole
// (all words when submitted; all but the last while typing).
async function find(pf, query, typing) {
  const words = query.replace(/"/g, " ").split(" ").filter(Boolean);
  const ranked = (await pf.search(words.join(" "))).results;
  const whole = typing ? words.slice(0, -1) : words;
  if (!whole.length) return ranked;
  const sets = await Promise.all(whole.map(async (w) => new Set((await pf.search(`"${w}"`)).results.map((r) => r.id))));
  return ranked.filter((r) => sets.every((s) => s.has(r.id)));
}

let currentTerms = [];

async function run(raw, history, typing = false) {
  const query = normalise(raw);
  const mine = ++generation;
  const url = new URL(location.href);
  if (query) url.searchParams.set("q", query); else url.searchParams.delete("q");
  if (history === "push" && url.href !== location.href) window.history.pushState(null, "", url);
  else if (history === "replace") window.history.replaceState(null, "", url);
  document.title = query ? `${query} – ${baseTitle}` : baseTitle;
  list.replaceChildren();
  more.hidden = true;
  results = [];
  shown = 0;
  if (!query) {
    setStatus("done", "");
    return;
  }
  setStatus("loading", "Đang tìm…");
  try {
    const pf = await engine();
    const found = await find(pf, query, typing);
    if (mine !== generation) return;
    results = found;
    const terms = matchers(query.replace(/"/g, " "), typing);
    currentTerms = terms;
    await showMore(terms, mine);
    if (mine !== generation) return;
    const many = query.split(" ").length > 1;
    setStatus("done", results.length
      ? `Tìm thấy ${results.length.toLocaleString("vi")} bài viết cho «${query}»`
      : `Không tìm thấy bài viết nào cho «${query}». ` + (many
        ? "Hãy bỏ bớt từ (mỗi bài phải có đủ mọi từ đã gõ) hoặc kiểm tra chính tả."
        : "Hãy kiểm tra chính tả hoặc thử một từ khác."));
  } catch (error) {
    if (mine !== generation) return;
    setStatus("error", "Không tải được chỉ mục tìm kiếm. Vui lòng thử lại sau.");
    console.warn(error);
  }
}

let timer = 0;
input.addEventListener("input", () => {
  clearTimeout(timer);
  timer = setTimeout(() => run(input.value, "replace", true), 300);
});
form.addEventListener("submit", (event) => {
  event.preventDefault();
  clearTimeout(timer);
  run(input.value, "push");
});
more.addEventListener("click", () => {
  showMore(currentTerms, generation);
});
window.addEventListener("popstate", () => {
  input.value = new URL(location.href).searchParams.get("q") || "";
  run(input.value, null);
});

input.value = new URL(location.href).searchParams.get("q") || "";
if (input.value) run(input.value, "replace");
else {
  setStatus("done", "");
  input.focus();
}
