/* pmo-handbook: sort a table[data-pmo-sort] by a column when its heading is activated.
   Local, no library. Without JavaScript the table keeps its server-side order (attention first). */
(function () {
  "use strict";

  function key(cell, kind) {
    var raw = cell.getAttribute("data-sort-value");
    if (raw === null) raw = cell.textContent.trim();
    if (kind === "number") {
      var n = parseFloat(String(raw).replace(/[^0-9.+-]/g, ""));
      return isNaN(n) ? -Infinity : n;
    }
    return String(raw);
  }

  function sortBy(table, index, th) {
    var kind = th.getAttribute("data-sort") || "text";
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

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("table[data-pmo-sort]"), enhance);
  }

  // Material's instant navigation swaps pages without a load event; document$ covers both.
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
