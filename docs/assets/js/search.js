// Site search on /cari/: Pagefind (loaded only on this page), with the synonym groups of
// lumbung/vocab/synonyms.yml and filters. The form is a plain GET form: every search is
// a URL (?q=...&provinsi=...) that can be shared, and works with the back button.
// A classic script (module scripts do not load from the file system): the site's root is
// two folders above this file.
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
const MAX_VARIANTS = 4;
const PAGE_SIZE = 10;

const $ = (id) => document.getElementById(id);
const norm = (text) => ` ${text.toLowerCase().replace(/\s+/g, " ").trim()} `;

function variants(query, groups) {
  // The query as typed, then with a word of a synonym group replaced by the group's two
  // most used forms (TKI -> PMI, pekerja migran). Whole words only, and few variants, so
  // a search loads few index chunks.
  const out = [norm(query)];
  for (const group of groups) {
    const terms = group.map((term) => ` ${term.toLowerCase()} `);
    for (const q of [...out]) {
      const hit = terms.find((t) => q.includes(t));
      if (!hit) continue;
      for (const other of terms.slice(0, 2)) {
        const swapped = q.replace(hit, other);
        if (!out.includes(swapped) && out.length < MAX_VARIANTS) out.push(swapped);
      }
    }
  }
  return out.map((q) => q.trim());
}

function excerptNode(excerpt) {
  // Pagefind's excerpt is escaped text with <mark> around matches: keep only the marks.
  const p = document.createElement("p");
  p.className = "lp-search__excerpt";
  const tmp = document.createElement("template");
  tmp.innerHTML = excerpt;
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
  li.appendChild(excerptNode(data.excerpt || ""));
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
  let pagefind;
  try {
    pagefind = await import(new URL("pagefind/pagefind.js", ROOT).href);
  } catch (error) {
    // Opened from the file system (the offline copy): Pagefind needs a web server.
    status.textContent = "Pencarian memerlukan server web dan tidak bekerja di salinan luring. ";
    const browse = document.createElement("a");
    browse.href = new URL(location.protocol === "file:" ? "jelajah/index.html" : "jelajah/", ROOT).href;
    browse.textContent = "Temukan studi kasus lewat halaman Jelajahi.";
    status.appendChild(browse);
    return;
  }
  // No worker: one file less to fetch on a slow connection.
  await pagefind.options({ baseUrl: ROOT.pathname, excerptLength: 24, noWorker: true });
  const [groups, available] = await Promise.all([
    fetch(new URL("cari/sinonim.json", ROOT)).then((r) => r.json()),
    fetch(new URL("cari/saringan.json", ROOT)).then((r) => r.json()),
  ]);
  filterControls(available, params);

  const filters = {};
  for (const [key] of FILTERS) if (params.get(key)) filters[key] = [params.get(key)];
  // Filters stay folded on a phone unless one is in use.
  $("lp-filter-box").open = Object.keys(filters).length > 0 || matchMedia("(min-width: 45em)").matches;
  if (!query && !Object.keys(filters).length) {
    status.textContent = "Ketik kata kunci atau pilih saringan.";
    return;
  }
  const searches = await Promise.all(
    (query ? variants(query, groups) : [null]).map((q) => pagefind.search(q, { filters })));
  const best = new Map();
  for (const search of searches) {
    for (const result of search.results) {
      const known = best.get(result.id);
      if (!known || result.score > known.score) best.set(result.id, result);
    }
  }
  const ranked = [...best.values()].sort((a, b) => b.score - a.score);
  const what = query ? ` untuk «${query}»` : "";
  const list = $("lp-results");
  const more = $("lp-more");
  let shown = 0;
  async function showMore() {
    const next = ranked.slice(shown, shown + PAGE_SIZE);
    shown += next.length;
    list.append(...(await Promise.all(next.map((r) => r.data()))).map(resultItem));
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
