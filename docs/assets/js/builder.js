// Model-regulation builder: fills the blanks of the text on the page as the user types,
// swaps the words of the chosen kind of village (Desa, Kalurahan, Nagari ...), and
// downloads a DOCX or ODT with the village's details, entirely in the browser.
//
// The templates are the same documents as the plain downloads with ⟦key⟧ tokens where
// the blanks and the village words are, one per paper and set of options, built into
// small scripts (unduh/templat/...js) loaded only when a download is asked for, so the
// builder works online, offline and from a copy opened from the file system. fflate
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
  var nomenclature = document.getElementById("lp-nomenclature");
  var region = document.getElementById("lp-region");
  var paper = document.getElementById("lp-paper");
  var BLANK = "……";
  // Characters XML 1.0 cannot carry; they are removed from a value, and the user told.
  var ILLEGAL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?:[^\uD800-\uDBFF]|^)[\uDC00-\uDFFF]/g;
  var MAX = 10000;

  function clean(value) {
    return value.replace(ILLEGAL, "").replace(/\s+/g, " ").trim().slice(0, MAX);
  }

  function values() {
    var out = {};
    inputs.forEach(function (input) { out[input.dataset.key] = clean(input.value); });
    return out;
  }

  function word(key) {
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
      var text = word(span.dataset.term);
      span.textContent = span.hasAttribute("data-upper") ? text.toUpperCase() : text;
    });
    var on = chosenOptions();
    document.querySelectorAll(".lp-regulation [data-option]").forEach(function (el) {
      el.hidden = on.indexOf(el.dataset.option) < 0;
    });
    var entry = words.nomenclature[nomenclature.value];
    var note = document.getElementById("lp-nomenclature-note");
    note.textContent = entry.derived.length ?
      "Sebagian sebutan (" + entry.derived.map(function (k) { return entry[k]; }).join(", ") +
      ") dibentuk menurut pola umum, belum terlihat dalam sumber: cocokkan dengan Perda atau Perbup setempat." : "";
  }

  function fillText(text, v) {
    return text.replace(/⟦(@?[a-z][a-z0-9_]*)(:upper)?⟧/g, function (_, key, upper) {
      var value = key.charAt(0) === "@" ? word(key.slice(1)) : (v[key] || BLANK);
      return upper && value !== BLANK ? value.toUpperCase() : value;
    });
  }

  function fill(xml, v) {
    var doc = new DOMParser().parseFromString(xml, "application/xml");
    var walker = doc.createTreeWalker(doc.documentElement, NodeFilter.SHOW_TEXT);
    var nodes = [];
    while (walker.nextNode()) {
      if (walker.currentNode.nodeValue.indexOf("⟦") >= 0) nodes.push(walker.currentNode);
    }
    nodes.forEach(function (node) { node.nodeValue = fillText(node.nodeValue, v); });
    return new XMLSerializer().serializeToString(doc);
  }

  var loading = {};
  function template(key, src) {
    window.LP_TEMPLATES = window.LP_TEMPLATES || {};
    if (window.LP_TEMPLATES[key]) return Promise.resolve(window.LP_TEMPLATES[key]);
    if (!loading[key]) {
      loading[key] = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = src;
        script.onload = function () {
          if (window.LP_TEMPLATES[key]) resolve(window.LP_TEMPLATES[key]);
          else reject(new Error("template missing"));
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

  function download(data, name, type) {
    var blob = new Blob([data], { type: type });
    var link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = name;
    document.body.appendChild(link);
    link.click();
    setTimeout(function () { URL.revokeObjectURL(link.href); link.remove(); }, 1000);
  }

  var TYPES = {
    docx: ["application/vnd.openxmlformats-officedocument.wordprocessingml.document",
           ["word/document.xml"]],
    odt: ["application/vnd.oasis.opendocument.text", ["content.xml", "styles.xml"]]
  };

  function build(format) {
    var v = values();
    var combo = chosenOptions();
    var key = form.dataset.name + "|" + paper.value + "|" + combo.join("+");
    var src = form.dataset.templateBase + paper.value.toLowerCase() + "-" +
      (combo.join("+") || "dasar") + ".js";
    return template(key, src).then(function (payload) {
      var kind = TYPES[format];
      var files = fflate.unzipSync(bytes(payload[format]));
      kind[1].forEach(function (part) {
        if (!files[part]) return;
        var xml = fflate.strFromU8(files[part]);
        files[part] = fflate.strToU8(fill(xml, v));
      });
      var zipped = format === "odt" ?
        // ODF wants its mimetype first and stored, not compressed.
        fflate.zipSync(Object.assign({ mimetype: [files.mimetype, { level: 0 }] }, files)) :
        fflate.zipSync(files);
      var slug = (v.nama_desa || "desa").toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "") || "desa";
      download(zipped, form.dataset.name + "-" + slug + "." + format, kind[0]);
      return v;
    });
  }

  form.addEventListener("input", show);
  form.addEventListener("change", show);
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var format = (event.submitter && event.submitter.value) || "docx";
    var removed = inputs.filter(function (input) { return clean(input.value) !== input.value.replace(/\s+/g, " ").trim(); });
    var missing = inputs.filter(function (input) { return !clean(input.value); });
    if (missing.length) {
      status.textContent = "Isi dulu: " + missing.map(function (input) {
        return form.querySelector("label[for='" + input.id + "']").textContent;
      }).join(", ") + ".";
      missing[0].focus();
      return;
    }
    status.textContent = "Menyiapkan " + format.toUpperCase() + "…";
    build(format).then(function (v) {
      status.textContent = format.toUpperCase() + " dengan data desa " + v.nama_desa + " sudah diunduh." +
        (removed.length ? " Beberapa tanda yang tidak dapat disimpan dalam dokumen dihapus dari isian." : "");
    }).catch(function () {
      status.textContent = "Dokumen tidak dapat dibuat di peramban ini. Unduh naskah kosong di bawah.";
    });
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
  show();
})();
