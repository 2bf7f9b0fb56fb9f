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

function queryWords(query, table) {
  // The query's words as the search normalizes them (lower case, no accents), stop words
  // left out.
  const stop = new Set(table.stopwords);
  return query.toLocaleLowerCase().normalize("NFD").replace(/\p{M}/gu, "")
    .replace(/[^\p{L}\p{N}]+/gu, " ").trim().split(" ")
    .filter((word) => word && !stop.has(word));
}

function wantedChunks(query, table) {
  const words = queryWords(query, table).slice(0, MAX_WORDS);
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

function preload(path, hash) {
  const link = document.createElement("link");
  link.rel = "preload";
  link.as = "fetch";
  link.crossOrigin = "anonymous";
  link.href = new URL(path, document.baseURI).href;
  link.dataset.lpChunk = hash;
  document.head.append(link);
}

const element = document.getElementById("lp-index-chunks");
const query = new URLSearchParams(location.search).get("q") || "";
if (element && query.trim()) {
  const table = JSON.parse(element.textContent);
  for (const hash of wantedChunks(query, table)) preload(`${table.base}index/${hash}.pf_index`, hash);
  // A query asking for a model ("contoh perdes ...") is also searched within the models'
  // filter: its filter chunk too.
  if (table.models && queryWords(query, table).some((word) => table.models.words.includes(word))) {
    preload(`${table.base}filter/${table.models.filter}.pf_filter`, table.models.filter);
  }
}
