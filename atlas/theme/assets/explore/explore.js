/*
 * The faceted explorer on /explore/ (vanilla ES2017, no framework, no inline script).
 *
 * Needs, loaded before it: lunr-2.3.9.min.js, then atlas-search.js (window.atlasSearch).
 * The page body comes from atlas/search/explorer.py: a hidden form (query box, sort select,
 * facet fieldsets), a status line, an empty state, and #explore-results holding the plain list
 * every reader gets without JavaScript (the most recently reviewed practices, PAGE_SIZE of them).
 *
 * State lives in the query string, as the content model fixes it: `q`, one repeatable
 * parameter per facet (`?q=diaspora&theme=tvet&theme=youth`) and `sort`. Typing replaces the
 * history entry; ticking a facet, changing the sort or following a suggestion pushes one, so
 * Back undoes it (popstate restores the state).
 *
 * The controls work as soon as this script runs: what a reader types or ticks while the data
 * is still on its way is kept, and answered when it arrives. The data
 * (../search/practices-index.json) is fetched as early as possible: boot/load-explorer.js
 * starts the request before this script has even downloaded (`window.atlasExploreData`); a
 * page without that loader fetches it here.
 * Results without a text query render from the records alone; the lunr index is loaded right
 * after, while the reader reads, or at once for a query (`Searcher.loadIndex`).
 *
 * For tests: once the data is loaded the results render synchronously, #explore-results gets
 * data-state="ready", and the root element fires "atlas:explore-rendered" after every render.
 * Performance marks: atlas:explore-data (payload parsed), atlas:explore-ready (first results
 * rendered), atlas:explore-index (lunr index loaded after results without a query), for
 * scripts/bench_explorer.py.
 */
