// "Cek desa saya": the village answers the questions; the result shows what it already does,
// grouped by programme, and the next steps, ordered by what unlocks most (a requirement such
// as the Perdes first), each with its models and up to three cases, nearest province first.
//
// Everything the page needs is embedded in it (#lp-cek-data), so it works from the file
// system. The answers are kept on this device (localStorage) until erased, and put in the
// address's fragment (#p=18&d=...&j=perdes:y,...) to share the result; nothing is sent.
// The village's profile of the model forms (same key as builder.js) names the village, and a
// name typed here is carried to the model forms.
(function () {
  "use strict";
  var root = document.getElementById("lp-cek");
  if (!root) return;
  var data = JSON.parse(document.getElementById("lp-cek-data").textContent);
  var form = document.getElementById("lp-cek-form");
  var result = document.getElementById("lp-cek-result");
  var progress = document.getElementById("lp-cek-progress");
  var desaInput = document.getElementById("lp-cek-desa");
  var provinceSelect = document.getElementById("lp-cek-provinsi");
  var STORE = "lumbung-praktik:cek-desa";
  var PROFILE = "lumbung-praktik:profil-desa"; // the model forms' profile (builder.js)
  var CODES = { ya: "y", sebagian: "s", tidak: "t", "tidak-tahu": "x" };
  var VALUES = { y: "ya", s: "sebagian", t: "tidak", x: "tidak-tahu" };
  var SAID = { sebagian: "Baru sebagian", tidak: "Belum", "tidak-tahu": "Belum diketahui" };
  var byId = {};
  data.criteria.forEach(function (c) { byId[c.id] = c; });

  function read(key) {
    try { return JSON.parse(window.localStorage.getItem(key)) || {}; } catch (e) { return {}; }
  }
  function write(key, value) {
    try { window.localStorage.setItem(key, JSON.stringify(value)); } catch (e) { /* private mode */ }
  }

  // --- the answers on the form ------------------------------------------------------------
  function answers() {
    var out = {};
    data.criteria.forEach(function (c) {
      var checked = form.querySelector('input[name="' + c.id + '"]:checked');
      if (checked) out[c.id] = checked.value;
    });
    return out;
  }
  function state() {
    return { v: 1, desa: desaInput.value.replace(/\s+/g, " ").trim().slice(0, 200),
             provinsi: provinceSelect.value, jawaban: answers() };
  }
  function apply(saved) {
    if (saved.desa !== undefined) desaInput.value = saved.desa || "";
    if (saved.provinsi !== undefined) provinceSelect.value = saved.provinsi || "";
    form.querySelectorAll('input[type="radio"]').forEach(function (r) { r.checked = false; });
    Object.keys(saved.jawaban || {}).forEach(function (id) {
      if (!byId[id] || !CODES[saved.jawaban[id]]) return;
      var radio = form.querySelector('input[name="' + id + '"][value="' + saved.jawaban[id] + '"]');
      if (radio) radio.checked = true;
    });
    showProgress();
  }
  function showProgress() {
    var done = Object.keys(answers()).length;
    progress.textContent = done + " dari " + data.criteria.length + " pertanyaan sudah dijawab.";
  }

  // --- the address that reproduces the result ------------------------------------------------
  function fragment(s) {
    var params = new URLSearchParams();
    if (s.provinsi) params.set("p", s.provinsi);
    if (s.desa) params.set("d", s.desa);
    params.set("j", data.criteria.filter(function (c) { return s.jawaban[c.id]; })
      .map(function (c) { return c.id + ":" + CODES[s.jawaban[c.id]]; }).join(","));
    return params.toString();
  }
  function fromFragment() {
    var hash = window.location.hash.slice(1);
    if (hash.indexOf("j=") < 0) return null;
    var params = new URLSearchParams(hash);
    var jawaban = {};
    (params.get("j") || "").split(",").forEach(function (pair) {
      var parts = pair.split(":");
      if (byId[parts[0]] && VALUES[parts[1]]) jawaban[parts[0]] = VALUES[parts[1]];
    });
    var code = params.get("p") || "";
    var known = data.provinces.some(function (p) { return p.code === code; });
    return { v: 1, desa: (params.get("d") || "").slice(0, 200), provinsi: known ? code : "",
             jawaban: jawaban, shared: true };
  }
  function shareAddress(s) {
    return window.location.href.split("#")[0] + "#" + fragment(s);
  }

  // --- the village's name: typed here, else the model forms' profile ----------------------------
  function villageName(s) {
    var profile = read(PROFILE);
    var word = (data.village_words || {})[profile.nomenclature] || "Desa";
    // A shared result names only the village it was made for, never the reader's own.
    var name = s.desa || (s.shared ? "" : ((profile.fields || {}).nama_desa || "").trim());
    return name ? word + " " + name : "";
  }
  function carryToProfile(name) {
    // A name typed here fills the model forms' profile when it has none yet.
    if (!name) return;
    var profile = read(PROFILE);
    profile.fields = profile.fields || {};
    if ((profile.fields.nama_desa || "").trim()) return;
    profile.v = profile.v || 1;
    profile.fields.nama_desa = name;
    write(PROFILE, profile);
  }

  // --- the result ---------------------------------------------------------------------------------
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "text") node.textContent = attrs[k]; else node.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (child) { if (child) node.appendChild(child); });
    return node;
  }
  function distance(caseItem, code) {
    if (!code) return 0;
    if (caseItem.code === code) return 0;
    return caseItem.code.charAt(0) === code.charAt(0) ? 1 : 2; // same island group
  }
  function nearestCases(criterion, code) {
    return criterion.cases.map(function (index, order) {
      return { item: data.cases[index], order: order };
    }).sort(function (a, b) {
      return distance(a.item, code) - distance(b.item, code) || a.order - b.order;
    }).slice(0, 3).map(function (x) { return x.item; });
  }
  function steps(s) {
    return data.criteria.map(function (c, order) { return { c: c, order: order }; })
      .filter(function (x) { return s.jawaban[x.c.id] !== "ya"; })
      .sort(function (a, b) {
        return (b.c.required_by.length > 0) - (a.c.required_by.length > 0) ||
          b.c.unlocks - a.c.unlocks || a.order - b.order;
      }).map(function (x) { return x.c; });
  }

  function render(s) {
    result.textContent = "";
    var name = villageName(s);
    result.appendChild(el("h2", { id: "lp-cek-result-title",
      text: name ? "Hasil cek " + name : "Hasil cek desa" }));
    var today = new Date().toLocaleDateString("id-ID", { day: "numeric", month: "long", year: "numeric" });
    var province = data.provinces.filter(function (p) { return p.code === s.provinsi; })[0];
    result.appendChild(el("p", { class: "lp-cek__meta", text: "Dicek pada " + today +
      (province ? ", Provinsi " + province.name : "") + ". " +
      Object.keys(s.jawaban).length + " dari " + data.criteria.length + " pertanyaan dijawab." }));

    var next = steps(s);
    if (next.length) {
      result.appendChild(el("p", { class: "lp-cek__first" }, [
        el("strong", { text: next.length + " langkah berikutnya. Mulai dari: " }),
        el("a", { href: "#lp-cek-langkah", text: next[0].step })
      ]));
    }
    result.appendChild(el("h3", { text: "Yang sudah dijalankan desa" }));
    var list = el("ul", { class: "lp-cek__groups" });
    data.groups.forEach(function (g) {
      var yes = g.criteria.filter(function (id) { return s.jawaban[id] === "ya"; });
      var part = g.criteria.filter(function (id) { return s.jawaban[id] === "sebagian"; });
      var line = el("li", { class: "lp-cek__group", "data-group": g.key }, [
        el("strong", { text: g.label + ": " }),
        el("span", { class: "lp-cek__count", text: yes.length + " dari " + g.criteria.length +
          " kriteria" + (part.length ? " (" + part.length + " baru sebagian)" : "") })
      ]);
      if (yes.length) {
        line.appendChild(el("span", { class: "lp-cek__done", text: "Sudah: " +
          yes.map(function (id) { return byId[id].label; }).join("; ") + "." }));
      }
      list.appendChild(line);
    });
    result.appendChild(list);

    result.appendChild(el("h3", { id: "lp-cek-langkah", text: "Langkah berikutnya" }));
    if (!next.length) {
      result.appendChild(el("p", { class: "lp-cek__none", text: "Tidak ada langkah yang " +
        "tersisa: desa sudah menjalankan semua kriteria yang ditanyakan. Bagikan praktik desa " +
        "Anda agar desa lain bisa belajar." }));
    }
    var ol = el("ol", { class: "lp-cek__steps" });
    next.forEach(function (c) {
      var item = el("li", { class: "lp-cek__step", "data-criterion": c.id });
      var head = el("p", { class: "lp-cek__step-title" }, [el("strong", { text: c.step })]);
      c.required_by.forEach(function (label) {
        head.appendChild(document.createTextNode(" "));
        head.appendChild(el("span", { class: "lp-cek__badge", text: "Syarat " + label }));
      });
      item.appendChild(head);
      item.appendChild(el("p", { class: "lp-cek__said", text: "Jawaban: " + SAID[s.jawaban[c.id] ||
        "tidak-tahu"] + (s.jawaban[c.id] ? "" : " (belum dijawab)") + ". " + c.why }));
      if (c.models.length) {
        var models = el("ul", { class: "lp-cek__links" });
        c.models.forEach(function (m) {
          models.appendChild(el("li", {}, [el("a", { class: "lp-cek__link", href: m.url, text: m.title })]));
        });
        item.appendChild(el("p", { class: "lp-cek__label", text: "Model untuk diisi:" }));
        item.appendChild(models);
      }
      var cases = nearestCases(c, s.provinsi);
      if (cases.length) {
        var ul = el("ul", { class: "lp-cek__links" });
        cases.forEach(function (k) {
          ul.appendChild(el("li", {}, [el("a", { class: "lp-cek__link", href: k.url }, [
            el("strong", { text: "Desa " + k.desa + ", " + k.provinsi }),
            el("span", { class: "lp-cek__case-title", text: k.title })])]));
        });
        item.appendChild(el("p", { class: "lp-cek__label", text: "Desa yang sudah melakukannya:" }));
        item.appendChild(ul);
      }
      // On paper (the musyawarah desa's one page): the models and villages on one line.
      var paper = [];
      if (c.models.length) paper.push("Model: " + c.models.map(function (m) { return m.title; }).join("; "));
      if (cases.length) {
        paper.push("Contoh: " + cases.map(function (k) { return "Desa " + k.desa + " (" + k.provinsi + ")"; }).join(", "));
      }
      if (paper.length) item.appendChild(el("p", { class: "lp-cek__paper", text: paper.join(". ") + "." }));
      ol.appendChild(item);
    });
    result.appendChild(ol);

    var address = shareAddress(s);
    var text = (name ? "Hasil cek " + name : "Hasil cek desa") + " (Lumbung Praktik)";
    if (next.length) {
      text += ". Langkah berikutnya: " + next.slice(0, 3).map(function (c, i) {
        return (i + 1) + ". " + c.step; }).join(" ");
    }
    var actions = el("div", { class: "lp-cek__actions" }, [
      el("a", { id: "lp-cek-wa", class: "md-button md-button--primary", target: "_blank",
                rel: "noopener", href: "https://wa.me/?text=" + encodeURIComponent(text + " " + address),
                text: "Bagikan lewat WhatsApp" }),
      el("button", { id: "lp-cek-copy", type: "button", class: "md-button", text: "Salin tautan hasil" }),
      el("button", { id: "lp-cek-print", type: "button", class: "md-button", text: "Cetak ringkasan" }),
      el("button", { id: "lp-cek-edit", type: "button", class: "md-button", text: "Ubah jawaban" }),
      el("button", { id: "lp-cek-clear", type: "button", class: "md-button",
                     text: "Hapus jawaban dari perangkat ini" })
    ]);
    result.appendChild(actions);
    var status = el("p", { id: "lp-cek-status", class: "lp-cek__status", role: "status",
                           "aria-live": "polite" });
    result.appendChild(status);
    result.appendChild(el("p", { class: "lp-cek__address" }, [
      el("span", { text: "Tautan hasil ini: " }),
      el("a", { id: "lp-cek-link", href: address, text: address })
    ]));

    document.getElementById("lp-cek-copy").addEventListener("click", function () {
      function done() { status.textContent = "Tautan hasil sudah disalin."; }
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(address).then(done, function () {
          status.textContent = "Tautan tidak bisa disalin otomatis; salin tautan di bawah ini.";
        });
      } else {
        status.textContent = "Salin tautan di bawah ini.";
      }
    });
    document.getElementById("lp-cek-print").addEventListener("click", function () { window.print(); });
    document.getElementById("lp-cek-edit").addEventListener("click", function () {
      edit();
      var first = form.querySelector("input, select");
      if (first) first.focus();
    });
    document.getElementById("lp-cek-clear").addEventListener("click", function () {
      try { window.localStorage.removeItem(STORE); } catch (e) { /* nothing kept */ }
      apply({ desa: "", provinsi: "", jawaban: {} });
      history.replaceState(null, "", window.location.href.split("#")[0]);
      edit();
      progress.textContent = "Jawaban sudah dihapus dari perangkat ini.";
      desaInput.focus();
    });
  }

  var intro = root.querySelector(".lp-cek__intro");
  function show(s, focus) {
    render(s);
    form.hidden = true;
    intro.hidden = true;
    result.hidden = false;
    if (focus) {
      window.scrollTo(0, 0); // the result starts under the page's title
      result.focus({ preventScroll: true });
    }
  }
  function edit() {
    form.hidden = false;
    intro.hidden = false;
    result.hidden = true;
  }

  // --- start: a shared link first, else what this device kept --------------------------------
  var shared = fromFragment();
  var kept = read(STORE);
  if (shared) {
    apply(shared);
    show(shared, false);
  } else if (kept.jawaban) {
    apply(kept);
    if (kept.selesai) show(kept, false);
  } else {
    var profile = read(PROFILE);
    if (profile.fields && profile.fields.nama_desa) desaInput.placeholder = profile.fields.nama_desa;
    showProgress();
  }

  form.addEventListener("change", function () {
    var s = state();
    s.selesai = false;
    write(STORE, s);
    showProgress();
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var s = state();
    s.selesai = true;
    write(STORE, s);
    carryToProfile(s.desa);
    history.replaceState(null, "", "#" + fragment(s));
    show(s, true);
  });
})();
