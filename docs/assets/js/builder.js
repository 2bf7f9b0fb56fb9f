// Model-regulation builder: the village's profile, typed once and kept on this device
// (localStorage), fills the blanks of the text on the page and of every model; the words
// of the chosen kind of village (Desa, Kalurahan, Nagari ...) replace the general ones;
// DOCX, ODT and the whole package (a zip) are made in the browser.
//
// The templates are the same documents as the plain downloads with ⟦key⟧ tokens where
// the blanks and the village words are, one per model, paper and set of options, built
// into small scripts (unduh/templat/...js) loaded only when a download is asked for, so
// the builder works online, offline and from a copy opened from the file system. fflate
// (vendored from npm, MIT) unzips and zips them; the browser's own XML parser and
// serializer edit the text nodes, so values are escaped by the serializer, not by hand.
(function () {
  "use strict";
  var form = document.getElementById("lp-builder");
  if (!form) return;
  var status = document.getElementById("lp-builder-status");
  var inputs = Array.prototype.slice.call(form.querySelectorAll("input[data-key]"));
  var optionBoxes = Array.prototype.slice.call(form.querySelectorAll("input[data-option]"));
  var blanks = Array.prototype.slice.call(document.querySelectorAll(".lp-blank[data-key]"));
  var terms = Array.prototype.slice.call(document.querySelectorAll(".lp-term[data-term]"));
  var words = JSON.parse(document.getElementById("lp-builder-words").textContent);
  var pack = JSON.parse(document.getElementById("lp-package-data").textContent);
  var nomenclature = document.getElementById("lp-nomenclature");
  var region = document.getElementById("lp-region");
  var paper = document.getElementById("lp-paper");
  var modelId = form.dataset.name;
  // The site's paths, as the page gives them (lumbung/routes.py): the templates' names.
  var routes = JSON.parse(document.getElementById("lp-routes").textContent);
  var BLANK = "……";
  var STORE = "lumbung-praktik:profil-desa";
  // Characters XML 1.0 cannot carry; they are removed from a value, and the user told.
  var ILLEGAL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
  var MAX = 10000;
  // A name typed with its kind in front ("Desa Oelnasi"): the kind is removed, and said.
  var PREFIXES = {
    nama_desa: /^(desa|kelurahan|kalurahan|nagari|gampong|pekon|kampung|ds\.?)\s+/i,
    nama_kecamatan: /^(kecamatan|kapanewon|kemantren|distrik|kec\.?)\s+/i,
    nama_kabupaten: /^(kabupaten|kab\.?|kota)\s+/i
  };

  function clean(value) {
    return value.replace(ILLEGAL, "").replace(/\s+/g, " ").trim().slice(0, MAX);
  }

  function errorOf(input) { return document.getElementById("lp-error-" + input.dataset.key); }

  function say(input, text, info) {
    var el = errorOf(input);
    if (!el) return;
    el.textContent = text;
    el.classList.toggle("lp-field-error--info", Boolean(info));
  }

  function stripPrefix(input) {
    var rule = PREFIXES[input.dataset.key];
    if (!rule) return;
    var match = input.value.trim().match(rule);
    if (!match) return;
    var word = match[1];
    input.value = input.value.trim().slice(match[0].length);
    if (input.dataset.key === "nama_kabupaten" && /^kota$/i.test(word)) region.value = "kota";
    say(input, "Kata \u201c" + word + "\u201d dihapus: sebutannya sudah dicetak di naskah.", true);
  }

  // --- the profile, kept on this device ------------------------------------------------------
  // The village's details and the Perdes's number (carried into what follows from it) are
  // shared by every document; a document's own number, dates and other blanks are its own.
  var profileKeys = inputs.filter(function (input) { return input.hasAttribute("data-profile"); })
    .map(function (input) { return input.dataset.key; }).concat(pack.profile);
  function shared(key) { return profileKeys.indexOf(key) >= 0 || key in pack.carried; }

  function load() {
    try { return JSON.parse(window.localStorage.getItem(STORE)) || {}; } catch (e) { return {}; }
  }

  function save() {
    var profile = load();
    profile.v = 1;
    profile.nomenclature = nomenclature.value;
    profile.region = region.value;
    profile.paper = paper.value;
    profile.fields = profile.fields || {};
    profile.documents = profile.documents || {};
    var own = profile.documents[modelId] = profile.documents[modelId] || {};
    inputs.forEach(function (input) {
      (shared(input.dataset.key) ? profile.fields : own)[input.dataset.key] = input.value;
    });
    if (form.dataset.type === "perdes") {
      Object.keys(pack.carried).forEach(function (key) {
        profile.fields[key] = own[pack.carried[key]] || "";
      });
    }
    profile.options = profile.options || {};
    optionBoxes.forEach(function (box) { profile.options[box.dataset.option] = box.checked; });
    try { window.localStorage.setItem(STORE, JSON.stringify(profile)); } catch (e) { /* private mode */ }
  }

  function restore() {
    var profile = load();
    if (profile.nomenclature && words.nomenclature[profile.nomenclature]) nomenclature.value = profile.nomenclature;
    if (profile.region) region.value = profile.region;
    if (profile.paper) paper.value = profile.paper;
    var own = (profile.documents || {})[modelId] || {};
    inputs.forEach(function (input) {
      var key = input.dataset.key;
      var value = shared(key) ? (profile.fields || {})[key] : own[key];
      if (typeof value === "string" && !input.value) input.value = value;
    });
    optionBoxes.forEach(function (box) {
      var on = (profile.options || {})[box.dataset.option];
      if (typeof on === "boolean") box.checked = on;
    });
  }

  // --- words, values, the text on the page ----------------------------------------------------
  function values() {
    var out = {};
    inputs.forEach(function (input) { out[input.dataset.key] = clean(input.value); });
    return out;
  }

  function word(key, draft) {
    if (key === "draft") return draft ? "RANCANGAN " : "";
    if (words.regions[region.value] && key in words.regions[region.value]) {
      return words.regions[region.value][key];
    }
    return words.nomenclature[nomenclature.value][key];
  }

  function chosenOptions() {
    return optionBoxes.filter(function (box) { return box.checked; })
      .map(function (box) { return box.dataset.option; }).sort();
  }

  function show() {
    var v = values();
    blanks.forEach(function (span) {
      var value = v[span.dataset.key];
      span.textContent = value ? (span.hasAttribute("data-upper") ? value.toUpperCase() : value) : BLANK;
      span.classList.toggle("lp-blank--filled", Boolean(value));
    });
    terms.forEach(function (span) {
      var text = word(span.dataset.term, false);
      span.textContent = span.hasAttribute("data-upper") ? text.toUpperCase() : text;
    });
    // The text on the page follows the choices as the download will: optional parts
    // shown or not, their notes (for the blank downloads) hidden, Mengingat renumbered.
    var on = chosenOptions();
    document.querySelectorAll(".lp-regulation [data-option]").forEach(function (el) {
      el.hidden = on.indexOf(el.dataset.option) < 0 || el.classList.contains("lp-reg--note");
    });
    var number = 0;
    document.querySelectorAll(".lp-regulation [data-group=mengingat]").forEach(function (el) {
      if (el.hidden) return;
      number += 1;
      var label = el.querySelector(".lp-reg__label");
      if (label) label.textContent = number + ".";
    });
    var entry = words.nomenclature[nomenclature.value];
    document.getElementById("lp-nomenclature-note").textContent = entry.derived.length ?
      "Sebagian sebutan (" + entry.derived.map(function (k) { return entry[k]; }).join(", ") +
      ") dibentuk menurut pola umum, belum terlihat dalam sumber: cocokkan dengan Perda atau Perbup setempat." : "";
  }

  // --- documents ---------------------------------------------------------------------------
  function fillText(text, v, draft) {
    return text.replace(/⟦(@?[a-z][a-z0-9_]*)(:upper)?⟧/g, function (_, key, upper) {
      var value = key.charAt(0) === "@" ? word(key.slice(1), draft) : (v[key] || BLANK);
      return upper && value !== BLANK ? value.toUpperCase() : value;
    });
  }

  function fill(xml, v, draft) {
    var doc = new DOMParser().parseFromString(xml, "application/xml");
    var walker = doc.createTreeWalker(doc.documentElement, NodeFilter.SHOW_TEXT);
    var nodes = [];
    while (walker.nextNode()) {
      if (walker.currentNode.nodeValue.indexOf("⟦") >= 0) nodes.push(walker.currentNode);
    }
    nodes.forEach(function (node) { node.nodeValue = fillText(node.nodeValue, v, draft); });
    return new XMLSerializer().serializeToString(doc);
  }

  // fflate is loaded with the first document, not with the page.
  var zipLibrary = null;
  function zipper() {
    if (window.fflate) return Promise.resolve(window.fflate);
    if (!zipLibrary) {
      zipLibrary = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = form.dataset.fflate;
        script.onload = function () { resolve(window.fflate); };
        script.onerror = function () { zipLibrary = null; reject(new Error("fflate not loaded")); };
        document.head.appendChild(script);
      });
    }
    return zipLibrary;
  }

  var loading = {};
  function template(model, combo) {
    var key = model + "|" + paper.value + "|" + combo.join("+");
    var src = routes.template.replace("{model}", model)
      .replace("{paper}", paper.value.toLowerCase())
      .replace("{options}", combo.join(routes.template_join) || routes.template_none);
    window.LP_TEMPLATES = window.LP_TEMPLATES || {};
    if (window.LP_TEMPLATES[key]) return Promise.resolve(window.LP_TEMPLATES[key]);
    if (!loading[key]) {
      loading[key] = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = src;
        script.onload = function () {
          if (window.LP_TEMPLATES[key]) return resolve(window.LP_TEMPLATES[key]);
          delete loading[key];
          reject(new Error("template missing"));
        };
        script.onerror = function () { delete loading[key]; reject(new Error("not loaded")); };
        document.head.appendChild(script);
      });
    }
    return loading[key];
  }

  function bytes(b64) {
    var binary = atob(b64);
    var out = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
    return out;
  }

  var PARTS = { docx: ["word/document.xml"], odt: ["content.xml", "styles.xml"] };
  var TYPES = {
    docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    odt: "application/vnd.oasis.opendocument.text",
    zip: "application/zip"
  };

  function make(payload, format, v, draft) {
    var files = fflate.unzipSync(bytes(payload[format]));
    PARTS[format].forEach(function (part) {
      if (files[part]) files[part] = fflate.strToU8(fill(fflate.strFromU8(files[part]), v, draft));
    });
    if (format === "odt") {
      // ODF wants its mimetype first and stored, not compressed.
      var ordered = { mimetype: [files.mimetype, { level: 0 }] };
      Object.keys(files).forEach(function (name) { if (name !== "mimetype") ordered[name] = files[name]; });
      return fflate.zipSync(ordered);
    }
    return fflate.zipSync(files);
  }

  function download(data, name, type) {
    var link = document.createElement("a");
    link.href = URL.createObjectURL(new Blob([data], { type: type }));
    link.download = name;
    document.body.appendChild(link);
    link.click();
    setTimeout(function () { URL.revokeObjectURL(link.href); link.remove(); }, 1000);
  }

  function slug(v) {
    return (v.nama_desa || "desa").toLowerCase().normalize("NFKD").replace(/[^a-z0-9]+/g, "-")
      .replace(/^-|-$/g, "") || "desa";
  }

  function optionsFor(documentSpec) {
    var profile = load().options || {};
    return documentSpec.options.filter(function (key) { return profile[key] === true; }).sort();
  }

  // The values of one document of the package: the profile, the document's own number and
  // dates (none in a draft), and the blanks carried from the Perdes.
  function valuesFor(documentSpec) {
    var profile = load();
    var v = {};
    Object.keys(profile.fields || {}).forEach(function (k) {
      if (shared(k)) v[k] = clean(profile.fields[k]);
    });
    var own = (profile.documents || {})[documentSpec.model] || {};
    Object.keys(own).forEach(function (k) {
      if (!(documentSpec.draft && pack.per_document.indexOf(k) >= 0)) v[k] = clean(own[k]);
    });
    return v;
  }

  function buildOne(format) {
    var v = values();
    return zipper().then(function () {
      return template(modelId, chosenOptions());
    }).then(function (payload) {
      download(make(payload, format, v, false), modelId + "-" + slug(v) + "." + format, TYPES[format]);
      return "Dokumen " + format.toUpperCase() + " dengan data desa " + v.nama_desa + " sudah diunduh.";
    });
  }

  function buildPackage() {
    save();
    var v = values();
    var folder = "paket-" + slug(v);
    var files = {};
    return zipper().then(function () {
      return Promise.all(pack.documents.map(function (spec) {
      return template(spec.model, optionsFor(spec)).then(function (payload) {
        var dv = valuesFor(spec);
        ["docx", "odt"].forEach(function (format) {
          files[folder + "/" + spec.file + "." + format] = [make(payload, format, dv, spec.draft), { level: 0 }];
        });
      });
      }));
    }).then(function () {
      download(fflate.zipSync(files), folder + ".zip", TYPES.zip);
      return "Paket lengkap (" + pack.documents.length + " dokumen, DOCX dan ODT) untuk desa " +
        v.nama_desa + " sudah diunduh.";
    });
  }

  // A document needs every blank on this page; the package needs the village's profile
  // (its other blanks stay "……" to fill in Word or LibreOffice).
  function check(action) {
    var needed = action === "package" ? inputs.filter(function (input) {
      return input.hasAttribute("data-profile");
    }) : inputs;
    var missing = needed.filter(function (input) { return !clean(input.value); });
    inputs.forEach(function (input) {
      if (missing.indexOf(input) >= 0) {
        say(input, "Wajib diisi.");
        input.setAttribute("aria-invalid", "true");
      } else {
        input.removeAttribute("aria-invalid");
        if (!errorOf(input).classList.contains("lp-field-error--info")) say(input, "");
      }
    });
    return missing;
  }

  // "Cetak / Simpan PDF": the browser's own print of the filled text alone, on the chosen
  // paper, laid out by the print stylesheet (no PDF library in the browser).
  function printText() {
    var size = document.getElementById("lp-page-size") || document.createElement("style");
    size.id = "lp-page-size";
    size.textContent = "@page { size: " + (paper.value === "F4" ? "215mm 330mm" : "210mm 297mm") +
      "; margin: 2.5cm; }";
    document.head.appendChild(size);
    document.body.classList.add("lp-print-text");
    status.textContent = "Pilih \u201cSimpan sebagai PDF\u201d atau printer di jendela cetak.";
    window.print();
  }
  window.addEventListener("afterprint", function () {
    document.body.classList.remove("lp-print-text");
  });

  restore();
  form.addEventListener("input", function (event) {
    if (event.target.dataset && event.target.dataset.key) say(event.target, "");
    show();
    save();
  });
  form.addEventListener("change", function (event) {
    if (event.target.dataset && event.target.dataset.key) stripPrefix(event.target);
    show();
    save();
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var action = (event.submitter && event.submitter.value) || "docx";
    inputs.forEach(stripPrefix);
    show();
    save();
    var removed = inputs.filter(function (input) {
      return clean(input.value) !== input.value.replace(/\s+/g, " ").trim().slice(0, MAX);
    });
    var cut = inputs.filter(function (input) { return input.value.trim().length > MAX; });
    var missing = check(action);
    status.classList.toggle("lp-builder__status--error", missing.length > 0);
    if (missing.length) {
      status.textContent = "Isi dulu: " + missing.map(function (input) {
        return form.querySelector("label[for='" + input.id + "']").textContent.replace("*", "").trim();
      }).join(", ") + ".";
      missing[0].focus();
      return;
    }
    if (action === "print") {
      printText();
      return;
    }
    status.textContent = "Menyiapkan dokumen…";
    (action === "package" ? buildPackage() : buildOne(action)).then(function (message) {
      status.textContent = message + (removed.length ?
        " Beberapa tanda yang tidak dapat disimpan dalam dokumen dihapus dari isian." : "") +
        (cut.length ? " Isian yang lebih dari " + MAX + " huruf dipotong." : "");
    }).catch(function () {
      status.classList.add("lp-builder__status--error");
      status.textContent = "Dokumen tidak dapat dibuat di peramban ini. Unduh naskah kosong di bawah.";
    });
  });
  document.getElementById("lp-profile-clear").addEventListener("click", function () {
    try { window.localStorage.removeItem(STORE); } catch (e) { /* nothing kept */ }
    inputs.forEach(function (input) { input.value = ""; say(input, ""); });
    status.classList.remove("lp-builder__status--error");
    status.textContent = "Data desa sudah dihapus dari perangkat ini.";
    show();
  });

  var toggle = document.getElementById("lp-commentary-toggle");
  if (toggle) {
    toggle.addEventListener("click", function () {
      var open = toggle.getAttribute("aria-pressed") !== "true";
      document.querySelectorAll("details.lp-commentary").forEach(function (d) { d.open = open; });
      toggle.setAttribute("aria-pressed", String(open));
      toggle.textContent = open ? "Tutup semua catatan" : "Buka semua catatan";
    });
  }
  var params = new URLSearchParams(window.location.search);
  (params.get("pilihan") || "").split(",").forEach(function (key) {
    optionBoxes.forEach(function (box) { if (box.dataset.option === key) box.checked = true; });
  });
  if (params.get("pilihan")) save();
  show();
})();
