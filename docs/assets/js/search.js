// Site search on /cari/. Online the index is Pagefind's (loaded only on this page); in
// the offline copy, opened from the file system where Pagefind cannot load, it is a small
// index the page loads as a script (cari/indeks-luring.js) searched with MiniSearch. Both
// answer through the same rules, here:
//
// 1. the query is normalized like lumbung/search.py `normalize` (lower case, no accents);
// 2. a word no page holds is corrected from the known words of cari/kosakata.json (every
//    word of the pages; edit distance <= 2, a word split in two, two words joined), and the
//    page says what it searched;
// 3. words and phrases of a synonym group (TKI, PMI, pekerja migran...; NTB, Nusa
//    Tenggara Barat...) are also searched as the group's other terms, ranked below the
//    query as typed; every group of the query gets its turn;
// 4. when few pages hold every word, pages holding most of them follow, ranked below;
// 5. among the results shown first, pages holding the words exactly (not only a word of
//    the same stem, "calon" for "calo") come first.
//
// The form is a plain GET form: every search is an address (?q=...&provinsi=...) that can
// be shared, and works with the back button. A classic script (module scripts do not load
// from the file system): the site's root is two folders above this file.
(function () {
"use strict";
const ROOT = new URL("../../", document.currentScript.src);
const FILTERS = [
  ["provinsi", "Provinsi", "Semua provinsi"],
  ["kewajiban", "Tugas desa (Pasal 42)", "Semua tugas"],
  ["topik", "Topik", "Semua topik"],
  ["instrumen", "Jenis instrumen", "Semua jenis"],
  ["status", "Status", "Semua status"],
];
const MAX_VARIANTS = 16;  // synonym variants searched, shared in turn among the groups
const FALLBACK_ALTERNATIVES = 4;  // terms of a group tried when matching most words
const FEW = 3;  // fewer results than this with every word: add pages with most words
const PAGE_SIZE = 10;

const $ = (id) => document.getElementById(id);

function normalize(text) {
  return text.toLowerCase().normalize("NFKD").replace(/\p{M}/gu, "")
    .replace(/[^a-z0-9]+/g, " ").trim();
}

// Optimal string alignment distance (a swap of two letters counts 1), or limit + 1.
function distance(a, b, limit) {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let before = null;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + cost);
      if (before && i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        value = Math.min(value, before[j - 2] + 1);
      }
      row.push(value);
      best = Math.min(best, value);
    }
    if (best > limit) return limit + 1;
    before = previous;
    previous = row;
  }
  return previous[b.length];
}

class Lexicon {
  constructor(data) {
    this.groups = data.groups;
    this.words = data.words;  // most frequent first
    this.stop = new Set(data.stopwords || []);
    this.absent = new Set(data.absent || []);  // group terms no page holds
    this.termGroup = new Map();
    this.longest = 1;
    data.groups.forEach((group, index) => group.forEach((term) => {
      this.termGroup.set(term, index);
      this.longest = Math.max(this.longest, term.split(" ").length);
    }));
    this.known = new Set(data.words);
    for (const term of this.termGroup.keys()) {
      if (!term.includes(" ")) this.known.add(term);
    }
  }

  holds(word) {
    // Whether some page holds the word, or a word it begins (typed halfway).
    if (this.known.has(word)) return !this.absent.has(word);
    return word.length >= 3 && this.words.some((w) => w.startsWith(word));
  }

  nearest(word) {
    // The most frequent known word within the distance allowed for the word's length.
    const limit = word.length <= 4 ? 1 : 2;
    let best = null;
    let bestDistance = limit + 1;
    for (const candidate of this.words) {
      if (candidate.length < 3) continue;
      const d = distance(word, candidate, limit);
      if (d < bestDistance) {
        best = candidate;
        bestDistance = d;
        if (d === 1 && limit === 1) break;
      }
    }
    return best;
  }

  split(word) {
    // "pekerjamigran" -> ["pekerja", "migran"]: the split with the longest shorter part.
    let best = null;
    for (let at = 2; at <= word.length - 2; at++) {
      const left = word.slice(0, at);
      const right = word.slice(at);
      if (this.known.has(left) && this.known.has(right)) {
        if (!best || Math.min(left.length, right.length) > Math.min(best[0].length, best[1].length)) {
          best = [left, right];
        }
      }
    }
    return best;
  }
}

