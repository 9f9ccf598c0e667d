// Filters of the capacity page (/capacity/): show only the rows (heat map rows and table rows)
// of one department or one project. Local and optional: without it every row stays visible.
(function () {
  function apply(box) {
    var wanted = {};
    box.querySelectorAll("select[data-pmo-filter-key]").forEach(function (s) {
      wanted[s.getAttribute("data-pmo-filter-key")] = s.value;
    });
    document.querySelectorAll("[data-department], [data-projects]").forEach(function (el) {
      var show = true;
      Object.keys(wanted).forEach(function (key) {
        var value = wanted[key];
        var attr = el.getAttribute("data-" + key);
        if (!value || attr === null) return;
        var values = key === "projects" ? attr.split(" ") : [attr];
        if (values.indexOf(value) < 0) show = false;
      });
      el.style.display = show ? "" : "none";
    });
  }
  function init() {
    document.querySelectorAll("[data-pmo-filter]").forEach(function (box) {
      box.addEventListener("change", function () { apply(box); });
    });
  }
  if (window.document$) { window.document$.subscribe(init); } else { document.addEventListener("DOMContentLoaded", init); }
})();