(function () {
  "use strict";

  var DEBOUNCE_MS = 150;
  var WIDE = "(min-width: 45em)";  // explore.css puts the facets beside the results
  var PAGE_SIZE = 50;  // results rendered at first and per "Show more"; explorer.py LISTED
  var CARD_FACETS = [["typology", "Typology"], ["theme", "Themes"], ["country", "Countries"],
    ["status", "Status"]];  // explorer.py CARD_FACETS
  var SORT_NOTES = {
    relevance: "best matches first",
    reviewed: "most recently reviewed first",
    title: "by title"
  };

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) { node.setAttribute(name, attrs[name]); });
    (children || []).forEach(function (child) {
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  function plural(n, one, many) { return n + " " + (n === 1 ? one : many); }

  function mark(name) {
    if (window.performance && typeof window.performance.mark === "function") {
      window.performance.mark(name);
    }
  }

  // After the current task and the browser's pending work (painting the first results).
  function later(fn) {
    if (window.requestIdleCallback) window.requestIdleCallback(fn, { timeout: 1000 });
    else window.setTimeout(fn, 0);
  }

  /** The controls of the page; `attach` gives them the data to search. */
  function Explorer(root) {
    this.root = root;
    this.searcher = null;
    // explorer.py writes the facet parameters, in order: the URL can be read before the data.
    this.params = (root.getAttribute("data-facets") || "").split(" ").filter(Boolean);
    this.labels = Object.create(null);  // no prototype: ids are contributors' words
    this.facetLabels = Object.create(null);
    this.siteRoot = root.getAttribute("data-site-root") || "../";
    this.form = root.querySelector("#explore-form");
    this.facetPanel = root.querySelector("#explore-facets");
    this.input = root.querySelector("#explore-q");
    this.sortSelect = root.querySelector("#explore-sort");
    this.clearButton = root.querySelector("#explore-clear");
    this.status = root.querySelector("#explore-status");
    this.empty = root.querySelector("#explore-empty");
    this.suggestions = root.querySelector("#explore-suggestions");
    this.results = root.querySelector("#explore-results");
    this.boxes = Array.prototype.slice.call(
      this.facetPanel.querySelectorAll("input[type=checkbox]"));
    this.timer = null;
    this.shown = PAGE_SIZE;
    this.state = this.readUrl();
  }

  /** The payload has arrived: render the current state (perhaps typed meanwhile). */
  Explorer.prototype.attach = function (payload) {
    this.searcher = new window.atlasSearch.Searcher(payload);
    payload.facets.forEach(function (facet) {
      var table = Object.create(null);
      facet.terms.forEach(function (term) { table[term.id] = term.label; });
      this.labels[facet.param] = table;
      this.facetLabels[facet.param] = facet.label;
    }, this);
    this.render();
    mark("atlas:explore-ready");
    var searcher = this.searcher;
    if (!searcher.index) {
      later(function () {
        searcher.loadIndex();
        mark("atlas:explore-index");
      });
    }
  };

  /** The data could not be loaded: back to the page as it works without JavaScript. */
  Explorer.prototype.fail = function (message) {
    window.clearTimeout(this.timer);
    this.form.hidden = true;
    this.facetPanel.hidden = true;
    this.root.classList.remove("is-live");
    this.results.removeAttribute("aria-busy");
    this.results.setAttribute("data-state", "error");
    this.status.textContent = "The search index could not be loaded (" + message +
      "); here are the most recently reviewed practices.";
  };

  Explorer.prototype.readUrl = function () {
    var query = new URLSearchParams(window.location.search);
    var filters = {};
    this.params.forEach(function (param) {
      var values = query.getAll(param).map(function (v) {
        v = v.trim();
        return param === "country" ? v.toUpperCase() : v;  // ?country=ma means MA
      }).filter(function (v, i, all) { return v !== "" && all.indexOf(v) === i; });
      if (values.length) filters[param] = values;
    });
    var sort = query.get("sort");
    return {
      q: query.get("q") || "",
      filters: filters,
      sort: window.atlasSearch.SORTS.indexOf(sort) >= 0 ? sort : "relevance"
    };
  };

  Explorer.prototype.queryString = function (state) {
    var query = new URLSearchParams();
    if (state.q.trim()) query.append("q", state.q);
    this.params.forEach(function (param) {
      (state.filters[param] || []).forEach(function (id) { query.append(param, id); });
    });
    if (state.sort !== "relevance") query.append("sort", state.sort);
    var text = query.toString();
    return text ? "?" + text : "";
  };

  Explorer.prototype.writeUrl = function (push) {
    var url = window.location.pathname + this.queryString(this.state) + window.location.hash;
    if (url === window.location.pathname + window.location.search + window.location.hash) return;
    window.history[push ? "pushState" : "replaceState"]({ atlasExplore: true }, "", url);
  };

  Explorer.prototype.syncControls = function () {
    var state = this.state;
    if (this.input.value !== state.q) this.input.value = state.q;
    this.sortSelect.value = state.sort;
    this.boxes.forEach(function (box) {
      var chosen = state.filters[box.name] || [];
      box.checked = chosen.indexOf(box.value) >= 0;
      if (box.checked) {
        var details = box.closest("details");
        if (details) details.open = true;
      }
    });
    this.clearButton.disabled = this.filterCount() === 0;
  };

  Explorer.prototype.filterCount = function () {
    var filters = this.state.filters;
    return Object.keys(filters).reduce(function (n, p) { return n + filters[p].length; }, 0);
  };

  Explorer.prototype.filtersFromBoxes = function () {
    var filters = {};
    var known = {};
    this.boxes.forEach(function (box) {
      known[box.name + "\u0000" + box.value] = true;
      if (box.checked) (filters[box.name] = filters[box.name] || []).push(box.value);
    });
    // Ids from the URL with no checkbox (no practice has them) stay chosen, as in `atlas search`.
    var previous = this.state.filters;
    Object.keys(previous).forEach(function (param) {
      previous[param].forEach(function (id) {
        if (!known[param + "\u0000" + id]) (filters[param] = filters[param] || []).push(id);
      });
    });
    return filters;
  };

  Explorer.prototype.render = function () {
    var state = this.state;
    if (!this.searcher) {
      // Still loading: the static list stays, the status says the answer is coming.
      if (state.q.trim() || this.filterCount() || state.sort !== "relevance") {
        this.status.textContent = "Searching…";
      }
      return;
    }
    var outcome = this.searcher.run(state.q, state.filters, state.sort);
    this.outcome = outcome;
    this.renderResults(outcome.results);
    this.renderCounts(outcome.counts);
    this.renderStatus(outcome);
    this.renderEmpty(outcome);
    this.clearButton.disabled = this.filterCount() === 0;
    this.results.setAttribute("data-state", "ready");
    this.results.removeAttribute("aria-busy");
    this.root.dispatchEvent(new CustomEvent("atlas:explore-rendered", {
      bubbles: true,
      detail: { slugs: outcome.results.map(function (r) { return r.slug; }) }
    }));
  };

  Explorer.prototype.renderCard = function (record) {
    var labels = this.labels;
    var facts = el("dl", { "class": "explore-card__facts" });
    CARD_FACETS.forEach(function (pair) {
      var ids = record.facets[pair[0]] || [];
      if (!ids.length) return;
      var table = labels[pair[0]] || Object.create(null);
      var text = ids.map(function (id) { return table[id] || id; }).join(", ");
      facts.appendChild(el("div", {}, [el("dt", {}, [pair[1]]), el("dd", {}, [text])]));
    });
    if (record.actors.length) {
      facts.appendChild(el("div", {}, [el("dt", {}, ["Actors"]),
        el("dd", {}, [record.actors.join(", ")])]));
    }
    facts.appendChild(el("div", {}, [el("dt", {}, ["Reviewed"]),
      el("dd", {}, [record.last_reviewed])]));
    return el("li", { "class": "explore-card", "data-practice": record.slug }, [
      el("h3", { "class": "explore-card__title" }, [
        el("a", { href: this.siteRoot + record.url }, [record.title])
      ]),
      el("p", { "class": "explore-card__summary" }, [record.summary]),
      facts
    ]);
  };

  Explorer.prototype.renderResults = function (results) {
    var list = el("ol", { "class": "explore-list" });
    var shown = Math.min(results.length, this.shown);
    for (var i = 0; i < shown; i++) list.appendChild(this.renderCard(results[i].practice));
    var children = [list];
    if (results.length > shown) {
      var more = el("button", { type: "button", "class": "md-button explore-more" },
        ["Show " + Math.min(PAGE_SIZE, results.length - shown) + " more of " +
          (results.length - shown) + " remaining"]);
      more.addEventListener("click", this.showMore.bind(this));
      children.push(more);
    }
    this.results.replaceChildren.apply(this.results, children);
  };

  Explorer.prototype.showMore = function () {
    this.shown += PAGE_SIZE;
    this.renderResults(this.outcome.results);
    var cards = this.results.querySelectorAll(".explore-card a");
    var first = cards[this.shown - PAGE_SIZE];
    if (first) first.focus();
  };

  Explorer.prototype.renderCounts = function (counts) {
    this.boxes.forEach(function (box) {
      var n = (counts[box.name] || Object.create(null))[box.value] || 0;
      var label = box.parentNode.querySelector(".explore-count");
      if (label) label.textContent = "(" + n + ")";
      box.parentNode.classList.toggle("is-empty", n === 0 && !box.checked);
    });
  };

  Explorer.prototype.describeFilters = function () {
    var n = this.filterCount();
    return n ? " with " + plural(n, "filter", "filters") : "";
  };

  Explorer.prototype.renderStatus = function (outcome) {
    var q = this.state.q.trim();
    var n = outcome.results.length;
    var text;
    if (q && !outcome.groups.length) {
      text = "“" + q + "” has no words to search for; " +
        plural(n, "practice", "practices") + this.describeFilters() + ", " +
        SORT_NOTES[this.state.sort === "relevance" ? "reviewed" : this.state.sort] + ".";
    } else if (q) {
      text = n ? plural(n, "practice matches", "practices match") + " “" + q + "”" +
        this.describeFilters() + ", " + SORT_NOTES[this.state.sort] + "."
        : "No practice matches “" + q + "”" + this.describeFilters() + ".";
    } else {
      text = n ? plural(n, "practice", "practices") + this.describeFilters() + ", " +
        SORT_NOTES[this.state.sort === "relevance" ? "reviewed" : this.state.sort] + "."
        : "No practice" + this.describeFilters() + ".";
    }
    this.status.textContent = text;
  };

  Explorer.prototype.stateLink = function (text, state) {
    var link = el("a", { href: this.queryString(state) || "./" }, [text]);
    return el("li", {}, [link]);
  };

  Explorer.prototype.renderEmpty = function (outcome) {
    var isEmpty = outcome.results.length === 0;
    this.empty.hidden = !isEmpty;
    this.suggestions.replaceChildren();
    if (!isEmpty) return;
    var state = this.state;
    var searcher = this.searcher;
    var items = [];
    // Any word matching is enough to be a result, so an empty result comes from words that
    // match nothing (the static text asks to check the spelling) or from the filters.
    Object.keys(state.filters).forEach(function (param) {
      state.filters[param].forEach(function (id) {
        var filters = {};
        Object.keys(state.filters).forEach(function (p) {
          var ids = state.filters[p].filter(function (x) { return p !== param || x !== id; });
          if (ids.length) filters[p] = ids;
        });
        var n = searcher.run(state.q, filters, state.sort).results.length;
        var label = (this.labels[param] || Object.create(null))[id] || id;
        items.push(this.stateLink("Remove the filter " + this.facetLabels[param] + ": " + label +
          " (" + plural(n, "practice", "practices") + ")",
        { q: state.q, filters: filters, sort: state.sort }));
      }, this);
    }, this);
    if (state.q.trim() && this.filterCount()) {
      var n = searcher.run(state.q, {}, state.sort).results.length;
      items.push(this.stateLink("Search all practices for “" + state.q.trim() + "” (" +
        plural(n, "practice", "practices") + ")", { q: state.q, filters: {}, sort: state.sort }));
    }
    this.suggestions.replaceChildren.apply(this.suggestions, items);
  };

  Explorer.prototype.update = function (push) {
    window.clearTimeout(this.timer);
    this.timer = null;
    this.shown = PAGE_SIZE;
    this.writeUrl(push);
    this.render();
  };

  Explorer.prototype.go = function (state, push) {
    this.state = state;
    this.syncControls();
    this.update(push);
  };

  Explorer.prototype.bind = function () {
    var self = this;
    this.input.addEventListener("input", function () {
      self.state.q = self.input.value;
      window.clearTimeout(self.timer);
      self.timer = window.setTimeout(function () { self.update(false); }, DEBOUNCE_MS);
    });
    this.form.addEventListener("submit", function (event) {
      event.preventDefault();
      self.state.q = self.input.value;
      self.update(false);
    });
    this.root.addEventListener("change", function (event) {
      var target = event.target;
      if (target === self.sortSelect) {
        self.state.sort = self.sortSelect.value;
        self.update(true);
      } else if (target.type === "checkbox") {
        self.state.filters = self.filtersFromBoxes();
        self.update(true);
      }
    });
    this.clearButton.addEventListener("click", function () {
      self.go({ q: self.state.q, filters: {}, sort: self.state.sort }, true);
      self.input.focus();
    });
    // Suggestions and theme links ("?theme=tvet") change the state in place, with history.
    this.root.addEventListener("click", function (event) {
      var link = event.target.closest ? event.target.closest("a") : null;
      if (!link || !self.root.contains(link) || event.button !== 0 || event.ctrlKey ||
          event.metaKey || event.shiftKey || event.altKey) return;
      var href = link.getAttribute("href") || "";
      if (href.charAt(0) !== "?" && href !== "./") return;
      event.preventDefault();
      // Material's instant navigation listens on <body>: it would push a second entry.
      event.stopPropagation();
      window.history.pushState({ atlasExplore: true }, "", href === "./"
        ? window.location.pathname : window.location.pathname + href);
      self.go(self.readUrl(), false);
      self.input.focus();
    });
    // Material's instant navigation replaces the page without reloading scripts: an explorer
    // whose page is gone stops listening.
    var onPopState = function () {
      if (!document.body.contains(self.root)) {
        window.removeEventListener("popstate", onPopState);
        return;
      }
      self.go(self.readUrl(), false);
    };
    window.addEventListener("popstate", onPopState);
  };

  /** Show the controls and listen: a reader can type before the data has arrived. */
  Explorer.prototype.start = function () {
    // Beside the results (wide screens) the main facets start unfolded; above them, folded.
    if (window.matchMedia && window.matchMedia(WIDE).matches) {
      Array.prototype.forEach.call(this.root.querySelectorAll("details[data-open]"),
        function (d) { d.open = true; });
    }
    this.syncControls();
    this.bind();
    this.form.hidden = false;
    this.facetPanel.hidden = false;
    this.root.classList.add("is-live");
    this.results.setAttribute("aria-busy", "true");
    this.render();
  };

  // Material's search "deep linking" opens its search dialog on any page whose URL has `?q=`
  // (when its bundle runs, before this script) and deletes `q` from the URL when the dialog
  // closes. On the explorer `q` is ours (the content model fixes it): close Material's dialog
  // and put our URL back.
  function reclaimQuery() {
    var url = window.location.href;
    if (!new URLSearchParams(window.location.search).has("q")) return;
    var toggle = document.getElementById("__search");
    if (toggle && toggle.checked) {
      toggle.checked = false;
      toggle.dispatchEvent(new CustomEvent("change"));
    }
    var input = document.querySelector("[data-md-component=search-query]");
    if (input) {
      input.value = "";
      if (document.activeElement === input) input.blur();
    }
    if (window.location.href !== url) window.history.replaceState(null, "", url);
  }

  function fetchPayload(href) {
    return window.fetch(href, { credentials: "same-origin" }).then(function (response) {
      if (!response.ok) throw new Error("HTTP " + response.status);
      return response.json();
    });
  }

  // The payload's promise: the one load-explorer.js started for this page, or a new request.
  function payloadFor(href) {
    var early = window.atlasExploreData;
    window.atlasExploreData = null;
    return early && early.href === href ? early.payload : fetchPayload(href);
  }

  function boot() {
    var root = document.getElementById("explore");
    if (!root || root.getAttribute("data-booted")) return;
    root.setAttribute("data-booted", "true");
    reclaimQuery();
    if (!window.atlasSearch || !window.lunr || !window.fetch) {
      root.querySelector("#explore-status").textContent =
        "Search needs a newer browser; here are the most recently reviewed practices.";
      return;
    }
    var href = new URL(root.getAttribute("data-index"), window.location.href).href;
    var payload = payloadFor(href);
    var explorer = new Explorer(root);
    explorer.start();
    payload.then(function (data) {
      mark("atlas:explore-data");
      explorer.attach(data);
    }).catch(function (error) {
      explorer.fail(error.message);
    });
  }

  // Material's instant navigation swaps pages without reloading scripts: it announces each page
  // on `document$`. Without it, start once the document is parsed.
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(boot);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", boot);
  } else {
    boot();
  }
}());
