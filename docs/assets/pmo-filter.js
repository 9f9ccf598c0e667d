/* pmo-handbook: filter the rows of a block by the values of its <select>s (the WBS page: owner
   and state). Local, no library. Without JavaScript the selects stay hidden and every row shows. */
(function () {
  "use strict";

  function apply(box, target) {
    var wanted = {};
    Array.prototype.forEach.call(box.querySelectorAll("select[data-pmo-filter-key]"), function (s) {
      if (s.value) wanted[s.getAttribute("data-pmo-filter-key")] = s.value;
    });
    Array.prototype.forEach.call(target.querySelectorAll("tr[data-state]"), function (row) {
      var show = Object.keys(wanted).every(function (k) { return row.getAttribute("data-" + k) === wanted[k]; });
      row.hidden = !show;
    });
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-pmo-filter]"), function (box) {
      var target = document.getElementById(box.getAttribute("data-pmo-filter"));
      if (!target) return;
      box.hidden = false;
      box.addEventListener("change", function () { apply(box, target); });
    });
  }

  if (window.document$ && window.document$.subscribe) window.document$.subscribe(init);  // Material instant loading
  else document.addEventListener("DOMContentLoaded", init);
})();
