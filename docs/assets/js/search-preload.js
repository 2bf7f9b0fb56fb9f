// The search page's first search needs, besides Pagefind's own files, the index chunks
// that hold the query's words. Pagefind asks for them only once its WebAssembly has
// arrived (the largest file); this asks for them at once. The chunk table (written into
// the page after Pagefind has indexed the site) gives each chunk's first and last stem;
// a word's stem is Pagefind's Indonesian stemmer's (Snowball, the same algorithm as the
// vendored Orama stemmer). Like Pagefind (pagefind_web request_indexes), each word and its
// stem count, a chunk whose range holds them or, when none does, whose range holds their
// beginnings. A preload Pagefind ends up not using costs only its bytes.
import { stemmer } from "../vendor/orama-stemmers/id.js";

const MAX_WORDS = 6;

const MAX_ALTERNATIVES = 8;  // as assets/js/search.js

function normalizedWords(query) {
  // The query's words as the search normalizes them (lower case, no accents).
  return query.toLocaleLowerCase().normalize("NFD").replace(/\p{M}/gu, "")
    .replace(/[^\p{L}\p{N}]+/gu, " ").trim().split(" ").filter(Boolean);
}

function queryWords(query, table) {
  const stop = new Set(table.stopwords);
  return normalizedWords(query).filter((word) => !stop.has(word));
}

function wantedChunks(words, table) {
  const wanted = new Set();
  for (const word of words) {
    for (const term of new Set([word, stemmer(word)])) {
      let found = table.chunks.filter(([from, to]) => term >= from && term <= to);
      if (!found.length) {
        found = table.chunks.filter(([from, to]) => term.slice(0, from.length) >= from.slice(0, term.length)
          && term.slice(0, to.length) <= to.slice(0, term.length));
      }
      found.forEach(([, , hash]) => wanted.add(hash));
    }
  }
  return wanted;
}

function preload(path, hash, kind = "lpChunk") {
  const link = document.createElement("link");
  link.rel = "preload";
  link.as = "fetch";
  link.crossOrigin = "anonymous";
  link.href = new URL(path, document.baseURI).href;
  link.dataset[kind] = hash;
  document.head.append(link);
}

function namedModel(words, models) {
  // The fragment of the model whose title holds most of the query's words (two at least;
  // the first such model on a tie), or null.
  let best = null;
  let most = 1;
  for (const [name, title] of models.fragments || []) {
    const inTitle = new Set(title.split(" "));
    const count = words.filter((word) => inTitle.has(word)).length;
    if (count > most) [best, most] = [name, count];
  }
  return best;
}

function namedByKind(words, fragments) {
  // The fragment of the model the query names by its kind and subject ("perdes pmi"), which
  // search.js (`namedModels`) ranks first: a term of the model's kind in the query, and
  // every other word in its subject or kind, or the initials of words of its subject
  // ("pmi": pekerja migran indonesia). Without the lexicon, so only as typed; or null.
  const text = ` ${words.join(" ")} `;
  for (const [name, , kinds, subject] of fragments) {
    const kind = (kinds || []).find((term) => text.includes(` ${term} `));
    if (!kind) continue;
    const rest = text.replace(` ${kind} `, " ").trim().split(" ").filter(Boolean);
    const held = ` ${subject} ${kinds.join(" ")} `;
    const parts = subject.split(" ");
    const abbreviations = new Set(parts.flatMap((_, from) => [2, 3, 4, 5].map(
      (n) => (from + n <= parts.length ? initials(parts.slice(from, from + n).join(" ")) : ""))));
    if (rest.length && rest.every((word) => held.includes(` ${word} `) || abbreviations.has(word))) {
      return name;
    }
  }
  return null;
}

// An abbreviation made of a phrase's initials ("tki": tenaga kerja indonesia), as search.js.
const initials = (term) => (term.includes(" ") ? term.split(" ").map((w) => w[0]).join("") : "");