// What to search for a query: the words as corrected, and the concepts (a synonym group's
// phrase or a single word) they make, each with the terms to search it by (the terms of
// its group that some page holds) and whether any page holds it as typed.
function understand(query, lexicon) {
  const tokens = normalize(query).split(" ").filter(Boolean);
  const words = [];
  let corrected = false;
  for (let i = 0; i < tokens.length; i++) {
    const word = tokens[i];
    const next = tokens[i + 1];
    if (next !== undefined && lexicon.known.has(word + next)
        && !(lexicon.known.has(word) && lexicon.known.has(next))) {
      words.push(word + next);  // "per des" -> "perdes"
      corrected = true;
      i++;
      continue;
    }
    if (lexicon.holds(word) || lexicon.stop.has(word) || lexicon.termGroup.has(word)) {
      words.push(word);
      continue;
    }
    const parts = lexicon.split(word);
    const near = parts ? null : lexicon.nearest(word);
    if (parts) words.push(...parts);
    else if (near) words.push(near);
    else words.push(word);
    corrected = corrected || Boolean(parts || near);
  }
  const concepts = [];
  for (let i = 0; i < words.length;) {
    let found = null;
    for (let n = Math.min(lexicon.longest, words.length - i); n >= 1 && !found; n--) {
      const phrase = words.slice(i, i + n).join(" ");
      if (lexicon.termGroup.has(phrase)) found = { text: phrase, n };
    }
    if (found) {
      const group = lexicon.groups[lexicon.termGroup.get(found.text)].filter(
        (t) => !lexicon.absent.has(t));
      concepts.push({ text: found.text, group, present: !lexicon.absent.has(found.text),
                      alternatives: group.filter((t) => t !== found.text) });
      i += found.n;
    } else {
      const word = words[i];
      const present = lexicon.holds(word) || lexicon.stop.has(word);
      concepts.push({ text: word, group: null, alternatives: [], present,
                      stop: lexicon.stop.has(word) });
      i++;
    }
  }
  const meaningful = concepts.filter((c) => !c.stop);
  return { words, corrected, concepts: meaningful.length ? meaningful : concepts };
}

// A term of several words is searched as a phrase.
const phrase = (term) => (term.includes(" ") ? `"${term}"` : term);

function variants(concepts) {
  // The group's main term for every concept at once, then one concept's other terms in
  // turn, concept after concept, so no group is left out. Only terms some page holds.
  const literal = concepts.map((c) => phrase(c.text)).join(" ");
  const out = [];
  const add = (text) => { if (text !== literal && !out.includes(text)) out.push(text); };
  const main = concepts.map((c) => (c.present ? c.text : c.group && c.group[0]));
  if (main.some((term) => !term)) return out;  // a concept no page holds in any form
  add(main.map(phrase).join(" "));
  const longest = Math.max(0, ...concepts.map((c) => c.alternatives.length));
  for (let k = 0; k < longest && out.length < MAX_VARIANTS; k++) {
    concepts.forEach((concept, index) => {
      const alternative = concept.alternatives[k];
      if (alternative === undefined || out.length >= MAX_VARIANTS) return;
      add(concepts.map((c, j) => phrase(j === index ? alternative : main[j])).join(" "));
    });
  }
  return out;
}

async function rank(backend, understood, filters) {
  const { concepts } = understood;
  const literal = concepts.every((c) => c.present)
    ? concepts.map((c) => phrase(c.text)).join(" ") : null;
  const found = new Map();  // page id -> {tier, score, result}
  const keep = (result, tier, score) => {
    const known = found.get(result.id);
    if (!known || tier < known.tier || (tier === known.tier && score > known.score)) {
      found.set(result.id, { tier, score, result });
    }
  };
  const [first, ...others] = await Promise.all(
    [literal, ...variants(concepts)].map((text) => (text ? backend.search(text, filters) : [])));
  first.forEach((r) => keep(r, 0, r.score));
  others.forEach((results) => results.forEach((r) => keep(r, 1, r.score)));
  if (found.size < FEW && concepts.length > 1 && concepts.some((c) => c.present || c.alternatives.length)) {
    // Pages with most of the concepts: a rarer concept counts more.
    const live = concepts.filter((c) => c.present || c.alternatives.length);
    const hits = await Promise.all(live.map(async (concept) => {
      const terms = [...(concept.present ? [concept.text] : []),
        ...concept.alternatives.slice(0, FALLBACK_ALTERNATIVES)];
      const lists = await Promise.all(terms.map((t) => backend.search(phrase(t), filters)));
      const pages = new Map();
      lists.flat().forEach((r) => { if (!pages.has(r.id)) pages.set(r.id, r); });
      return pages;
    }));
    const total = Math.max(1, backend.size());
    const needed = Math.min(live.length,
      concepts.length <= 2 ? 1 : concepts.length - (concepts.length >= 5 ? 2 : 1));
    const tally = new Map();
    hits.forEach((pages) => {
      const weight = Math.log(1 + total / Math.max(1, pages.size));
      pages.forEach((result, id) => {
        const entry = tally.get(id) || { result, count: 0, score: 0 };
        entry.count += 1;
        entry.score += weight;
        tally.set(id, entry);
      });
    });
    tally.forEach((entry) => {
      if (entry.count >= needed) keep(entry.result, 2, entry.score);
    });
  }
  return [...found.values()].sort((a, b) => a.tier - b.tier || b.score - a.score);
}

