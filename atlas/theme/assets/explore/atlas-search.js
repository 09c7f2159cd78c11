/*
 * Atlas search: the text analysis and ranking of `atlas search`, for the browser and node.
 *
 * This file is the JavaScript twin of atlas/search/pipeline.py (analysis), lexicon.py (synonyms)
 * and query.py (ranking, facets). The index is built in Python and searched here, so every rule
 * must match the Python side exactly; tests/test_search_parity.py runs both on the same payload
 * and requires the same ranked slugs and scores. Change one side, change the other.
 *
 * Browser: load lunr-2.3.9.min.js first; this file defines `window.atlasSearch`.
 * Node: `require("./atlas-search.js")` loads the vendored lunr next to it.
 */
(function (root, factory) {
  "use strict";
  if (typeof module === "object" && module.exports) {
    module.exports = factory(require("./lunr-2.3.9.min.js"));
  } else {
    root.atlasSearch = factory(root.lunr);
  }
}(typeof self !== "undefined" ? self : this, function (lunr) {
  "use strict";

  // pipeline.py STOP_WORDS: lunr.js 2.3.9's English stop words.
  var STOP_WORDS = new Set((
    "a able about across after all almost also am among an and any are as at be because been but " +
    "by can cannot could dear did do does either else ever every for from get got had has have he " +
    "her hers him his how however i if in into is it its just least let like likely may me might " +
    "most must my neither no nor not of off often on only or other our own rather said say says " +
    "she should since so some than that the their them then there these they this tis to too twas " +
    "us wants was we were what when where which while who whom why will with would yet you your"
  ).split(" "));

  // pipeline.py SPECIAL_LETTERS: letters NFKD does not decompose.
  var SPECIAL_LETTERS = {
    "ß": "ss", "ẞ": "SS", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ø": "o", "Ø": "O",
    "đ": "d", "Đ": "D", "ł": "l", "Ł": "L", "ı": "i", "þ": "th", "Þ": "TH", "ð": "d", "Ð": "D"
  };
  var SPECIAL_RE = new RegExp("[" + Object.keys(SPECIAL_LETTERS).join("") + "]", "g");
  var MARK_RE = /\p{Mn}/gu;
  var WORD_RE = /[\p{L}\p{N}]+(?:[-\u2010\u2011][\p{L}\p{N}]+)*/gu;
  var HYPHEN_RE = /[-\u2010\u2011]/;
  var ASCII_WORD_RE = /^[a-z0-9]+$/;
  var NUMBER_RE = /^\p{N}$/u;
  var STEMMER_LABEL = "atlasStemmer";
  var SCORE_QUANTUM = 1e6;  // query.py SCORE_QUANTUM, KEY_BOOST, K1, B
  var KEY_BOOST = 3.0;
  var K1 = 1.2;
  var B = 0.75;
  var SORTS = ["relevance", "reviewed", "title"];

  function fold(text) {
    return text.normalize("NFKD").replace(MARK_RE, "").replace(SPECIAL_RE, function (c) {
      return SPECIAL_LETTERS[c];
    });
  }

  var stemCache = new Map();

  // lunr.js 2.3.9's own Porter stemmer (the Python side ports it: stemmer.py).
  function stem(term) {
    if (!ASCII_WORD_RE.test(term)) return term;
    var cached = stemCache.get(term);
    if (cached === undefined) {
      cached = lunr.stemmer(new lunr.Token(term, {})).toString();
      stemCache.set(term, cached);
    }
    return cached;
  }

  function isCapitals(word) {
    return word === word.toUpperCase() && word !== word.toLowerCase();
  }

  function keep(part, capitals) {
    if (Array.from(part).length < 2 && !NUMBER_RE.test(part)) return false;
    return capitals || !STOP_WORDS.has(part);
  }

  function wordTerms(word) {
    var capitals = isCapitals(word);
    var parts = word.toLowerCase().split(HYPHEN_RE);
    if (parts.length > 1) parts.push(parts.join(""));
    var terms = [];
    parts.forEach(function (part) {
      if (keep(part, capitals)) terms.push(stem(part));
    });
    return terms;
  }

  function words(text) {
    return fold(text).match(WORD_RE) || [];
  }

  function analyzeText(text) {
    var out = [];
    words(text).forEach(function (word) {
      wordTerms(word).forEach(function (term) { out.push(term); });
    });
    return out;
  }

  function analyzeQuery(text) {
    var groups = [];
    var seen = new Set();
    words(text || "").forEach(function (word) {
      var terms = Array.from(new Set(wordTerms(word)));
      var key = terms.slice().sort().join("\u0000");
      if (terms.length && !seen.has(key)) {
        seen.add(key);
        groups.push(terms);
      }
    });
    return groups;
  }

  // lexicon.py expand
  function expand(groups, lexicon, longest) {
    var flat = [];
    groups.forEach(function (group, index) {
      group.forEach(function (term) { flat.push([term, index]); });
    });
    var found = groups.map(function () { return []; });
    for (var start = 0; start < flat.length; start++) {
      var stop = Math.min(start + longest, flat.length);
      for (var end = start + 1; end <= stop; end++) {
        var slice = flat.slice(start, end);
        var keys = lexicon.get(slice.map(function (pair) { return pair[0]; }).join(" "));
        if (!keys || !keys.length) continue;
        var spanned = Array.from(new Set(slice.map(function (pair) { return pair[1]; })))
          .sort(function (a, b) { return a - b; });
        spanned.forEach(function (index) {
          keys.forEach(function (target) {
            if (found[index].indexOf(target) < 0) found[index].push(target);
          });
        });
      }
    }
    return found;
  }

  // lexicon.py key; index.py record_keys
  function key(param, id) { return (param + ":" + id).toLowerCase(); }

  function recordKeys(record) {
    var keys = [];
    Object.keys(record.facets).forEach(function (param) {
      record.facets[param].forEach(function (id) { keys.push(key(param, id)); });
    });
    (record.actor_ids || []).forEach(function (id) { keys.push(key("actor", id)); });
    return keys;
  }

  function registerStemmer() {
    if (!lunr.Pipeline.registeredFunctions[STEMMER_LABEL]) {
      var fn = function (token) { return token.update(stem); };
      lunr.Pipeline.registerFunction(fn, STEMMER_LABEL);
    }
  }

  function quantised(score) {
    return Math.floor(score * SCORE_QUANTUM + 0.5);
  }

  function normaliseFilters(filters, params) {
    var chosen = new Map();
    Object.keys(filters || {}).forEach(function (param) {
      if (params.indexOf(param) < 0) return;  // unknown query-string parameters are ignored
      var ids = new Set();
      [].concat(filters[param]).forEach(function (value) {
        var id = String(value).trim();
        if (param === "country") id = id.toUpperCase();
        if (id) ids.add(id);
      });
      if (ids.size) chosen.set(param, ids);
    });
    return chosen;
  }

  // index.py practice_records: the payload's columns back into one record per practice.
  function practiceRecords(payload) {
    var columns = payload.practices;
    var names = payload.actors;
    var terms = {};
    payload.facets.forEach(function (facet) {
      terms[facet.param] = facet.terms.map(function (term) { return term.id; });
    });
    var params = Object.keys(columns.facets);
    return columns.slug.map(function (slug, i) {
      var facets = {};
      params.forEach(function (param) {
        var positions = columns.facets[param][i];
        if (positions.length) {
          facets[param] = positions.map(function (j) { return terms[param][j]; });
        }
      });
      var actorIds = columns.actors[i];
      return {
        slug: slug, title: columns.title[i], summary: columns.summary[i],
        url: "practices/" + slug + "/", last_reviewed: columns.reviewed[i], facets: facets,
        actors: actorIds.map(function (n) { return names[n]; }), actor_ids: actorIds
      };
    });
  }

  /**
   * A loaded payload (search/practices-index.json), ready for many searches.
   *
   * What only a text query needs (the lunr index, the lexicon, the practices' keys and their
   * norms) is prepared on the first one, or by `loadIndex`, not here: a page opened without a
   * query shows its results from the records alone, sooner.
   */
  function Searcher(payload) {
    registerStemmer();
    this.payload = payload;
    this.index = null;
    this.practices = practiceRecords(payload);
    this.facets = payload.facets;
    this.params = payload.facets.map(function (f) { return f.param; });
    var practices = this.practices;
    var byDate = practices.map(function (_p, i) { return i; });
    byDate.sort(function (a, b) {
      var x = practices[a].last_reviewed, y = practices[b].last_reviewed;
      return x < y ? 1 : x > y ? -1 : a - b;
    });
    this.reviewedOrder = new Array(practices.length);
    byDate.forEach(function (pos, rank) { this.reviewedOrder[pos] = rank; }, this);
  }

  /** The lunr index (`lunr.Index.load`) and the tables of the keys, prepared once. */
  Searcher.prototype.loadIndex = function () {
    if (this.index) return this.index;
    var payload = this.payload;
    var lexicon = payload.lexicon || {};
    this.lexicon = new Map(Object.keys(lexicon).map(function (k) { return [k, lexicon[k]]; }));
    var longest = 0;
    this.lexicon.forEach(function (_keys, phrase) {
      longest = Math.max(longest, phrase.split(" ").length);
    });
    this.longest = longest;
    this.weights = new Map(Object.keys(payload.keys || {}).map(function (k) {
      return [k, payload.keys[k]];
    }));
    this.keys = this.practices.map(function (record) { return new Set(recordKeys(record)); });
    var having = this.having = new Map();  // key -> positions of the practices with it
    this.keys.forEach(function (keys, position) {
      keys.forEach(function (k) {
        if (!having.has(k)) having.set(k, []);
        having.get(k).push(position);
      });
    });
    var total = 0;
    this.keys.forEach(function (keys) { total += keys.size; });
    var average = this.keys.length ? total / this.keys.length : 1.0;
    this.norms = this.keys.map(function (keys) {
      return keys.size ? (K1 + 1) / (K1 * (1 - B + B * (keys.size / average)) + 1) : 0.0;
    });
    this.index = lunr.Index.load(payload.index);
    return this.index;
  };

  Searcher.prototype.match = function (groups) {
    var index = this.loadIndex();
    var expanded = expand(groups, this.lexicon, this.longest);
    var texts = groups.map(function (group, i) {
      return group.concat(expanded[i].filter(function (t) { return t.indexOf(":") < 0; }));
    });
    var keys = expanded.map(function (extra) {
      return extra.filter(function (t) { return t.indexOf(":") >= 0; });
    });
    var hits = new Map();
    index.query(function (q) {
      texts.forEach(function (terms) {
        terms.forEach(function (term) { q.term(term, { usePipeline: false }); });
      });
    }).forEach(function (hit) {
      hits.set(Number(hit.ref), { score: hit.score, terms: hit.matchData.metadata });
    });
    var wanted = [];
    keys.forEach(function (groupKeys) {
      groupKeys.forEach(function (k) { if (wanted.indexOf(k) < 0) wanted.push(k); });
    });
    var weights = this.weights;
    var norms = this.norms;
    var allKeys = this.keys;
    var candidates = new Set(hits.keys());
    var having = this.having;
    wanted.forEach(function (k) {
      (having.get(k) || []).forEach(function (position) { candidates.add(position); });
    });
    var found = new Map();
    candidates.forEach(function (position) {
      var have = allKeys[position];
      var hit = hits.get(position);
      var shared = wanted.filter(function (k) { return have.has(k); });
      var score = hit ? hit.score : 0.0;
      var terms = hit ? hit.terms : {};
      if (shared.length) {
        var total = 0.0;
        shared.forEach(function (k) { total += weights.has(k) ? weights.get(k) : 0.0; });
        score += total * norms[position] * KEY_BOOST / Math.sqrt(wanted.length);
      }
      var matched = 0;
      texts.forEach(function (groupTerms, i) {
        var inText = groupTerms.some(function (t) {
          return Object.prototype.hasOwnProperty.call(terms, t);
        });
        if (inText || keys[i].some(function (k) { return have.has(k); })) matched += 1;
      });
      found.set(position, { score: score, matched: matched });
    });
    return found;
  };

  /**
   * Ranked results and facet counts, as query.py's Searcher.run gives them.
   * filters: {param: [ids]}; sort: "relevance" | "reviewed" | "title".
   */
  Searcher.prototype.run = function (text, filters, sort, limit) {
    sort = SORTS.indexOf(sort) >= 0 ? sort : "relevance";
    var chosen = normaliseFilters(filters, this.params);
    var groups = analyzeQuery(text || "");
    var found;
    if (groups.length) {
      found = this.match(groups);
    } else {
      found = new Map();
      this.practices.forEach(function (_p, pos) { found.set(pos, { score: 0, matched: 0 }); });
    }
    var counts = {};
    // Prototype-less tables: a term id such as "constructor" must count from zero.
    this.params.forEach(function (param) { counts[param] = Object.create(null); });
    var kept = [];
    var practices = this.practices;
    var params = this.params;
    found.forEach(function (_hit, pos) {
      var facets = practices[pos].facets;
      var failed = [];
      chosen.forEach(function (ids, param) {
        var have = facets[param] || [];
        if (!have.some(function (id) { return ids.has(id); })) failed.push(param);
      });
      if (!failed.length) kept.push(pos);
      params.forEach(function (param) {
        if (failed.length && !(failed.length === 1 && failed[0] === param)) return;
        var table = counts[param];
        (facets[param] || []).forEach(function (id) { table[id] = (table[id] || 0) + 1; });
      });
    });
    kept = this.sorted(kept, sort, found, groups.length > 0);
    if (limit !== undefined && limit !== null) kept = kept.slice(0, Math.max(limit, 0));
    var results = kept.map(function (pos) {
      var record = practices[pos];
      var hit = found.get(pos);
      return {
        slug: record.slug, title: record.title, url: record.url, score: hit.score,
        matched: hit.matched, last_reviewed: record.last_reviewed, practice: record
      };
    });
    return { results: results, counts: counts, groups: groups };
  };

  // query.py Searcher._sort_key: the same orders, with the keys computed once per result.
  Searcher.prototype.sorted = function (positions, sort, found, query) {
    var practices = this.practices;
    var reviewed = this.reviewedOrder;
    if (sort === "title") return positions.sort(function (a, b) { return a - b; });
    if (sort === "reviewed" || !query) {
      return positions.sort(function (a, b) { return (reviewed[a] - reviewed[b]) || (a - b); });
    }
    var rows = positions.map(function (pos) {
      var hit = found.get(pos);
      return { pos: pos, matched: hit.matched, score: quantised(hit.score),
        slug: practices[pos].slug };
    });
    rows.sort(function (x, y) {
      if (x.matched !== y.matched) return y.matched - x.matched;
      if (x.score !== y.score) return y.score - x.score;
      return x.slug < y.slug ? -1 : x.slug > y.slug ? 1 : 0;
    });
    return rows.map(function (row) { return row.pos; });
  };

  return {
    Searcher: Searcher,
    practiceRecords: practiceRecords,
    analyzeText: analyzeText,
    analyzeQuery: analyzeQuery,
    expand: expand,
    fold: fold,
    stem: stem,
    STOP_WORDS: STOP_WORDS,
    SORTS: SORTS
  };
}));
