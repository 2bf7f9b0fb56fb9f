// Site search on /cari/. Online the index is Pagefind's (loaded only on this page); in
// the offline copy, opened from the file system where Pagefind cannot load, it is a small
// index the page loads as a script (cari/indeks-luring.js) searched with MiniSearch. Both
// answer through the same rules, here:
//
// 1. the query is normalized like lumbung/search.py `normalize` (lower case, no accents);
// 2. a word no page holds is corrected from the known words (cari/kosakata.json, the rarer
//    ones in cari/kata.json): an ending dropped, a word split in two, two words joined, or
//    the nearest word (edit distance 1, 2 from eight letters; in a word of six letters or
//    fewer, a letter replaced only by a key next to it); the page says what it searched;
// 3. each concept of the query (a synonym group's phrase, or a word) is searched by its
//    terms: the words as typed, and the group's other terms (TKI, PMI, pekerja migran...;
//    NTB, Nusa Tenggara Barat...) counting less, unless the word typed is English, held by
//    no page (an abbreviation), a spelling of the same word, or the abbreviation of the
//    group's term ("tki": tenaga kerja indonesia);
// 4. pages holding every concept are listed; pages holding most of them follow when the
//    query has three concepts or more, or when fewer than three pages hold them all (rank);
// 5. the first pages holding every word as typed (or in another form of the same word, or
//    what it stands for, when no page holds it or it is English) are shown while the rest
//    is searched, and
//    among the results shown, pages holding the words exactly (not only a word of the same
//    stem, "calon" for "calo") gain a little.
//
// Every search is an address (?q=...&provinsi=...) that can be shared, and works with the
// back button: the form is a plain GET form; online, a search from it is made in the page
// (its address changed the same way) without loading the page and the index again. A
// classic script (module scripts do not load from the file system). Every path it fetches
// or links comes from the site's route table, which the page carries as JSON (#lp-routes,
// relative to the page, in the build's link style: folders online, index.html files
// offline).
(function () {
"use strict";
const ROUTES = JSON.parse(document.getElementById("lp-routes").textContent);
const route = (path) => new URL(path, location.href);
const ROOT = route(ROUTES.root);
const FILTERS = [
  ["provinsi", "Provinsi", "Semua provinsi"],
  ["kewajiban", "Tugas desa (Pasal 42)", "Semua tugas"],
  ["topik", "Topik", "Semua topik"],
  ["instrumen", "Jenis instrumen", "Semua jenis"],
  ["status", "Status", "Semua status"],
];
const MAX_ALTERNATIVES = 8;  // terms of a synonym group searched besides the word typed
const ALTERNATIVE_WEIGHT = 0.6;  // what a synonym counts against the word typed
const MODEL_BOOST = 3;  // a model's score when the query asks for a model ("contoh ...")
const FEW = 3;  // fewer pages than this hold every word: add pages holding most of them
const PRELOAD_WAIT = 1500;  // ms the first search waits at most for search-preload.js
// Indonesian endings, and the everyday "-in" for "-kan"/"-i" ("masukin", "daftarin").
const SUFFIXES = ["nya", "lah", "kah", "pun", "kan", "an", "in", "i"];
const PAGE_SIZE = 10;  // results shown at once
const EXACT = "persis";  // ?persis=1: the words as typed, no correction
const FIRST_SIZE = 3;  // results of the query as typed shown before the rest is searched
const PARTIAL = " Tidak ada halaman yang memuat semua kata yang dicari: hasil ini memuat " +
  "sebagian besar kata itu.";

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

// A one-letter change that a typing slip explains in a short word: a letter left out or
// added, two letters swapped, or a key next to the one meant ("pni" for "pmi"). In a word of
// up to SHORT_WORD letters any other letter changed makes another everyday word more often
// than a typo ("air" is not "aib", "sampah" is not "sampai"); longer words keep any change.
const SHORT_WORD = 6;
const KEY_ROWS = ["qwertyuiop", "asdfghjkl", "zxcvbnm"];
function nextKeys(a, b) {
  const at = (key) => KEY_ROWS.map((row, r) => [r, row.indexOf(key)]).find(([, c]) => c >= 0);
  const [ra, ca] = at(a) || [];
  const [rb, cb] = at(b) || [];
  if (ra === undefined || rb === undefined) return false;
  if (ra === rb) return Math.abs(ca - cb) === 1;
  // Each row sits half a key to the right of the row above it.
  const [upper, lower] = ra < rb ? [ca, cb] : [cb, ca];
  return Math.abs(ra - rb) === 1 && (lower === upper || lower === upper - 1);
}
function slip(word, candidate) {
  if (word.length > SHORT_WORD || word.length !== candidate.length) return true;
  const changed = [...word].map((c, i) => i).filter((i) => word[i] !== candidate[i]);
  if (changed.length === 2) return changed[1] === changed[0] + 1;  // swapped
  return changed.length === 1 && nextKeys(word[changed[0]], candidate[changed[0]]);
}

class Lexicon {
  constructor(data) {
    this.groups = data.groups;
    this.words = data.words;  // most frequent first
    this.stop = new Set(data.stopwords || []);
    this.absent = new Set(data.absent || []);  // group terms no page holds
    this.english = new Set(data.english || []);  // group terms only English texts hold
    this.joined = new Set(data.joined || []);  // phrases some page writes as one hyphenated word
    this.termGroup = new Map();
    this.longest = 1;
    data.groups.forEach((group, index) => group.forEach((term) => {
      this.termGroup.set(term, index);
      this.longest = Math.max(this.longest, term.split(" ").length);
    }));
    this.models = data.models || { words: [], filter: null };  // words asking for a model
    this.known = new Set(data.words);
    if (data.more) this.add(data.more);
    for (const term of this.termGroup.keys()) {
      if (!term.includes(" ")) this.known.add(term);
    }
  }

  add(words) {
    // Every other word of the pages (cari/kata.json), after the most frequent ones.
    this.words = this.words.concat(words);
    words.forEach((w) => this.known.add(w));
  }

  lacks(query) {
    // Whether a word of the query is neither known nor a stop word yet.
    return normalize(query).split(" ").some((w) => w && !this.known.has(w) && !this.stop.has(w));
  }

  holds(word) {
    // Whether some page holds the word, or a word it begins (typed halfway).
    if (this.known.has(word)) return !this.absent.has(word);
    return word.length >= 3 && this.words.some((w) => w.startsWith(word));
  }

  nearest(word) {
    // The most frequent known word within the distance allowed for the word's length (one
    // letter up to seven letters, two from eight: "parents" is not "agents").
    const limit = word.length <= 7 ? 1 : 2;
    let best = null;
    let bestDistance = limit + 1;
    for (const candidate of this.words) {
      if (candidate.length < 3) continue;
      const d = distance(word, candidate, limit);
      if (d < bestDistance && slip(word, candidate)) {
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
function understand(query, lexicon, correct = true) {
  // correct false: every word as typed (the page's "Cari persis" link, ?persis=1).
  const tokens = normalize(query).split(" ").filter(Boolean);
  const words = [];
  let corrected = false;
  for (let i = 0; i < tokens.length; i++) {
    const word = tokens[i];
    const next = tokens[i + 1];
    if (!correct) {
      words.push(word);
      continue;
    }
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
    // A known word with an ending ("suaminya" -> "suami"), a split, a close known word.
    const stem = SUFFIXES.map((end) => (word.endsWith(end) ? word.slice(0, -end.length) : ""))
      .find((base) => base.length >= 3 && lexicon.known.has(base) && !lexicon.absent.has(base));
    const parts = stem ? null : lexicon.split(word);
    const near = stem || parts ? null : lexicon.nearest(word);
    if (stem) words.push(stem);
    else if (parts) words.push(...parts);
    else if (near) words.push(near);
    else words.push(word);
    corrected = corrected || Boolean(stem || parts || near);
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
                      english: lexicon.english.has(found.text),
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
  // "contoh perdes ...": a model text is asked for; the models found rank first.
  const models = words.some((w) => lexicon.models.words.includes(w)) ? lexicon.models.filter
    : null;
  return { words, corrected, models, joined: lexicon.joined, modelWords: lexicon.models.words,
           concepts: meaningful.length ? meaningful : concepts };
}

// Two terms of a group that are one spelling apart ("pelindungan", "perlindungan") or the
// same words in another order ("pmi purna", "purna pmi") count the same.
function sameWords(a, b) {
  const sorted = (t) => t.split(" ").sort().join(" ");
  if (sorted(a) === sorted(b)) return true;
  const limit = Math.floor(Math.min(a.length, b.length) * 0.15);
  return limit > 0 && distance(a, b, limit) <= limit;
}

// An abbreviation made of a phrase's initials ("tki": tenaga kerja indonesia).
const initials = (term) => (term.includes(" ") ? term.split(" ").map((w) => w[0]).join("") : "");

// A group's term counts as much as the word typed when that word is English, no page
// holds it (an abbreviation such as "ntb": its long form is what is meant), the two are
// spellings of one word, or the word typed abbreviates the term ("tki": the long form is
// searched as a phrase, exactly; not the other way round, as Pagefind finds a short word
// at the start of longer ones: "add" in "address").
const full = (concept, term) => concept.english || !concept.present || sameWords(term, concept.text)
  || initials(term) === concept.text;

// A term of several words is searched as a phrase.
const phrase = (term) => (term.includes(" ") ? `"${term}"` : term);

async function termResults(backend, term, filters, joined) {
  // Pagefind gives every page of a phrase search the same score: a phrase's pages are
  // scored by the search of its words, kept only where the words stand together, or where
  // they are one hyphenated word ("non-prosedural": Pagefind indexes it "nonprosedural").
  if (!term.includes(" ")) return backend.search(term, filters);
  const [together, scored, glued] = await Promise.all([
    backend.search(phrase(term), filters), backend.search(term, filters),
    joined && joined.has(term) ? backend.search(term.replaceAll(" ", ""), filters) : []]);
  const ids = new Set([...together, ...glued].map((r) => r.id));
  const kept = scored.filter((r) => ids.has(r.id));
  const keptIds = new Set(kept.map((r) => r.id));
  // Pages found only as the hyphenated word: scored on the same scale as the others.
  const scale = Math.max(0, ...kept.map((r) => r.score)) / Math.max(0, ...glued.map((r) => r.score));
  return kept.concat(glued.filter((r) => !keptIds.has(r.id)).map((r) => (
    kept.length && scale > 0 ? { ...r, score: r.score * scale } : r)));
}

// Whether a short form is made of the beginnings of a term's words, in order, a beginning
// of each ("pmi": pekerja migran indonesia; "raperdes": rancangan peraturan desa), as an
// abbreviation is; an old term is not ("tki": pekerja migran indonesia).
function abbreviates(short, term) {
  const words = term.split(" ");
  if (words.length < 2 || short.includes(" ")) return false;
  const from = (at, i) => {  // short[at..] made of beginnings of words[i..]
    if (i === words.length) return at === short.length;
    for (let n = Math.min(words[i].length, short.length - at); n >= 1; n--) {
      if (words[i].startsWith(short.slice(at, at + n)) && from(at + n, i + 1)) return true;
    }
    return false;
  };
  return from(0, 0);
}

// The models the query names by their kind and subject ("perdes pmi", "sk kades pembentukan
// ppt"), as the search page lists them (lumbung/search.py `model_naming`: [result id, the
// kind's terms, the subject]): one concept of the query, or two or three following each
// other, are the kind (terms of their synonym groups make the kind or its abbreviation:
// "perdes", peraturan desa; "sk" "kades", keputusan kepala desa; "berita acara"), and
// every other concept, but the words asking for a model ("contoh"), is in the subject or
// the kind: as typed, in another form of the same word, as the long form of its
// abbreviation ("pmi"), or in Indonesian for an English word. A query naming a model ranks
// it first; an old term ("perdes tki", "perdes tkw") names none: it asks for the villages
// that wrote it.
function namedModels(understood, named) {
  const ids = new Set();
  const concepts = understood.concepts.filter((c) => !understood.modelWords.includes(c.text));
  if (concepts.length < 2) return ids;
  const within = (text, term) => ` ${text} `.includes(` ${term} `);
  const terms = (c) => [c.text, ...c.alternatives.filter(
    (t) => c.english || sameWords(t, c.text) || abbreviates(c.text, t))];
  const group = (c) => [c.text, ...c.alternatives];
  for (const [id, kinds, subject] of named) {
    let kind = null;  // [first, last]: the concepts making the kind
    for (let i = 0; i < concepts.length && !kind; i++) {
      let made = group(concepts[i]);
      for (let j = i; j < Math.min(concepts.length, i + 3) && !kind; j++) {
        if (j > i) made = made.flatMap((m) => group(concepts[j]).map((t) => `${m} ${t}`));
        if (made.some((m) => kinds.includes(m))) kind = [i, j];
      }
    }
    if (kind && concepts.every((c, n) => (n >= kind[0] && n <= kind[1]) || terms(c).some(
      (term) => within(subject, term) || kinds.some((k) => within(k, term))))) {
      ids.add(id);
    }
  }
  return ids;
}

async function rank(backend, understood, filters, synonyms = true) {
  // Every page holding a concept of the query scores, for each concept it holds, the
  // concept's rarity times how well the page holds it (its best term's Pagefind score
  // against that term's best page; a synonym counts ALTERNATIVE_WEIGHT of the word typed),
  // times the share of the concepts it holds. Pages holding most of the concepts count too
  // when the query has three or more (a page saying "wirausaha" for "usaha" in "pelatihan
  // usaha pmi purna"), or when fewer than FEW pages hold every one: mostly below those.
  const live = understood.concepts.filter((c) => c.present || c.alternatives.length);
  if (!live.length) return [];
  const total = Math.max(1, backend.size);
  const models = new Set();  // ids of the model regulations found, when a model is asked for
  const perConcept = await Promise.all(live.map(async (concept) => {
    const terms = concept.present ? [[concept.text, 1]] : [];
    // What the words typed mean; before the synonyms are searched, only the terms that are
    // the same word or term in another form ("pelindungan", "tenaga kerja indonesia").
    const same = !(synonyms || !concept.present || concept.english);
    concept.alternatives.filter((term) => !same || full(concept, term)).slice(0, MAX_ALTERNATIVES)
      .forEach((term) => terms.push([term, full(concept, term) ? 1 : ALTERNATIVE_WEIGHT]));
    // When a model is asked for, the models among the pages found: the same terms searched
    // within the models' filter, at the same time (a search by the filter alone would make
    // Pagefind fetch every index chunk).
    const inModels = understood.models && { ...filters, ...understood.models };
    const [lists, modelLists] = await Promise.all([
      Promise.all(terms.map(([term]) => termResults(backend, term, filters, understood.joined))),
      inModels ? Promise.all(terms.map(([term]) => termResults(backend, term, inModels,
                                                               understood.joined))) : [],
    ]);
    modelLists.forEach((results) => results.forEach((r) => models.add(r.id)));
    const best = new Map();
    lists.forEach((results, i) => {
      const top = Math.max(0, ...results.map((r) => r.score)) || 1;
      results.forEach((result) => {
        const value = (terms[i][1] * result.score) / top;
        const known = best.get(result.id);
        if (!known || value > known.value) best.set(result.id, { value, result });
      });
    });
    return best;
  }));
  const pages = new Map();
  perConcept.forEach((best) => {
    const rarity = Math.log(1 + total / Math.max(1, best.size));
    best.forEach(({ value, result }, id) => {
      const entry = pages.get(id) || { result, score: 0, matched: 0 };
      entry.score += rarity * value;
      entry.matched += 1;
      pages.set(id, entry);
    });
  });
  const n = understood.concepts.length;
  const needed = Math.max(1, live.length - Math.ceil(live.length / 3));  // most of them
  let entries = [...pages.values()];
  const complete = entries.filter((e) => e.matched === n);
  const most = live.length >= 3 || complete.length < FEW;  // two words: both, or few pages
  entries = most ? entries.filter((e) => e.matched >= needed) : complete;
  entries.forEach((e) => { e.score *= e.matched / n; });
  // The query asks for a model text ("contoh perdes ..."): the models rank first.
  // The query names a model by its kind and subject: that model ranks first.
  const named = namedModels(understood, backend.named);
  entries.forEach((e) => {
    if (models.has(e.result.id) || named.has(e.result.id)) e.score *= MODEL_BOOST;
  });
  return entries.sort((a, b) => b.score - a.score);
}

// Pages holding the query's words as typed gain a little over pages holding only words of
// the same stem ("calon", "calo"): a page's rank is its score times EXACT_SHARE to 1.
const EXACT_SHARE = 0.8;

function setRank(entry, data, words) {
  entry.data = data;
  const content = ` ${normalize(`${data.meta?.title || ""} ${data.content || ""}`)} `;
  const exact = words.filter((w) => content.includes(` ${w} `)).length;
  entry.rank = entry.score * (words.length ? EXACT_SHARE + ((1 - EXACT_SHARE) * exact) / words.length : 1);
}

const byRank = (a, b) => b.rank - a.rank || a.at - b.at;

async function withData(entries, understood) {
  // Loads the entries' fragments (to be shown anyway) and orders them by rank; an entry
  // whose fragment does not load is left out.
  const datas = await Promise.allSettled(entries.map((entry) => entry.data || entry.result.data()));
  const words = understood ? understood.concepts.map((c) => c.text) : [];
  const loaded = [];
  entries.forEach((entry, i) => {
    if (datas[i].status !== "fulfilled") return;
    entry.at = i;
    setRank(entry, datas[i].value, words);
    loaded.push(entry);
  });
  return loaded.sort(byRank);
}

function showInOrder(entries, understood, show) {
  // Shows the entries in withData's order, each as soon as its fragment has arrived and no
  // entry still loading could rank above it (its rank can reach its score, no more): on a
  // slow connection the first result does not wait for the longer fragments.
  const words = understood ? understood.concepts.map((c) => c.text) : [];
  const pending = new Set(entries);
  const ready = [];
  const flush = () => {
    ready.sort(byRank);
    while (ready.length && [...pending].every((e) => e.score < ready[0].rank
        || (e.score === ready[0].rank && e.at > ready[0].at))) {
      show([ready.shift()]);
    }
  };
  entries.forEach((entry, i) => { entry.at = i; });
  return Promise.all(entries.map(async (entry) => {
    try {
      setRank(entry, await (entry.data || entry.result.data()), words);
      ready.push(entry);
    } catch (error) { /* its fragment did not load: the others are not held back by it */ }
    pending.delete(entry);
    flush();
  }));
}


async function preloadsMade() {
  // search-preload.js (online pages) sets window.lpPreloads as it starts, a promise of its
  // preloads. Waited for PRELOAD_WAIT ms at most: a script that did not load or run (an
  // error, a blocked file) leaves the search to fetch what it needs itself.
  if (!$("lp-preload")) return;
  const deadline = Date.now() + PRELOAD_WAIT;
  const pause = (ms) => new Promise((resolve) => { setTimeout(resolve, ms); });
  while (!window.lpPreloads && Date.now() < deadline) await pause(50);
  await Promise.race([window.lpPreloads, pause(Math.max(0, deadline - Date.now()))]);
}


// --- the two indexes -------------------------------------------------------------

async function pagefindBackend(tag) {
  const pagefind = await import(route(ROUTES.pagefind).href);
  // No worker: one file less to fetch on a slow connection. The cache tag is the build's,
  // so the entry file can be preloaded (the page's <link rel="preload">).
  const options = {
    baseUrl: ROOT.pathname, excerptLength: 24, noWorker: true, metaCacheTag: tag,
    ranking: { termSimilarity: 3.0 },
  };
  await pagefind.options(options);
  // A site too large for one Pagefind run has its index in parts (listed by the build,
  // lumbung/search.py): searched as one, with the first part's wasm.
  // Each part holds a page of every word of the site, never shown (lumbung/search.py).
  const listed = document.getElementById("lp-index-parts");
  const { parts, hidden } = listed ? JSON.parse(listed.textContent) : { parts: [], hidden: [] };
  for (const href of parts) {
    const { noWorker, ...merged } = options;
    await pagefind.mergeIndex(new URL(href, location.href).pathname, merged);
  }
  const shown = (result) => !hidden.includes(result.id);
  const searches = new Map();
  const search = (text, filters) => {
    const key = JSON.stringify([text, filters]);
    if (!searches.has(key)) {
      searches.set(key, pagefind.search(text, { filters })
        .then((s) => (s ? s.results.filter(shown) : [])));
    }
    return searches.get(key);
  };
  // The models a query may name (namedModels), by their result id.
  const models = document.getElementById("lp-models");
  const named = models ? JSON.parse(models.textContent) : [];
  return { search, size: 0, named };  // size: the number of pages, set from the lexicon
}

function offlineBackend(index) {
  // MiniSearch over the offline copy's pages (vendored: assets/vendor/minisearch/).
  const tokenize = (text) => normalize(text).split(" ").filter(Boolean);
  // The page's text by weight, as Pagefind weighs it online: title, strong (summary,
  // topics), text and a case's English block, weak (sources, a model's full text).
  const engine = new window.MiniSearch({
    fields: ["title", "strong", "text", "english", "weak"],
    tokenize,
    processTerm: (term) => term,
    searchOptions: {
      boost: { title: 5, strong: 3, text: 1, english: 1, weak: 0.5 }, combineWith: "AND",
      tokenize,
      prefix: (term) => term.length >= 4, weights: { prefix: 0.3, fuzzy: 0 },
    },
  });
  engine.addAll(index.pages.map((page, id) => ({
    id, title: page.title, strong: page.strong, text: page.text, english: page.english,
    weak: page.weak,
  })));
  const matches = (page, filters) => Object.entries(filters).every(
    ([name, values]) => values.some((v) => (page.filters[name] || []).includes(v)));
  // No text (filters only): every page, as Pagefind's search(null, filters).
  const search = async (text, filters) => engine.search(text ?? window.MiniSearch.wildcard, {
    filter: (hit) => matches(index.pages[hit.id], filters),
  }).map((hit) => ({
    id: hit.id,
    score: hit.score,
    data: async () => offlineData(index.pages[hit.id], hit.terms),
  }));
  const named = index.pages.flatMap((page, id) => (page.naming ? [[id, ...page.naming]] : []));
  return { search, size: index.pages.length, named };
}

function offlineData(page, terms) {
  // An excerpt around the first matched word, marks made of text (never markup), from the
  // page's Indonesian texts: a page found by its "In English" block only (the English terms
  // of a word searched), or by its title when its summary holds none of the words (a
  // model's words may first come in a note far down), shows the start of its summary.
  const matched = (w) => terms.some((t) => w === t || w.startsWith(t));
  const text = [page.strong, page.text, page.weak].filter(Boolean).join(" ") || page.english || "";
  const words = text.split(/\s+/);
  const plain = words.map((w) => normalize(w));
  const first = plain.findIndex(matched);
  const summary = page.strong ? page.strong.split(/\s+/).length : 0;
  const inTitle = normalize(page.title || "").split(" ").some(matched);
  const at = first < 0 || (first >= summary && inTitle) ? 0 : first;
  const start = Math.max(0, at - 8);
  const parts = words.slice(start, start + 24).map((w, i) => {
    const n = plain[start + i];
    return matched(n) ? { mark: w } : { text: w };
  });
  return {
    url: new URL(page.url + ROUTES.page_file, ROOT).href,
    meta: page.meta,
    excerptParts: parts,
    content: `${text} ${page.english || ""}`,
  };
}

// --- the page --------------------------------------------------------------------

function excerptParts(data) {
  // The excerpt as text and marked words: the offline index gives them; Pagefind's excerpt
  // is escaped text with <mark> around matches, of which only the marks are kept.
  if (data.excerptParts) return data.excerptParts.flatMap((part, i) => (i ? [{ text: " " }, part] : [part]));
  const tmp = document.createElement("template");
  tmp.innerHTML = data.excerpt || "";
  return [...tmp.content.childNodes].map((node) => (
    node.nodeName === "MARK" ? { mark: node.textContent } : { text: node.textContent }));
}

function excerptNode(data) {
  const p = document.createElement("p");
  p.className = "lp-search__excerpt";
  for (const part of excerptParts(data)) {
    if (part.mark !== undefined) {
      const mark = document.createElement("mark");
      mark.textContent = part.mark;
      p.appendChild(mark);
    } else {
      p.appendChild(document.createTextNode(part.text));
    }
  }
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
  // Made anew for each search (its values and counts); a select in use keeps the focus.
  const box = $("lp-filters");
  const focused = box.contains(document.activeElement) ? document.activeElement.id : null;
  box.replaceChildren();
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
  if (focused && $(focused)) $(focused).focus();
}

// What every search of this page uses, loaded once: the index, the lexicon, the filters.
async function prepare() {
  const offline = window.LUMBUNG_OFFLINE_INDEX;
  if (offline) {
    return { offline: true, backend: offlineBackend(offline), lexicon: offline.lexicon,
             available: () => Promise.resolve(offline.filters) };
  }
  const tag = $("lp-search").dataset.tag || undefined;
  const load = (path) => fetch(route(path)).then((r) => r.json());
  // One request for the lexicon between this script and search-preload.js, whichever asks
  // first; asked again at once if that request failed (and by the next search if the
  // second fails too).
  const lexiconLoaded = () => (window.lpLexicon = window.lpLexicon || load(ROUTES.lexicon));
  const [backend, lexicon] = await Promise.all([pagefindBackend(tag), lexiconLoaded().catch(
    () => { window.lpLexicon = null; return lexiconLoaded(); })]);
  backend.size = lexicon.pages;
  let values;  // the filters' values: fetched after the first results
  let more;  // the rarer words: fetched once, for the first query with a word not known
  return {
    offline: false, backend, lexicon,
    available: () => (values = values || load(ROUTES.filters).catch((error) => {
      values = null;  // tried again by the next search
      throw error;
    })),
    // Without them (not loaded), corrections come from the known words only.
    moreWords: () => (more = more || load(ROUTES.more_words).catch(() => [])),
  };
}

async function search(ready, params, number) {
  const query = (params.get("q") || "").trim();
  // Its late work (a "more" click, the filters) is dropped once a newer search is asked for.
  const current = () => number === asked;
  $("lp-q").value = query;
  const status = $("lp-status");
  const list = $("lp-results");
  const more = $("lp-more");
  const note = $("lp-corrected");
  list.replaceChildren();
  more.hidden = true;
  more.onclick = null;
  note.replaceChildren();
  note.hidden = true;
  status.textContent = "Memuat pencarian…";
  let prepared;
  try {
    prepared = await ready();
  } catch (error) {
    status.textContent = "Pencarian tidak dapat dimuat. ";
    const browse = document.createElement("a");
    browse.href = route(ROUTES.browse).href;
    browse.textContent = "Temukan studi kasus lewat halaman Jelajahi.";
    status.appendChild(browse);
    return;
  }
  const { offline, backend, available } = prepared;
  // Each search reads the words as a first search would (the rarer words only for a query
  // holding a word not known otherwise). (Pagefind itself may find a little more once
  // earlier searches have loaded parts of its index: Pagefind/pagefind#795.)
  const lexicon = new Lexicon(prepared.lexicon);
  const filters = {};
  for (const [key] of FILTERS) if (params.get(key)) filters[key] = [params.get(key)];
  // Filters stay folded on a phone unless one is in use.
  $("lp-filter-box").open = Object.keys(filters).length > 0 || matchMedia("(min-width: 45em)").matches;
  if (!query && !Object.keys(filters).length) {
    filterControls(await available(), params);
    status.textContent = "Ketik kata kunci atau pilih saringan.";
    return;
  }
  if (query && !offline && !params.has(EXACT) && lexicon.lacks(query)) {
    lexicon.add(await prepared.moreWords());
  }
  const understood = query ? understand(query, lexicon, !params.has(EXACT)) : null;
  const searched = understood && understood.corrected ? understood.words.join(" ") : query;
  const what = query ? ` untuk «${searched}»` : "";
  if (understood && understood.corrected) {
    // A correction can be wrong (an everyday word no page holds, read as a close one):
    // the words as typed are one tap away.
    const exact = new URL(location.href);
    exact.search = params.toString();  // this search's address
    exact.searchParams.set(EXACT, "1");
    const link = document.createElement("a");
    link.href = exact.href;
    link.textContent = `Cari persis «${query}»`;
    note.append(`Menampilkan hasil untuk «${searched}». Anda mengetik «${query}». `, link);
    note.hidden = false;
  }
  const shownIds = new Set();
  const show = (entries) => {
    entries.forEach((entry) => shownIds.add(entry.result.id));
    list.append(...entries.map((entry) => resultItem(entry.data)));
  };

  // The query as typed first: its first results are shown while the synonyms, the
  // corrections' relatives and the fallback are still being searched. Pages holding every
  // word as typed stay first (the synonyms' pages follow them); when no page holds them
  // all, the pages holding most of them show meanwhile and the whole ranking replaces them.
  // A word no page holds as typed ("jatim") or an English one counts by what it stands for
  // ("jawa timur"; rank), from the first results on.
  let provisional = false;
  // search-preload.js's preloads of the terms the words stand for (made once the lexicon,
  // needed here too, has arrived) go first; from here Pagefind fetches the chunks it needs
  // and no preload is added (a chunk preloaded after Pagefind's own request for it would be
  // fetched twice).
  await preloadsMade();
  $("lp-search").dataset.searching = "";
  if (understood) {
    const literal = await rank(backend, understood, filters, false);
    const complete = literal.filter((entry) => entry.matched === understood.concepts.length);
    const first = (complete.length ? complete : literal).slice(0, FIRST_SIZE);
    if (first.length) {
      await showInOrder(first, understood, show);
      provisional = !complete.length;
      status.textContent = `Mencari juga dengan kata yang semakna${what}…`;
    }
  }
  let ranked = understood ? await rank(backend, understood, filters)
    : (await backend.search(null, filters)).map((result) => ({ tier: 0, score: result.score, result }));
  if (provisional) {
    list.replaceChildren();
    shownIds.clear();
  }
  // No page holds every word searched (nor what it stands for): the status says that the
  // pages listed hold most of them.
  const partial = Boolean(understood) && ranked.length > 0
    && !ranked.some((entry) => entry.matched === understood.concepts.length);
  ranked = ranked.filter((entry) => !shownIds.has(entry.result.id));
  const total = shownIds.size + ranked.length;
  async function showMore() {
    const next = await withData(ranked.splice(0, PAGE_SIZE - (shownIds.size % PAGE_SIZE)), understood);
    if (!current()) return;  // a newer search has begun
    show(next);
    more.hidden = ranked.length === 0;
    status.textContent = total
      ? `${total} hasil${what}; ${shownIds.size} ditampilkan.${partial ? PARTIAL : ""}`
      : `Tidak ada hasil${what}. Coba kata lain, hapus saringan, atau buka halaman Jelajahi.`;
  }
  more.onclick = showMore;  // this search's: a later one replaces it
  await showMore();
  const values = await available();
  if (current()) filterControls(values, params);
}

// The page says when a search has finished (tests and scripts/search-eval wait for it).
// Searches run one after the other; one still waiting when a newer one is asked for is
// skipped. What the page loads once (prepare) is loaded again by the next search if
// loading failed (a flaky connection).
const box = $("lp-search");
let loading = null;
const ready = () => {
  loading = loading || prepare().catch((error) => { loading = null; throw error; });
  return loading;
};
let queue = Promise.resolve();
let asked = 0;
let searched = location.search;  // the address's query last searched
function searchFor(params) {
  box.dataset.state = "busy";
  const number = ++asked;
  const done = queue.then(() => (number === asked ? search(ready, params, number) : null));
  queue = done.catch(() => {});  // the next search runs even if this one failed
  done.finally(() => { if (number === asked) box.dataset.state = "done"; });
}
searchFor(new URLSearchParams(location.search));

// Online, a new search from the form (or a filter) is made in this page: its address
// changes as the form would change it (shareable, the back button returns to the last
// one) without loading the page, its scripts and the index again (a second search on the
// slow 3G profile of scripts/search-eval: all results 1.2 s instead of 1.8 s, 2.0 s instead
// of 2.7 s). The offline copy, opened from the file system, loads the page anew.
const form = box.querySelector("form");
if (/^https?:$/.test(location.protocol) && history.pushState) {
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const url = new URL(location.href);
    // The words and the filters chosen ("Semua ..." is no filter): a short address to share.
    url.search = new URLSearchParams([...new FormData(form)].filter(([, value]) => value))
      .toString();
    url.hash = "";
    history.pushState(null, "", url.href);
    searched = url.search;
    $("lp-q").blur();  // a phone's keyboard closes, as when a page loads
    searchFor(url.searchParams);
  });
  // Back and forward between searches; not a link within the page (the skip link, a
  // heading's anchor), which changes only the address's #part.
  window.addEventListener("popstate", () => {
    if (location.search === searched) return;
    searched = location.search;
    searchFor(new URLSearchParams(location.search));
  });
}

})();