async function loadFirst(ranked, understood) {
  // The first results' fragments are loaded anyway to be shown: among those of one tier,
  // pages holding more of the query's words exactly come first.
  const head = ranked.slice(0, PAGE_SIZE);
  const datas = await Promise.all(head.map((entry) => entry.result.data()));
  const words = understood.concepts.map((c) => c.text);
  head.forEach((entry, i) => {
    entry.data = datas[i];
    const content = ` ${normalize(`${datas[i].meta?.title || ""} ${datas[i].content || ""}`)} `;
    entry.exact = words.filter((w) => content.includes(` ${w} `)).length;
  });
  head.sort((a, b) => a.tier - b.tier || b.exact - a.exact || b.score - a.score);
  return [...head, ...ranked.slice(PAGE_SIZE)];
}

// --- the two indexes -------------------------------------------------------------

async function pagefindBackend(tag) {
  const pagefind = await import(new URL("pagefind/pagefind.js", ROOT).href);
  // No worker: one file less to fetch on a slow connection. The cache tag is the build's,
  // so the entry file can be preloaded (the page's <link rel="preload">).
  await pagefind.options({
    baseUrl: ROOT.pathname, excerptLength: 24, noWorker: true, metaCacheTag: tag,
    ranking: { termSimilarity: 3.0 },
  });
  const searches = new Map();
  const search = (text, filters) => {
    const key = JSON.stringify([text, filters]);
    if (!searches.has(key)) {
      searches.set(key, pagefind.search(text, { filters }).then((s) => (s ? s.results : [])));
    }
    return searches.get(key);
  };
  let pages = 0;
  return {
    search,
    size: () => pages,
    async init() {
      const all = await pagefind.search(null, {});
      pages = all ? all.results.length : 0;
    },
  };
}

function offlineBackend(index) {
  // MiniSearch over the offline copy's pages (vendored: assets/vendor/minisearch/).
  const tokenize = (text) => normalize(text).split(" ").filter(Boolean);
  const engine = new window.MiniSearch({
    fields: ["title", "text"],
    tokenize,
    processTerm: (term) => term,
    searchOptions: {
      boost: { title: 3 }, combineWith: "AND", tokenize,
      prefix: (term) => term.length >= 4, weights: { prefix: 0.3, fuzzy: 0 },
    },
  });
  engine.addAll(index.pages.map((page, id) => ({ id, title: page.title, text: page.text })));
  const matches = (page, filters) => Object.entries(filters).every(
    ([name, values]) => values.some((v) => (page.filters[name] || []).includes(v)));
  const search = async (text, filters) => engine.search(text, {
    filter: (hit) => matches(index.pages[hit.id], filters),
  }).map((hit) => ({
    id: hit.id,
    score: hit.score,
    data: async () => offlineData(index.pages[hit.id], hit.terms),
  }));
  return {
    search,
    size: () => index.pages.length,
    async init() {},
  };
}

function offlineData(page, terms) {
  // An excerpt around the first matched word, marks made of text (never markup).
  const text = page.text;
  const words = text.split(/\s+/);
  const plain = words.map((w) => normalize(w));
  const at = Math.max(0, plain.findIndex((w) => terms.some((t) => w === t || w.startsWith(t))));
  const start = Math.max(0, at - 8);
  const parts = words.slice(start, start + 24).map((w, i) => {
    const n = plain[start + i];
    return terms.some((t) => n === t || n.startsWith(t)) ? { mark: w } : { text: w };
  });
  return {
    url: new URL(`${page.url}index.html`, ROOT).href,
    meta: page.meta,
    excerptParts: parts,
    content: text,
  };
}

// --- the page --------------------------------------------------------------------

function excerptNode(data) {
  const p = document.createElement("p");
  p.className = "lp-search__excerpt";
  if (data.excerptParts) {
    data.excerptParts.forEach((part, i) => {
      if (i) p.appendChild(document.createTextNode(" "));
      if (part.mark) {
        const mark = document.createElement("mark");
        mark.textContent = part.mark;
        p.appendChild(mark);
      } else {
        p.appendChild(document.createTextNode(part.text));
      }
    });
    return p;
  }
  // Pagefind's excerpt is escaped text with <mark> around matches: keep only the marks.
  const tmp = document.createElement("template");
  tmp.innerHTML = data.excerpt || "";
  tmp.content.childNodes.forEach((node) => {
    if (node.nodeName === "MARK") {
      const mark = document.createElement("mark");
      mark.textContent = node.textContent;
      p.appendChild(mark);
    } else {
      p.appendChild(document.createTextNode(node.textContent));
    }
  });
  return p;
}