async function meaningWords(query) {
  // The words of the terms the query's words stand for where no page holds them as typed
  // ("jatim": jawa timur) or where they are English ("returnee": pmi purna...), and the long
  // forms of an abbreviation ("tki": tenaga kerja indonesia): the search looks for those
  // terms from its first results on (search.js `rank`). Read from the
  // lexicon the page preloads, matching its synonym groups' phrases as search.js does.
  const routes = JSON.parse(document.getElementById("lp-routes").textContent);
  // One request for the lexicon between this script and search.js, whichever asks first.
  window.lpLexicon = window.lpLexicon
    || fetch(new URL(routes.lexicon, location.href)).then((r) => r.json());
  const lexicon = await window.lpLexicon;
  const absent = new Set(lexicon.absent || []);
  const english = new Set(lexicon.english || []);
  const groupOf = new Map();
  let longest = 1;
  lexicon.groups.forEach((group, index) => group.forEach((term) => {
    groupOf.set(term, index);
    longest = Math.max(longest, term.split(" ").length);
  }));
  const words = normalizedWords(query);
  const terms = [];
  for (let i = 0; i < words.length;) {
    let n = Math.min(longest, words.length - i);
    while (n > 1 && !groupOf.has(words.slice(i, i + n).join(" "))) n -= 1;
    const phrase = words.slice(i, i + n).join(" ");
    if (groupOf.has(phrase)) {
      const others = lexicon.groups[groupOf.get(phrase)]
        .filter((term) => term !== phrase && !absent.has(term));
      if (absent.has(phrase) || english.has(phrase)) {
        terms.push(...others.slice(0, MAX_ALTERNATIVES));
      } else {  // searched from the first results on too: the typed abbreviation's long form
        // (spelling variants, also searched then, mostly share the typed word's stem and chunk)
        terms.push(...others.filter((term) => initials(term) === phrase));
      }
    }
    i += n;
  }
  // A phrase some page writes hyphenated is searched as one word too ("nonprosedural").
  const joined = new Set(lexicon.joined || []);
  return terms.flatMap((term) => [...term.split(" "),
                                  ...(joined.has(term) ? [term.replaceAll(" ", "")] : [])]);
}

window.lpPreloads = Promise.resolve();  // search.js waits for it before it searches
const element = document.getElementById("lp-index-chunks");
const query = new URLSearchParams(location.search).get("q") || "";
if (element && query.trim()) {
  const table = JSON.parse(element.textContent);
  const preloaded = new Set(wantedChunks(queryWords(query, table).slice(0, MAX_WORDS), table));
  for (const hash of preloaded) preload(`${table.base}index/${hash}.pf_index`, hash);
  // search.js waits for these before its first search; should it search first all the
  // same, none is added.
  window.lpPreloads = meaningWords(query).then((words) => {
    if ("searching" in (document.getElementById("lp-search")?.dataset || {})) return;
    for (const hash of wantedChunks(words, table)) {
      if (!preloaded.has(hash)) preload(`${table.base}index/${hash}.pf_index`, hash);
    }
  }).catch(() => { /* the search fetches them itself */ });
  if (table.models) {
    const typed = queryWords(query, table);
    const asks = typed.some((word) => table.models.words.includes(word));
    // A query asking for a model ("contoh perdes ...") is also searched within the models'
    // filter: its filter chunk too.
    if (asks) preload(`${table.base}filter/${table.models.filter}.pf_filter`, table.models.filter);
    // The model it names (by its title's words when it asks for a model; by its kind and
    // subject in any query, "perdes pmi") will be the first result: its fragment (its whole
    // text, the largest) comes with the index instead of after the search.
    const words = typed.filter((word) => !table.models.words.includes(word));
    const model = (asks && namedModel(words, table.models))
      || namedByKind(words, table.models.fragments || []);
    if (model) preload(`${table.base}fragment/${model}.pf_fragment`, model, "lpFragment");
  }
}
