// Sortable tables: <table data-lp-sortable>. Each header becomes a button; a cell may
// give its sort key in data-sort. Works without the script too (the table is just static).
(function () {
  "use strict";
  function cellKey(row, index) {
    var cell = row.cells[index];
    return cell ? (cell.getAttribute("data-sort") || cell.textContent.trim()) : "";
  }
  function makeSortable(table) {
    var headers = table.tHead ? table.tHead.rows[0].cells : [];
    var collator = new Intl.Collator("id", { numeric: true, sensitivity: "base" });
    Array.prototype.forEach.call(headers, function (th, index) {
      var button = document.createElement("button");
      button.type = "button";
      button.textContent = th.textContent;
      th.textContent = "";
      th.appendChild(button);
      button.addEventListener("click", function () {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(headers, function (other) { other.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var order = collator.compare(cellKey(a, index), cellKey(b, index));
          return ascending ? order : -order;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
  }
  // "Bagikan": WhatsApp link with title and address, copy the address, and the device's
  // share sheet where the browser has one.
  function makeShare(box) {
    var title = box.getAttribute("data-title");
    var url = location.href.split("#")[0];
    // The offline copy shares the public address of the page, never a file:// path; with
    // no public address known to the build there is nothing to share.
    if (location.protocol === "file:") {
      var known = document.querySelector('meta[property="og:url"]');
      if (!known) { box.hidden = true; return; }
      url = known.getAttribute("content") + location.search;
    }
    var status = box.querySelector("[data-lp-share-status]");
    box.querySelector("[data-lp-share-wa]").href =
      "https://wa.me/?text=" + encodeURIComponent(title + " " + url);
    box.querySelector("[data-lp-share-copy]").addEventListener("click", function () {
      var done = function () { status.textContent = "Tautan disalin."; };
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(url).then(done, function () {
          status.textContent = "Salin tautan ini: " + url;
        });
      } else {
        status.textContent = "Salin tautan ini: " + url;
      }
    });
    var native = box.querySelector("[data-lp-share-native]");
    if (navigator.share) {
      native.hidden = false;
      native.addEventListener("click", function () {
        navigator.share({ title: title, url: url }).catch(function () {});
      });
    }
  }
  // Wide tables scroll sideways on a phone: make each scroll box reachable by keyboard.
  function focusableScrollBoxes() {
    Array.prototype.forEach.call(document.querySelectorAll(".md-typeset__scrollwrap"), function (box) {
      if (box.hasAttribute("tabindex")) return;
      box.tabIndex = 0;
      box.setAttribute("role", "region");
      box.setAttribute("aria-label", "Tabel (geser ke samping untuk melihat semuanya)");
    });
  }
  // "Desa seperti desa saya": the suggestions computed by the build wait in a small JSON
  // beside the page (so a page never changes when other cases are added); shown as text.
  function loadSimilar(list) {
    var slots = parseInt(list.getAttribute("data-lp-slots"), 10) || 0;
    var done = function () { list.setAttribute("data-lp-state", "done"); };  // for tests
    if (!window.fetch || slots < 1) return done();
    fetch(list.getAttribute("data-lp-similar")).then(function (response) {
      return response.ok ? response.json() : { cases: [] };
    }).then(function (data) {
      (data.cases || []).slice(0, slots).forEach(function (item) {
        if (!/^\.\.\/[a-z0-9-]+\/$/.test(item.url)) return;
        var li = document.createElement("li");
        var link = document.createElement("a");
        link.href = item.url;
        link.textContent = item.title;
        li.appendChild(link);
        li.appendChild(document.createTextNode(" — Desa " + item.desa + ", " + item.kabupaten + ", " + item.provinsi + ". "));
        var why = document.createElement("span");
        why.className = "lp-muted";
        why.textContent = "Sama-sama: " + item.reasons.join(", ") + ".";
        li.appendChild(why);
        list.appendChild(li);
      });
      if (list.children.length) list.hidden = false;
    }).catch(function () {}).then(done);
  }
  function init() {
    focusableScrollBoxes();
    if (window.document$ && window.document$.subscribe) window.document$.subscribe(focusableScrollBoxes);
    Array.prototype.forEach.call(document.querySelectorAll("table[data-lp-sortable]"), makeSortable);
    Array.prototype.forEach.call(document.querySelectorAll("[data-lp-share]"), makeShare);
    Array.prototype.forEach.call(document.querySelectorAll("[data-lp-similar]"), loadSimilar);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
