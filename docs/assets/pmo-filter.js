/* pmo-handbook: filters made of <select data-pmo-filter-key="…"> inside a [data-pmo-filter] box.
   - The box names a table by id (the WBS page): its rows tr[data-state] stay when every chosen
     value equals the row's data-<key> (owner, state).
   - The box names nothing (the capacity page): every element with data-department or
     data-projects (a space-separated list) stays when it holds each chosen value; an element
     without that attribute is not filtered by it.
   Local, no library. Without JavaScript a hidden box stays hidden and every row shows. */
(function () {
  "use strict";

  function chosen(box) {
    var wanted = {};
    box.querySelectorAll("select[data-pmo-filter-key]").forEach(function (s) {
      if (s.value) wanted[s.getAttribute("data-pmo-filter-key")] = s.value;
    });
    return wanted;
  }

  function keeps(el, wanted, strict) {
    return Object.keys(wanted).every(function (key) {
      var attr = el.getAttribute("data-" + key);
      if (attr === null) return !strict;
      return attr.split(" ").indexOf(wanted[key]) >= 0;
    });
  }

  function apply(box) {
    var wanted = chosen(box), id = box.getAttribute("data-pmo-filter");
    if (id) {
      var table = document.getElementById(id);
      if (!table) return;
      table.querySelectorAll("tr[data-state]").forEach(function (row) { row.hidden = !keeps(row, wanted, true); });
    } else {
      document.querySelectorAll("[data-department], [data-projects]").forEach(function (el) {
        el.style.display = keeps(el, wanted, false) ? "" : "none";
      });
    }
  }

  function init() {
    document.querySelectorAll("[data-pmo-filter]").forEach(function (box) {
      box.hidden = false;
      box.addEventListener("change", function () { apply(box); });
    });
  }

  if (window.document$ && window.document$.subscribe) window.document$.subscribe(init);  // Material instant loading
  else document.addEventListener("DOMContentLoaded", init);
})();
