// Model-regulation builder: fills the blanks of the text on the page as the user types,
// and downloads a DOCX with the village's details, entirely in the browser.
//
// The DOCX template is the same document as the clean download with ⟦key⟧ tokens where
// the blanks are; the build puts it in the page (base64), so the builder works offline and
// from a copy opened from the file system. fflate (vendored from npm, MIT) unzips and zips
// it; the browser's own XML parser and serializer edit the text of word/document.xml, so
// values are escaped by the serializer, not by hand.
(function () {
  "use strict";
  var form = document.getElementById("lp-builder");
  if (!form) return;
  var status = document.getElementById("lp-builder-status");
  var inputs = Array.prototype.slice.call(form.querySelectorAll("input[data-key]"));
  var blanks = Array.prototype.slice.call(document.querySelectorAll(".lp-blank[data-key]"));
  var BLANK = "……";
  var template = new Promise(function (resolve) {
    var b64 = document.getElementById("lp-builder-template").textContent.trim();
    var binary = atob(b64);
    var bytes = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    resolve(bytes.buffer);
  });

  function values() {
    var out = {};
    inputs.forEach(function (input) { out[input.dataset.key] = input.value.trim(); });
    return out;
  }

  function show() {
    var v = values();
    blanks.forEach(function (span) {
      var value = v[span.dataset.key];
      span.textContent = value ? (span.hasAttribute("data-upper") ? value.toUpperCase() : value) : BLANK;
      span.classList.toggle("lp-blank--filled", Boolean(value));
    });
  }

  function fill(xml, v) {
    var doc = new DOMParser().parseFromString(xml, "application/xml");
    var texts = doc.getElementsByTagNameNS(
      "http://schemas.openxmlformats.org/wordprocessingml/2006/main", "t");
    Array.prototype.forEach.call(texts, function (node) {
      node.textContent = node.textContent.replace(/⟦([a-z][a-z0-9_]*)(:upper)?⟧/g,
        function (_, key, upper) {
          var value = v[key] || BLANK;
          return upper && v[key] ? value.toUpperCase() : value;
        });
    });
    return new XMLSerializer().serializeToString(doc);
  }

  function download(bytes, name) {
    var blob = new Blob([bytes], {
      type: "application/vnd.openxmlformats-officedocument.wordprocessingml.document" });
    var link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = name;
    document.body.appendChild(link);
    link.click();
    setTimeout(function () { URL.revokeObjectURL(link.href); link.remove(); }, 1000);
  }

  form.addEventListener("input", show);
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var missing = inputs.filter(function (input) { return !input.value.trim(); });
    if (missing.length) {
      status.textContent = "Isi dulu: " + missing.map(function (input) {
        return form.querySelector("label[for='" + input.id + "']").textContent;
      }).join(", ") + ".";
      missing[0].focus();
      return;
    }
    status.textContent = "Menyiapkan DOCX…";
    template.then(function (buffer) {
      var files = fflate.unzipSync(new Uint8Array(buffer));
      var v = values();
      var xml = fflate.strFromU8(files["word/document.xml"]);
      files["word/document.xml"] = fflate.strToU8(fill(xml, v));
      var slug = (v.nama_desa || "desa").toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
      download(fflate.zipSync(files), form.dataset.name + "-" + slug + ".docx");
      status.textContent = "DOCX dengan data desa " + v.nama_desa + " sudah diunduh.";
    }).catch(function () {
      status.textContent = "DOCX tidak dapat dibuat di peramban ini. Unduh DOCX kosong di atas.";
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
  show();
})();
