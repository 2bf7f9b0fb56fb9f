// The form "Kirim studi kasus" (/kirim/formulir/): drawn from window.LUMBUNG_FORM, which
// lumbung/render/form.py makes from the JSON Schema, the vocabularies and the form's
// words; the answers are checked against the same schema with Ajv (vendored from npm,
// MIT) plus the rules across files the browser can know (ids taken, the province's code,
// source numbers, dates in the future), and written as a case file in the style of
// `lumbung new`: every text a JSON string, which YAML reads as the same text.
//
// Whatever is typed stays text: elements are made with createElement and filled with
// textContent or .value, never innerHTML. The draft is kept in localStorage until erased.
(function () {
  "use strict";
  var root = document.getElementById("lp-kirim");
  var FORM = window.LUMBUNG_FORM;
  if (!root || !FORM) return;
  var MSG = FORM.messages;
  var STORE = "lumbung-praktik:kirim-draf";
  var UNSAFE = new RegExp(FORM.unsafe_character, "u");
  var ajv = new window.ajv2020({ allErrors: true, strict: false, verbose: true });
  ajv.addFormat("date", function (text) {
    var day = new Date(text + "T00:00:00Z");
    return !isNaN(day) && day.toISOString().slice(0, 10) === text;
  });
  var check = ajv.compile(FORM.schema);
  var uid = 0;
  var checked = false; // errors are shown once the form was checked, then kept current
  var inputs = {}; // JSON pointer -> the element an error at it is shown beside
  var errorBoxes = {}; // JSON pointer -> its error element
  var provinceSelect = null, kabupatenList = null, kodeInput = null;

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      if (name === "className") node.className = attrs[name];
      else node.setAttribute(name, attrs[name]);
    });
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function say(text, values) {
    return String(text).replace(/\{(\w+)\}/g, function (all, name) {
      return values && name in values ? String(values[name]) : all;
    });
  }

  function todayInIndonesia() { // as the validator: the date in WIT (UTC+9)
    return new Date(Date.now() + 9 * 3600 * 1000).toISOString().slice(0, 10);
  }

  // ---------------------------------------------------------------- drawing the fields
  function blank(field) {
    switch (field.widget) {
      case "group":
        var group = {};
        field.fields.forEach(function (f) { group[f.key] = blank(f); });
        return group;
      case "list":
        var items = [];
        for (var i = 0; i < Math.max(field.min, 0); i++) items.push(blank(field.item));
        return items;
      case "checkboxes": return [];
      case "text": return field.translatable ? { id: "", en: "" } : "";
      case "select":
        return field.key === "status" && field.choices.length ? field.choices[0].value : "";
      case "date": return field.key === "updated" ? todayInIndonesia() : "";
      default: return "";
    }
  }

  function box(pointer, wrapper) {
    var error = el("p", { className: "lp-field-error", id: "lp-kirim-error-" + (++uid),
                          "aria-live": "polite", "data-pointer": pointer });
    errorBoxes[pointer] = error;
    wrapper.appendChild(error);
    return error;
  }

  function labelled(field, pointer, control, wrapper) {
    var id = "lp-kirim-f" + (++uid);
    control.id = id;
    control.setAttribute("data-pointer", pointer);
    var label = el("label", { "for": id }, field.label);
    if (field.required) label.appendChild(el("span", { className: "lp-kirim__required" }, " (wajib)"));
    wrapper.appendChild(label);
    if (field.help) {
      var help = el("p", { className: "lp-kirim__help", id: id + "-help" }, field.help);
      wrapper.appendChild(help);
      control.setAttribute("aria-describedby", id + "-help");
    }
    wrapper.appendChild(control);
    inputs[pointer] = control;
    var error = box(pointer, wrapper);
    control.setAttribute("aria-describedby",
      ((control.getAttribute("aria-describedby") || "") + " " + error.id).trim());
  }

  function textControl(multiline, value, type) {
    var control = multiline ? el("textarea", { rows: "4" }) : el("input", { type: type || "text" });
    control.value = value || "";
    return control;
  }

  function draw(field, value, pointer, parent) {
    var wrapper = el("div", { className: "lp-kirim__field lp-kirim__field--" + field.widget });
    parent.appendChild(wrapper);
    var control;
    switch (field.widget) {
      case "const":
        wrapper.hidden = true;
        return;
      case "group":
      case "list":
      case "checkboxes":
        var set = el("fieldset", { className: "lp-kirim__set", "data-pointer": pointer });
        wrapper.appendChild(set);
        var legend = el("legend", {}, field.label);
        if (field.required) legend.appendChild(el("span", { className: "lp-kirim__required" }, " (wajib)"));
        set.appendChild(legend);
        if (field.help) set.appendChild(el("p", { className: "lp-kirim__help" }, field.help));
        inputs[pointer] = set;
        if (field.widget === "group") {
          field.fields.forEach(function (f) {
            draw(f, value && f.key in value ? value[f.key] : blank(f), pointer + "/" + f.key, set);
          });
        } else if (field.widget === "checkboxes") {
          field.choices.forEach(function (choice) {
            var row = el("div", { className: "lp-kirim__choice" });
            var id = "lp-kirim-f" + (++uid);
            var tick = el("input", { type: "checkbox", id: id, "data-value": choice.value,
                                     "data-pointer": pointer });
            tick.checked = (value || []).indexOf(choice.value) >= 0;
            row.appendChild(tick);
            var label = el("label", { "for": id }, choice.label);
            if (choice.help) label.appendChild(el("span", { className: "lp-kirim__help" }, " — " + choice.help));
            row.appendChild(label);
            set.appendChild(row);
          });
        } else {
          drawList(field, value || [], pointer, set);
        }
        box(pointer, set);
        return;
      case "select":
        control = el("select");
        control.appendChild(el("option", { value: "" }, "— pilih —"));
        if (field.nullable) control.appendChild(el("option", { value: "null" }, field.null_label || "Tidak diketahui"));
        var groups = {};
        field.choices.forEach(function (choice, index) {
          var target = control;
          if (choice.group) {
            if (!groups[choice.group]) {
              groups[choice.group] = el("optgroup", { label: choice.group });
              control.appendChild(groups[choice.group]);
            }
            target = groups[choice.group];
          }
          var option = el("option", { value: "c" + index }, choice.label);
          if (choice.value === value) option.selected = true;
          target.appendChild(option);
        });
        if (value === null) control.value = "null";
        break;
      case "text":
        control = textControl(field.multiline, field.translatable ? value && value.id : value);
        labelled(field, pointer, control, wrapper);
        if (field.translatable) {
          inputs[pointer + "/id"] = control;
          var english = el("details", { className: "lp-kirim__en" });
          english.appendChild(el("summary", {}, "Terjemahan bahasa Inggris (opsional)"));
          var en = textControl(field.multiline, value && value.en);
          en.setAttribute("lang", "en");
          labelled({ label: field.label + " (English)" }, pointer + "/en", en, english);
          if (en.value) english.open = true;
          wrapper.appendChild(english);
        }
        return;
      case "date":
        control = textControl(false, value, "date");
        break;
      case "url":
        control = textControl(false, value, "url");
        control.setAttribute("inputmode", "url");
        control.setAttribute("placeholder", "https://");
        break;
      case "integer":
      case "number":
      case "year_or_date":
        control = textControl(false, value);
        control.setAttribute("inputmode", field.widget === "year_or_date" ? "text" :
                             field.widget === "integer" ? "numeric" : "decimal");
        break;
      default:
        control = textControl(field.multiline, value);
    }
    control.setAttribute("autocomplete", "off");
    labelled(field, pointer, control, wrapper);
    hints(field, control, wrapper);
  }

  function datalist(control, wrapper, values) {
    var list = el("datalist", { id: "lp-kirim-list-" + (++uid) });
    values.forEach(function (v) { list.appendChild(el("option", { value: v })); });
    control.setAttribute("list", list.id);
    wrapper.appendChild(list);
    return list;
  }

  function hints(field, control, wrapper) {
    if (field.path === "location.provinsi") {
      provinceSelect = control;
      control.addEventListener("change", provinceChanged);
    } else if (field.path === "location.kabupaten") {
      kabupatenList = datalist(control, wrapper, []);
    } else if (field.path === "location.kode_wilayah") {
      kodeInput = control;
    } else if (field.path === "related[]") {
      datalist(control, wrapper, FORM.ids);
    } else if (field.path === "instruments[].model") {
      datalist(control, wrapper, FORM.models);
    }
  }

  function chosenProvince() {
    var field = findField("location.provinsi");
    var index = provinceSelect && provinceSelect.value.charAt(0) === "c" ?
      Number(provinceSelect.value.slice(1)) : -1;
    var name = index >= 0 ? field.choices[index].value : null;
    return FORM.provinces.filter(function (p) { return p.name === name; })[0] || null;
  }

  function provinceChanged() {
    var province = chosenProvince();
    if (kabupatenList) {
      while (kabupatenList.firstChild) kabupatenList.removeChild(kabupatenList.firstChild);
      // The kabupaten of the cases so far: of the province chosen, else all, with their province.
      Object.keys(FORM.kabupaten).forEach(function (name) {
        if (province && name !== province.name) return;
        FORM.kabupaten[name].forEach(function (kabupaten) {
          kabupatenList.appendChild(el("option", province ? { value: kabupaten } :
                                          { value: kabupaten, label: name }));
        });
      });
    }
    if (kodeInput) kodeInput.setAttribute("placeholder", province ? province.code + ".__.__.____" : "");
  }

  function drawList(field, items, pointer, set) {
    var holder = el("div", { className: "lp-kirim__items" });
    set.appendChild(holder);
    items.forEach(function (item, index) {
      var part = el("div", { className: "lp-kirim__item" });
      holder.appendChild(part);
      // The item's number is its label (the legend of a group of fields).
      draw(Object.assign({}, field.item, { label: field.item_label + " " + (index + 1),
                                           required: false, help: "" }),
           item, pointer + "/" + index, part);
      if (items.length > field.min) {
        var remove = el("button", { type: "button", className: "md-button lp-kirim__remove",
                                    "data-remove": pointer + "/" + index },
                        "Hapus " + field.item_label.toLowerCase() + " " + (index + 1));
        part.appendChild(remove);
      }
    });
    set.appendChild(el("button", { type: "button", className: "md-button lp-kirim__add",
                                   "data-add": pointer }, "Tambah " + field.item_label.toLowerCase()));
  }

  // ---------------------------------------------------------------- reading the answers
  function findField(path) {
    var parts = path.replace(/\[\]/g, ".[]").split(".");
    var list = FORM.fields, field = null;
    parts.forEach(function (part) {
      if (part === "[]") { field = field.item; list = field.fields || []; return; }
      field = list.filter(function (f) { return f.key === part; })[0];
      list = field.fields || [];
    });
    return field;
  }

  function rawOf(field, pointer) { // what is typed, as typed (the draft)
    switch (field.widget) {
      case "const": return field.value;
      case "group":
        var group = {};
        field.fields.forEach(function (f) { group[f.key] = rawOf(f, pointer + "/" + f.key); });
        return group;
      case "list":
        var items = [];
        for (var i = 0; inputs[pointer + "/" + i] || errorBoxes[pointer + "/" + i]; i++) {
          items.push(rawOf(field.item, pointer + "/" + i));
        }
        return items;
      case "checkboxes":
        return Array.prototype.slice.call(root.querySelectorAll('input[type=checkbox]'))
          .filter(function (t) { return t.getAttribute("data-pointer") === pointer && t.checked; })
          .map(function (t) { return t.getAttribute("data-value"); });
      case "select":
        var v = inputs[pointer].value;
        if (v === "null") return null;
        return v ? field.choices[Number(v.slice(1))].value : "";
      case "text":
        if (field.translatable) {
          return { id: inputs[pointer + "/id"].value, en: inputs[pointer + "/en"].value };
        }
        return inputs[pointer].value;
      default:
        return inputs[pointer].value;
    }
  }

  function isEmpty(value) { return value === undefined || value === ""; }

  function parse(field, raw) { // the value the file holds; undefined = the key is left out
    var text = typeof raw === "string" ? raw.trim() : raw;
    switch (field.widget) {
      case "const": return field.value;
      case "group":
        var group = {}, any = false;
        field.fields.forEach(function (f) {
          var v = parse(f, raw ? raw[f.key] : undefined);
          if (v !== undefined) { group[f.key] = v; if (f.widget !== "const") any = true; }
        });
        return any || field.required ? group : undefined;
      case "list":
        var items = (raw || []).map(function (item) { return parse(field.item, item); })
          .filter(function (v) { return v !== undefined; });
        return items.length || field.required ? items : undefined;
      case "checkboxes":
        return raw && raw.length ? raw.slice() : (field.required ? undefined : undefined);
      case "text":
        if (field.translatable) {
          var id = (raw && raw.id || "").trim(), en = (raw && raw.en || "").trim();
          if (!id && !en) return nothing(field);
          if (!en) return id;
          var map = {};
          if (id) map.id = id;
          map.en = en;
          return map;
        }
        return isEmpty(text) ? nothing(field) : text;
      case "select":
        if (raw === null) return null;
        return isEmpty(raw) ? nothing(field) : raw;
      case "integer":
        if (isEmpty(text)) return nothing(field);
        return /^[+-]?[0-9]+$/.test(text) && Number.isSafeInteger(Number(text)) ? Number(text) : text;
      case "number":
        if (isEmpty(text)) return nothing(field);
        return /^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)$/.test(text) ? Number(text) : text;
      case "year_or_date":
        if (isEmpty(text)) return nothing(field);
        return /^[0-9]{4}$/.test(text) ? Number(text) : text;
      default:
        return isEmpty(text) ? nothing(field) : text;
    }
  }

  function nothing(field) { // an empty answer: null where the key must be there and may be null
    return field.nullable && field.required ? null : undefined;
  }

  // ---------------------------------------------------------------- checking
  var RANK = { required: 0, maxLength: 1, minimum: 1, maximum: 1, exclusiveMinimum: 1,
               enum: 1, uniqueItems: 1, minItems: 1, pattern: 2, format: 2 };

  function fieldAt(pointer) { // the form field a JSON pointer is in
    var parts = pointer.split("/").slice(1), list = FORM.fields, field = null;
    for (var i = 0; i < parts.length; i++) {
      if (field && field.widget === "list") { field = field.item; list = field.fields || []; continue; }
      if (field && field.translatable) break; // /title/id
      var next = list.filter(function (f) { return f.key === parts[i]; })[0];
      if (!next) break;
      field = next;
      list = field.fields || [];
    }
    return field;
  }

  function message(error) {
    var pointer = error.instancePath, k = error.keyword, p = error.params;
    if (k === "required") pointer += "/" + p.missingProperty;
    var field = fieldAt(pointer) || {};
    var text;
    if (k === "required" || k === "minItems") {
      text = field.widget === "checkboxes" ? MSG.required_choice : MSG.required;
    } else if (k === "maxLength") {
      text = say(MSG.maxLength, { limit: p.limit, count: Array.from(String(error.data)).length });
    } else if (k === "minimum" || k === "maximum" || k === "exclusiveMinimum") {
      text = say(MSG[k], { limit: p.limit });
    } else if (k === "enum" || k === "uniqueItems") {
      text = MSG[k];
    } else {
      text = field.hint || MSG.invalid;
    }
    return { pointer: pointer, text: text, rank: k in RANK ? RANK[k] : 3 };
  }

  function strings(value, pointer, out) {
    if (typeof value === "string") out.push([pointer, value]);
    else if (value && typeof value === "object") {
      Object.keys(value).forEach(function (key) { strings(value[key], pointer + "/" + key, out); });
    }
    return out;
  }

  function crossFileProblems(data, yaml) {
    var found = [];
    function add(pointer, text) { found.push({ pointer: pointer, text: text, rank: -1 }); }
    strings(data, "", []).forEach(function (pair) {
      if (UNSAFE.test(pair[1])) add(pair[0], MSG.unsafe_character);
      else if (pair[1].indexOf(FORM.todo_prefix) === 0) add(pair[0], MSG.todo);
    });
    if (FORM.ids.indexOf(data.id) >= 0) add("/id", MSG.id_taken);
    var location = data.location || {};
    var province = FORM.provinces.filter(function (p) { return p.name === location.provinsi; })[0];
    if (province && typeof location.kode_wilayah === "string" &&
        /^[0-9]{2}\./.test(location.kode_wilayah) &&
        location.kode_wilayah.indexOf(province.code + ".") !== 0) {
      add("/location/kode_wilayah", say(MSG.province_code, { code: province.code, province: province.name }));
    }
    var count = (data.sources || []).length;
    (data.budget || []).forEach(function (line, i) {
      if (typeof line.source === "number" && line.source > count) {
        add("/budget/" + i + "/source", say(MSG.source_missing, { number: line.source, count: count }));
      }
    });
    (data.related || []).forEach(function (id, i) {
      if (typeof id === "string" && FORM.ids.indexOf(id) < 0) add("/related/" + i, MSG.id_unknown);
    });
    (data.instruments || []).forEach(function (item, i) {
      if (typeof item.model === "string" && FORM.models.indexOf(item.model) < 0) {
        add("/instruments/" + i + "/model", MSG.model_unknown);
      }
    });
    var today = todayInIndonesia();
    function notFuture(pointer, value) {
      if (typeof value === "string" && /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(value) && value > today) {
        add(pointer, say(MSG.future_date, { today: today }));
      } else if (typeof value === "number" && value > Number(today.slice(0, 4))) {
        add(pointer, MSG.future_year);
      }
    }
    notFuture("/updated", data.updated);
    var period = data.period || {};
    notFuture("/period/start", period.start);
    notFuture("/period/end", period.end);
    var start = String(period.start || ""), end = String(period.end || "");
    if (start && end && /^[0-9]{4}/.test(start) && /^[0-9]{4}/.test(end)) {
      var bothDates = start.length === 10 && end.length === 10;
      if (bothDates ? end < start : Number(end.slice(0, 4)) < Number(start.slice(0, 4))) {
        add("/period/end", MSG.end_before_start);
      }
    }
    (data.sources || []).forEach(function (s, i) {
      notFuture("/sources/" + i + "/date", s.date);
      notFuture("/sources/" + i + "/accessed", s.accessed);
    });
    ["instruments", "budget"].forEach(function (key) {
      (data[key] || []).forEach(function (item, i) { notFuture("/" + key + "/" + i + "/year", item.year); });
    });
    (data.budget || []).forEach(function (item, i) { notFuture("/budget/" + i + "/reported", item.reported); });
    var size = new Blob([yaml]).size;
    if (size > FORM.max_bytes) {
      add("", say(MSG.too_large, { size: Math.ceil(size / 1024), limit: FORM.max_bytes / 1024 }));
    }
    return found;
  }

  function problems(data, yaml) {
    var found = crossFileProblems(data, yaml);
    if (!check(data)) found = found.concat(check.errors.filter(function (e) {
      return e.keyword !== "if";
    }).map(message));
    var best = {};
    found.forEach(function (problem) {
      var pointer = problem.pointer;
      while (pointer && !errorBoxes[pointer]) pointer = pointer.replace(/\/[^/]*$/, "");
      problem.pointer = pointer;
      if (!best[pointer] || problem.rank < best[pointer].rank) best[pointer] = problem;
    });
    return Object.keys(best).map(function (k) { return best[k]; });
  }

  // ---------------------------------------------------------------- the case file
  function scalar(value) {
    if (value === null) return "null";
    if (typeof value === "number") return String(value);
    return JSON.stringify(value); // what `lumbung new` writes (json.dumps): YAML reads it back as is
  }

  function isScalar(value) { return value === null || typeof value !== "object"; }

  function emit(value, indent, lines) {
    var pad = new Array(indent + 1).join(" ");
    Object.keys(value).forEach(function (key) {
      var v = value[key];
      if (isScalar(v)) {
        lines.push(pad + key + ": " + scalar(v));
      } else if (Array.isArray(v)) {
        var flow = "[" + v.map(function (item) { return isScalar(item) ? scalar(item) : "{}"; }).join(", ") + "]";
        if (v.every(isScalar) && (pad + key + ": " + flow).length <= 80) {
          lines.push(pad + key + ": " + flow);
          return;
        }
        lines.push(pad + key + ":");
        v.forEach(function (item) {
          if (isScalar(item)) { lines.push(pad + "  - " + scalar(item)); return; }
          var inner = emit(item, indent + 4, []);
          if (!inner.length) { lines.push(pad + "  - {}"); return; }
          inner[0] = pad + "  - " + inner[0].slice(indent + 4);
          Array.prototype.push.apply(lines, inner);
        });
      } else {
        lines.push(pad + key + ":");
        emit(v, indent + 2, lines);
      }
    });
    return lines;
  }

  function caseFile(data) {
    return [FORM.header].concat(emit(data, 0, [])).join("\n") + "\n";
  }

  function filePath(data) {
    var province = FORM.provinces.filter(function (p) { return p.name === data.location.provinsi; })[0];
    return "case_studies/" + province.slug + "/" + data.id + ".yml";
  }

  // ---------------------------------------------------------------- the page
  var fieldsBox = el("div", { className: "lp-kirim__fields" });
  var draftNote = el("p", { className: "lp-kirim__draft", role: "status", "aria-live": "polite" });
  var actions = el("div", { className: "lp-kirim__actions" });
  var checkButton = el("button", { type: "button", className: "md-button md-button--primary",
                                   id: "lp-kirim-check" }, "Periksa dan buat berkas");
  var eraseButton = el("button", { type: "button", className: "md-button", id: "lp-kirim-erase" },
                       "Hapus draf");
  var summary = el("div", { className: "lp-kirim__summary", id: "lp-kirim-summary", tabindex: "-1",
                            role: "alert" });
  var result = el("section", { className: "lp-kirim__result", id: "lp-kirim-result", tabindex: "-1" });
  actions.appendChild(checkButton);
  actions.appendChild(eraseButton);
  root.textContent = "";
  root.appendChild(draftNote);
  root.appendChild(fieldsBox);
  root.appendChild(summary);
  root.appendChild(actions);
  root.appendChild(result);

  function drawAll(raw) {
    inputs = {};
    errorBoxes = {};
    provinceSelect = kabupatenList = kodeInput = null;
    fieldsBox.textContent = "";
    FORM.fields.forEach(function (field) {
      draw(field, raw && field.key in raw ? raw[field.key] : blank(field), "/" + field.key, fieldsBox);
    });
    provinceChanged();
  }

  function currentRaw() {
    var raw = {};
    FORM.fields.forEach(function (field) { raw[field.key] = rawOf(field, "/" + field.key); });
    return raw;
  }

  function currentData(raw) {
    var data = {};
    FORM.fields.forEach(function (field) {
      var v = parse(field, raw[field.key]);
      if (v !== undefined) data[field.key] = v;
    });
    return data;
  }

  function saveDraft() {
    try {
      localStorage.setItem(STORE, JSON.stringify(currentRaw()));
      draftNote.textContent = "Draf tersimpan di perangkat ini (belum terkirim).";
    } catch (error) {
      draftNote.textContent = "Draf tidak dapat disimpan di perangkat ini; jangan tutup halaman sebelum mengirim.";
    }
  }

  function loadDraft() {
    try {
      var text = localStorage.getItem(STORE);
      return text ? JSON.parse(text) : null;
    } catch (error) { return null; }
  }

  function show(found) {
    Object.keys(errorBoxes).forEach(function (p) { errorBoxes[p].textContent = ""; });
    Object.keys(inputs).forEach(function (p) { inputs[p].removeAttribute("aria-invalid"); });
    found.forEach(function (problem) {
      var target = errorBoxes[problem.pointer];
      if (target) target.textContent = problem.text;
      if (inputs[problem.pointer]) inputs[problem.pointer].setAttribute("aria-invalid", "true");
    });
    summary.textContent = "";
    var general = found.filter(function (p) { return !errorBoxes[p.pointer]; });
    if (found.length) {
      summary.appendChild(el("p", { className: "lp-field-error" },
        found.length === 1 ? "Ada 1 isian yang perlu diperbaiki (lihat tulisan merah)." :
          "Ada " + found.length + " isian yang perlu diperbaiki (lihat tulisan merah)."));
      general.forEach(function (p) { summary.appendChild(el("p", { className: "lp-field-error" }, p.text)); });
    }
  }

  function refresh() {
    var raw = currentRaw();
    var data = currentData(raw);
    var found = problems(data, caseFile(data));
    if (checked) show(found);
    return { data: data, found: found };
  }

  function build() {
    checked = true;
    var state = refresh();
    result.textContent = "";
    if (state.found.length) {
      var first = root.querySelector('.lp-field-error:not(:empty)');
      var target = first && first.parentNode.querySelector("input, select, textarea");
      (target || summary).focus();
      if (first) first.scrollIntoView({ block: "center" });
      return;
    }
    var text = caseFile(state.data);
    var path = filePath(state.data);
    result.appendChild(el("h2", { id: "lp-kirim-hasil" }, "Berkas Anda siap"));
    result.appendChild(el("p", {}, "Nama berkas: "));
    result.lastChild.appendChild(el("code", { id: "lp-kirim-path" }, path));
    var preview = el("textarea", { id: "lp-kirim-yaml", readonly: "readonly", rows: "12",
                                   "aria-label": "Isi berkas", spellcheck: "false" });
    preview.value = text;
    var buttons = el("div", { className: "lp-kirim__actions" });
    var github = FORM.github.new_file ? FORM.github.new_file + "?filename=" +
      path.split("/").map(encodeURIComponent).join("/") + "&value=" + encodeURIComponent(text) : "";
    if (github && github.length <= FORM.max_url) {
      result.appendChild(el("p", {}, "Tekan \"Kirim lewat GitHub\": GitHub membuka berkas ini, sudah terisi. " +
        "Masuk (atau daftar, gratis), lalu tekan \"Commit changes\" dan \"Propose changes\". " +
        "GitHub membuat salinan repositori untuk Anda dan membuka pull request; pengelola memeriksanya."));
      buttons.appendChild(el("a", { className: "md-button md-button--primary", id: "lp-kirim-github",
                                    href: github, target: "_blank", rel: "noopener" }, "Kirim lewat GitHub"));
    } else if (github) {
      var long = el("p", { id: "lp-kirim-too-long" }, "Berkas ini terlalu panjang untuk dikirim lewat alamat " +
        "GitHub. Unduh berkasnya, lalu kirim lewat ");
      long.appendChild(el("a", { href: FORM.github.issue, target: "_blank", rel: "noopener" },
                          "formulir isu GitHub"));
      long.appendChild(document.createTextNode(": isi kolomnya secara singkat dan lampirkan " +
        "berkas ini (seret ke kolom Sumber; kemas dalam zip bila GitHub menolaknya)."));
      result.appendChild(long);
    } else { // a build without a repository address
      result.appendChild(el("p", {}, "Unduh berkasnya dan kirimkan kepada pengelola Lumbung Praktik."));
    }
    var download = el("a", { className: "md-button", id: "lp-kirim-download", download: path.split("/").pop(),
                             href: URL.createObjectURL(new Blob([text], { type: "application/x-yaml" })) },
                      "Unduh berkas");
    var copy = el("button", { type: "button", className: "md-button", id: "lp-kirim-copy" }, "Salin");
    var copied = el("p", { className: "lp-kirim__help", role: "status", "aria-live": "polite" });
    copy.addEventListener("click", function () {
      function done() { copied.textContent = "Isi berkas tersalin."; }
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(text).then(done, function () { preview.select(); document.execCommand("copy"); done(); });
      } else {
        preview.select();
        document.execCommand("copy");
        done();
      }
    });
    buttons.appendChild(download);
    buttons.appendChild(copy);
    result.appendChild(buttons);
    result.appendChild(copied);
    result.appendChild(preview);
    result.appendChild(el("p", { className: "lp-kirim__help" }, "Draf tetap tersimpan di perangkat ini " +
      "sampai Anda menekan \"Hapus draf\"; hapus setelah berkas terkirim."));
    result.focus();
  }

  root.addEventListener("input", function () {
    saveDraft();
    result.textContent = "";
    if (checked) refresh();
  });
  root.addEventListener("change", function () {
    saveDraft();
    if (checked) refresh();
  });
  root.addEventListener("click", function (event) {
    var target = event.target;
    var add = target.getAttribute && target.getAttribute("data-add");
    var remove = target.getAttribute && target.getAttribute("data-remove");
    if (!add && !remove) return;
    var raw = currentRaw();
    var pointer = add || remove.replace(/\/[0-9]+$/, "");
    var list = pointer.split("/").slice(1).reduce(function (v, part) { return v[part]; }, raw);
    if (add) list.push(blank(fieldAt(pointer).item));
    else list.splice(Number(remove.split("/").pop()), 1);
    drawAll(raw);
    saveDraft();
    if (checked) refresh();
    if (add) {
      var prefix = '[data-pointer^="' + pointer + "/" + (list.length - 1) + '"]';
      var fresh = root.querySelector(["input", "select", "textarea"].map(function (tag) {
        return tag + prefix;
      }).join(", "));
      if (fresh && fresh.focus) fresh.focus();
    }
  });
  checkButton.addEventListener("click", build);
  eraseButton.addEventListener("click", function () {
    if (!window.confirm("Hapus semua isian di formulir ini dari perangkat ini?")) return;
    try { localStorage.removeItem(STORE); } catch (error) { /* nothing was kept */ }
    checked = false;
    result.textContent = "";
    summary.textContent = "";
    drawAll(null);
    draftNote.textContent = "Draf dihapus.";
  });

  var draft = loadDraft();
  drawAll(draft);
  if (draft) draftNote.textContent = "Draf Anda dipulihkan dari perangkat ini (belum terkirim).";
}());