function resultItem(data) {
  const li = document.createElement("li");
  const link = document.createElement("a");
  link.href = data.url;
  link.className = "lp-search__title";
  link.textContent = data.meta.title || data.url;
  li.appendChild(link);
  const place = [data.meta.desa && `Desa ${data.meta.desa}`, data.meta.kabupaten, data.meta.provinsi]
    .filter(Boolean).join(", ");
  if (place) {
    const meta = document.createElement("p");
    meta.className = "lp-search__meta";
    meta.textContent = place;
    li.appendChild(meta);
  }
  li.appendChild(excerptNode(data));
  return li;
}

function filterControls(available, params) {
  const box = $("lp-filters");
  for (const [key, label, all] of FILTERS) {
    const values = available[key] || {};
    const names = Object.keys(values).sort((a, b) => a.localeCompare(b, "id"));
    if (!names.length) continue;
    const wrap = document.createElement("div");
    const lab = document.createElement("label");
    lab.htmlFor = `lp-f-${key}`;
    lab.textContent = label;
    const select = document.createElement("select");
    select.id = `lp-f-${key}`;
    select.name = key;
    select.add(new Option(all, ""));
    for (const name of names) {
      const option = new Option(`${name} (${values[name]})`, name);
      option.selected = params.get(key) === name;
      select.add(option);
    }
    select.addEventListener("change", () => select.form.requestSubmit());
    wrap.append(lab, select);
    box.appendChild(wrap);
  }
}

async function run() {
  const params = new URLSearchParams(location.search);
  const query = (params.get("q") || "").trim();
  $("lp-q").value = query;
  const status = $("lp-status");
  status.textContent = "Memuat pencarian…";
  const offline = window.LUMBUNG_OFFLINE_INDEX;
  let backend;
  let lexiconData;
  let available;
  if (offline) {
    backend = offlineBackend(offline);
    lexiconData = offline.lexicon;
    available = offline.filters;
  } else {
    const tag = $("lp-search").dataset.tag || undefined;
    const load = (path) => fetch(new URL(path, ROOT)).then((r) => r.json());
    try {
      [backend, lexiconData, available] = await Promise.all(
        [pagefindBackend(tag), load("cari/kosakata.json"), load("cari/saringan.json")]);
    } catch (error) {
      status.textContent = "Pencarian tidak dapat dimuat. ";
      const browse = document.createElement("a");
      browse.href = new URL(location.protocol === "file:" ? "jelajah/index.html" : "jelajah/", ROOT).href;
      browse.textContent = "Temukan studi kasus lewat halaman Jelajahi.";
      status.appendChild(browse);
      return;
    }
  }
  filterControls(available, params);

  const filters = {};
  for (const [key] of FILTERS) if (params.get(key)) filters[key] = [params.get(key)];
  // Filters stay folded on a phone unless one is in use.
  $("lp-filter-box").open = Object.keys(filters).length > 0 || matchMedia("(min-width: 45em)").matches;
  if (!query && !Object.keys(filters).length) {
    status.textContent = "Ketik kata kunci atau pilih saringan.";
    return;
  }
  const lexicon = new Lexicon(lexiconData);
  let ranked;
  let understood = null;
  if (query) {
    understood = understand(query, lexicon);
    await backend.init();
    ranked = await rank(backend, understood, filters);
  } else {
    ranked = (await backend.search(null, filters)).map((result) => ({ tier: 0, score: result.score, result }));
  }
  if (understood) ranked = await loadFirst(ranked, understood);
  const searched = understood && understood.corrected ? understood.words.join(" ") : query;
  const what = query ? ` untuk «${searched}»` : "";
  const note = $("lp-corrected");
  if (understood && understood.corrected && note) {
    note.textContent = `Menampilkan hasil untuk «${searched}». Anda mengetik «${query}».`;
    note.hidden = false;
  }
  const list = $("lp-results");
  const more = $("lp-more");
  let shown = 0;
  async function showMore() {
    const next = ranked.slice(shown, shown + PAGE_SIZE);
    shown += next.length;
    const datas = await Promise.all(next.map((entry) => entry.data || entry.result.data()));
    list.append(...datas.map(resultItem));
    more.hidden = shown >= ranked.length;
    status.textContent = ranked.length
      ? `${ranked.length} hasil${what}; ${shown} ditampilkan.`
      : `Tidak ada hasil${what}. Coba kata lain, hapus saringan, atau buka halaman Jelajahi.`;
  }
  more.addEventListener("click", showMore);
  await showMore();
}

run();
})();
