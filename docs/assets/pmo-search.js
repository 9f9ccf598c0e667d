/* pmo-handbook: search over the Pagefind index (site/pagefind.py), opened from the header.
   Local files only. One result per record (issue, risk, decision, member, role, term) or prose
   page, with filters by project, kind and state. */
(function () {
  "use strict";

  var dialog = document.getElementById("pmo-search");
  if (!dialog || !window.HTMLDialogElement) return;
  var input = dialog.querySelector(".pmo-search__input");
  var list = dialog.querySelector(".pmo-search__results");
  var status = dialog.querySelector(".pmo-search__status");
  var filterBox = dialog.querySelector(".pmo-search__filters");
  var LIMIT = 10;  // results shown: each one costs a fragment request

  // The index's rule (site/search.py split_cjk): every kanji / kana character is a word, so a
  // Japanese query becomes an exact phrase of its characters and finds the compound as written.
  var WIDE = "\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef";
  var AROUND = new RegExp("(?<=[" + WIDE + "])(?=\\S)|(?<=\\S)(?=[" + WIDE + "])", "g");
  var HAS_CJK = new RegExp("[" + WIDE + "]");
  function splitCjk(text) { return text.replace(AROUND, " "); }
  function unsplit(text) { return text.replace(/\u200a/g, ""); }  // the index's separator
  // Pagefind's excerpts join the words with plain spaces: none between two CJK characters.
  var GAP = new RegExp("(?<=[" + WIDE + "](?:</?mark>)?) (?=(?:</?mark>)?[" + WIDE + "])", "g");

  var root = new URL((dialog.getAttribute("data-base") || ".") + "/", location.href);
  var engine = null;
  function load() {
    if (!engine) {
      engine = import(new URL("pagefind/pagefind.js", root).href).then(function (pf) {
        // exactDiacritics: ド is not ト in Japanese; folding them also made Pagefind 1.5 lose
        // exact phrases in which a folded pair occurs (クラウド beside アカウント).
        var options = { baseUrl: root.pathname, exactDiacritics: true };
        return pf.options(options)
          .then(function () { return merge(pf, options); })
          .then(function () { return pf; });
      }).catch(function (err) {
        engine = null;  // a failed fetch (a flaky network) is tried again at the next keystroke
        throw err;
      });
    }
    return engine;
  }

  // A large portfolio's index is written in shards (site/pagefind.py): the bundle lists them in
  // pmo-shards.json and each is merged into this one, so a search covers them all.
  function merge(pf, options) {
    var bundle = new URL("pagefind/", root);
    return fetch(new URL("pmo-shards.json", bundle).href)
      .then(function (r) { if (!r.ok) throw new Error("pmo-shards.json: " + r.status); return r.json(); })
      .then(function (shards) {
        return Promise.all(shards.map(function (path) {
          return pf.mergeIndex(new URL(path, bundle).pathname, options);
        }));
      });
  }

  // A Japanese query is an exact phrase of its characters. Pagefind does not rank exact matches:
  // the earliest occurrence comes first, since a record starts with its id and title (a member's
  // with the name, a page with its heading). Searching the same words loosely to rank them cost
  // seconds at 200 projects for common katakana. When the phrase occurs nowhere, the loose
  // results stand (words typed apart).
  function search(pf, query, filters) {
    var options = { filters: filters };
    if (!HAS_CJK.test(query) || query.indexOf('"') >= 0) return pf.search(query, options);
    var words = splitCjk(query);
    return pf.search('"' + words + '"', options).then(function (exact) {
      if (!exact.results.length) return pf.search(words, options);
      var first = function (r) { return r.words && r.words.length ? Math.min.apply(null, r.words) : 1e9; };
      exact.results.forEach(function (r, i) { r.pmoOrder = [first(r), i]; });
      exact.results.sort(function (a, b) {
        return a.pmoOrder[0] - b.pmoOrder[0] || a.pmoOrder[1] - b.pmoOrder[1];
      });
      return exact;
    });
  }

  function chosenFilters() {
    var out = {};
    filterBox.querySelectorAll("select").forEach(function (s) {
      if (s.value) out[s.name] = s.value;
    });
    return out;
  }

  var filtersShown = false;
  function showFilters(pf) {
    if (filtersShown) return;
    filtersShown = true;
    pf.filters().then(function (all) {
      Object.keys(all).forEach(function (name) {
        var select = document.createElement("select");
        select.name = name;
        select.setAttribute("aria-label", name);
        select.add(new Option(name, ""));
        Object.keys(all[name]).sort().forEach(function (value) { select.add(new Option(value, value)); });
        select.addEventListener("change", run);
        filterBox.appendChild(select);
      });
    });
  }

  // Pagefind's excerpt is HTML: keep its text and <mark> and nothing else.
  function excerpt(html) {
    var span = document.createElement("span");
    span.className = "pmo-search__excerpt";
    var tpl = document.createElement("template");
    tpl.innerHTML = html.replace(GAP, "").replace(/<\/mark><mark>/g, "");
    tpl.content.childNodes.forEach(function (node) {
      if (node.nodeName === "MARK") {
        var mark = document.createElement("mark");
        mark.textContent = unsplit(node.textContent);
        span.appendChild(mark);
      } else {
        span.appendChild(document.createTextNode(unsplit(node.textContent)));
      }
    });
    return span;
  }

  function item(data) {
    var meta = data.meta || {};
    var a = document.createElement("a");
    a.href = data.url;
    a.className = "pmo-search__hit";
    var title = document.createElement("span");
    title.className = "pmo-search__title";
    title.textContent = unsplit(meta.title || data.url);  // a page's own h1 is split
    a.appendChild(title);
    var tags = document.createElement("span");
    tags.className = "pmo-search__tags";
    [meta.kind, meta.project, meta.status].forEach(function (text) {
      if (!text) return;
      var tag = document.createElement("span");
      tag.textContent = text;
      tags.appendChild(tag);
    });
    if (tags.childNodes.length) a.appendChild(tags);
    a.appendChild(excerpt(data.excerpt || ""));
    var li = document.createElement("li");
    li.appendChild(a);
    return li;
  }

  function count(n) {
    if (n === 0) return dialog.getAttribute("data-none");
    if (n === 1) return dialog.getAttribute("data-one");
    return dialog.getAttribute("data-other").replace("#", String(n));
  }

  var latest = 0;
  function run() {
    var query = input.value.trim();
    var ticket = ++latest;
    if (!query) {
      list.replaceChildren();
      dialog.removeAttribute("data-shown");
      status.textContent = dialog.getAttribute("data-placeholder");
      return;
    }
    load().then(function (pf) {
      return search(pf, query, chosenFilters()).then(function (found) {
        return Promise.all(found.results.slice(0, LIMIT).map(function (r) { return r.data(); }))
          .then(function (rows) {
            if (ticket !== latest) return;  // a newer query has started
            list.replaceChildren.apply(list, rows.map(item));
            status.textContent = count(found.results.length);
            dialog.setAttribute("data-shown", query);  // what the list now shows (tests, benchmark)
            showFilters(pf);
          });
      });
    }).catch(function (err) {
      status.textContent = String(err && err.message || err);
    });
  }

  var timer = 0;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(run, 80);
  });

  function open() {
    if (dialog.open) return;
    dialog.showModal();
    input.focus();
    input.select();
    load().catch(function () {});  // fetch the engine while the person types; run() reports a failure
  }

  document.querySelectorAll(".pmo-search-open").forEach(function (button) {
    button.addEventListener("click", open);
  });
  dialog.querySelector(".pmo-search__close").addEventListener("click", function () { dialog.close(); });
  dialog.addEventListener("click", function (ev) {
    if (ev.target === dialog) dialog.close();  // a click on the backdrop
    var hit = ev.target.closest && ev.target.closest("a.pmo-search__hit");
    if (hit && hit.pathname === location.pathname) dialog.close();  // an anchor on this page
  });

  // Arrow keys move between the field and the results; Enter follows the focused result.
  dialog.addEventListener("keydown", function (ev) {
    if (ev.key !== "ArrowDown" && ev.key !== "ArrowUp") return;
    var items = [input].concat(Array.prototype.slice.call(list.querySelectorAll("a")));
    var at = items.indexOf(document.activeElement);
    if (at < 0) return;
    var next = items[Math.min(items.length - 1, Math.max(0, at + (ev.key === "ArrowDown" ? 1 : -1)))];
    next.focus();
    ev.preventDefault();
  });

  document.addEventListener("keydown", function (ev) {
    if (dialog.open || ev.ctrlKey || ev.metaKey || ev.altKey || ev.isComposing) return;
    var t = ev.target;
    if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return;
    if (ev.key === "/" || ev.key === "s" || ev.key === "f") {
      ev.preventDefault();
      ev.stopImmediatePropagation();
      open();
    }
  }, true);
})();
