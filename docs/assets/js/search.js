// Site search on /cari/: Pagefind (loaded only on this page), with the synonym groups of
// lumbung/vocab/synonyms.yml and filters. The form is a plain GET form: every search is
// a URL (?q=...&provinsi=...) that can be shared, and works with the back button.
const ROOT = new URL("../../", import.meta.url);
const FILTERS = [
  ["provinsi", "Provinsi", "Semua provinsi"],
  ["kewajiban", "Tugas desa (Pasal 42)", "Semua tugas"],
  ["topik", "Topik", "Semua topik"],
  ["instrumen", "Jenis instrumen", "Semua jenis"],
  ["status", "Status", "Semua status"],
];
const MAX_VARIANTS = 8;
const PAGE_SIZE = 20;

const $ = (id) => document.getElementById(id);

function variants(query, groups) {
  // The query as typed, plus the query with each synonym swapped in (whole words only).
  const seen = new Set();
  const out = [];
  const add = (q) => {
    const key = q.toLowerCase().replace(/\s+/g, " ").trim();
    if (key && !seen.has(key) && out.length < MAX_VARIANTS) { seen.add(key); out.push(key); }
  };
  add(query);
  for (let round = 0; round < 2; round++) {
    for (const q of [...out]) {
      const padded = ` ${q} `;
      for (const group of groups) {
        for (const term of group) {
          const needle = ` ${term.toLowerCase()} `;
          if (!padded.includes(needle)) continue;
          for (const other of group) {
            if (other !== term) add(padded.replace(needle, ` ${other.toLowerCase()} `));
          }
        }
      }
    }
  }
  return out;
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
    status.textContent = "Pencarian tidak dapat dimuat (perlu server web). Gunakan halaman Jelajahi.";
    return;
  }
  await pagefind.options({ baseUrl: ROOT.pathname, excerptLength: 24 });
  const [groups, available] = await Promise.all([
    fetch(new URL("cari/sinonim.json", ROOT)).then((r) => r.json()),
    pagefind.filters(),
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
  const shown = await Promise.all(ranked.slice(0, PAGE_SIZE).map((r) => r.data()));
  const list = $("lp-results");
  list.replaceChildren(...shown.map(resultItem));
  const what = query ? ` untuk «${query}»` : "";
  status.textContent = ranked.length
    ? `${ranked.length} hasil${what}${ranked.length > PAGE_SIZE ? `; ${PAGE_SIZE} teratas ditampilkan` : ""}.`
    : `Tidak ada hasil${what}. Coba kata lain, hapus saringan, atau buka halaman Jelajahi.`;
}

run();
