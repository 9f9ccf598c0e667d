/* pmo-handbook: sort a table[data-pmo-sort] by a column when its heading is activated; filter a
   table[data-pmo-filter] by the columns whose heading has data-filter and by "overdue only"; open
   the folded record (details.pmo-fold) a link such as #iss-001 points at.
   Local, no library. Without JavaScript the table keeps its server-side order (attention first),
   shows every row, and the anchor still lands on the record's heading. */
(function () {
  "use strict";

  // What a cell sorts by: its data-sort-value, else that of a badge inside it (an enumeration's
  // order: 高 before 中 before 低), else its text.
  function sortValue(cell) {
    if (!cell) return "";
    var raw = cell.getAttribute("data-sort-value");
    if (raw !== null) return raw;
    var inner = cell.querySelector("[data-sort-value]");
    return inner ? inner.getAttribute("data-sort-value") : cell.textContent.trim();
  }

  function key(cell, kind) {
    var raw = sortValue(cell);
    if (kind === "number") {
      var n = parseFloat(String(raw).replace(/[^0-9.+-]/g, ""));
      return isNaN(n) ? -Infinity : n;
    }
    return String(raw);
  }

  var NUMBER = /^[-+]?[0-9][0-9,]*(\.[0-9]+)?%?$/;

  // A column without data-sort is numeric when every filled cell is a number (days, scores).
  function kindOf(table, index, th) {
    var kind = th.getAttribute("data-sort");
    if (kind) return kind;
    var filled = Array.prototype.map.call(table.tBodies[0].rows, function (row) {
      var cell = row.cells[index];
      return String(sortValue(cell)).trim();
    }).filter(function (t) { return t !== "" && t !== "—"; });
    return filled.length && filled.every(function (t) { return NUMBER.test(t); }) ? "number" : "text";
  }

  function sortBy(table, index, th) {
    var kind = kindOf(table, index, th);
    var ascending = th.getAttribute("aria-sort") !== "ascending";
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    rows.forEach(function (row, i) { row.__pmoOrder = i; });
    rows.sort(function (a, b) {
      var x = key(a.cells[index], kind), y = key(b.cells[index], kind);
      var c = kind === "number" ? x - y : String(x).localeCompare(String(y), document.documentElement.lang || "ja");
      if (c === 0) return a.__pmoOrder - b.__pmoOrder;  // stable: ties keep the current order
      return ascending ? c : -c;
    });
    rows.forEach(function (row) { body.appendChild(row); });
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (h) { h.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
  }

  function enhance(table) {
    if (table.getAttribute("data-pmo-sort-ready")) return;
    table.setAttribute("data-pmo-sort-ready", "1");
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, index) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "pmo-sort";
      while (th.firstChild) button.appendChild(th.firstChild);
      th.appendChild(button);
      button.addEventListener("click", function () { sortBy(table, index, th); });
    });
  }

  function cellText(row, index) {
    var cell = row.cells[index];
    return cell ? cell.textContent.replace(/\s+/g, " ").trim() : "";
  }

  function control(labelText, field) {
    var label = document.createElement("label");
    label.className = "pmo-filter";
    label.appendChild(document.createTextNode(labelText + " "));
    label.appendChild(field);
    return label;
  }

  // One drop-down per data-filter column (its distinct values), a switch when some row is overdue.
  function filterable(table) {
    if (table.getAttribute("data-pmo-filter-ready")) return;
    table.setAttribute("data-pmo-filter-ready", "1");
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    var bar = document.createElement("div");
    bar.className = "pmo-filters";
    bar.setAttribute("role", "group");
    var tests = [];
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, index) {
      if (!th.hasAttribute("data-filter")) return;
      var values = {};
      rows.forEach(function (row) { var t = cellText(row, index); if (t && t !== "—") values[t] = true; });
      var select = document.createElement("select");
      select.setAttribute("data-column", String(index));
      select.appendChild(new Option(table.getAttribute("data-pmo-all") || "*", ""));
      Object.keys(values).sort(function (a, b) { return a.localeCompare(b, document.documentElement.lang || "ja"); })
        .forEach(function (v) { select.appendChild(new Option(v, v)); });
      bar.appendChild(control(th.textContent.trim(), select));
      tests.push(function (row) { return !select.value || cellText(row, index) === select.value; });
    });
    if (rows.some(function (row) { return row.classList.contains("pmo-row-overdue"); })) {
      var box = document.createElement("input");
      box.type = "checkbox";
      box.className = "pmo-filter-overdue";
      var label = control("", box);
      label.appendChild(document.createTextNode(table.getAttribute("data-pmo-overdue") || "overdue"));
      bar.appendChild(label);
      tests.push(function (row) { return !box.checked || row.classList.contains("pmo-row-overdue"); });
    }
    var count = document.createElement("output");
    count.className = "pmo-filter-count";
    bar.appendChild(count);
    function apply() {
      var shown = 0;
      rows.forEach(function (row) {
        var keep = tests.every(function (t) { return t(row); });
        row.hidden = !keep;
        if (keep) shown += 1;
      });
      count.textContent = (table.getAttribute("data-pmo-count") || "{shown} / {total}")
        .replace("{shown}", String(shown)).replace("{total}", String(rows.length));
    }
    bar.addEventListener("change", apply);
    var outer = table.closest(".md-typeset__scrollwrap") || table;
    outer.parentNode.insertBefore(bar, outer);
    apply();
  }

  // A link to a record folded in <details> opens it (the browser only scrolls to its summary).
  function openTarget() {
    var id = decodeURIComponent(window.location.hash.slice(1));
    var target = id && document.getElementById(id);
    if (!target) return;
    var fold = target.closest("details");
    if (!fold || fold.open) return;
    for (var d = fold; d; d = d.parentElement && d.parentElement.closest("details")) d.open = true;
    target.scrollIntoView();
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("table[data-pmo-sort]"), enhance);
    Array.prototype.forEach.call(document.querySelectorAll("table[data-pmo-filter]"), filterable);
    openTarget();
  }

  window.addEventListener("hashchange", openTarget);
  // A printed register shows every record: a closed <details> would print as its heading only.
  window.addEventListener("beforeprint", function () {
    Array.prototype.forEach.call(document.querySelectorAll("details.pmo-fold"), function (d) { d.open = true; });
  });

  // Material's instant navigation swaps pages without a load event; document$ covers both.
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
