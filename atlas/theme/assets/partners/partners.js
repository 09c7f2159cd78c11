/*
 * The partnership finder (/partners/): who is active in the chosen countries and on the chosen
 * themes, and which actor types the chosen typology and themes need that none of them is.
 *
 * Static like the explorer: the data is partners/data.json (atlas/site/partners_page.py builds
 * it), the state lives in the query string (?country=SN&theme=tvet&typology=project-based) so a
 * choice can be shared and the back button walks through earlier choices (popstate). Everything
 * is drawn with DOM methods and textContent, never innerHTML: names come from contributors.
 * Loaded on every page (extra_javascript); it does nothing where #atlas-partners is absent, and
 * it starts again after Material's instant navigation (document$).
 */
(function () {
  "use strict";

  if (window.atlasPartnersLoaded) return;
  window.atlasPartnersLoaded = true;

  var PARAMS = ["country", "theme", "typology"];
  var SUGGESTED_PER_TYPE = 5;
  var current = null; // the finder on the page shown now
  var dataCache = {}; // data URL -> promise of the parsed data

  // Small helpers ------------------------------------------------------------------------

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      node.setAttribute(key, attrs[key]);
    });
    (children || []).forEach(function (child) {
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  function byId(list) {
    var table = {};
    list.forEach(function (item) {
      table[item.id] = item;
    });
    return table;
  }

  function plural(n, one, many) {
    return n + " " + (n === 1 ? one : many);
  }

  function andList(items) {
    if (items.length < 2) return items.join("");
    return items.slice(0, -1).join(", ") + " and " + items[items.length - 1];
  }

  function intersects(a, b) {
    return a.some(function (x) {
      return b.indexOf(x) !== -1;
    });
  }

  function load(url) {
    if (!dataCache[url]) {
      dataCache[url] = fetch(url, { credentials: "same-origin" }).then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.json();
      });
      dataCache[url].catch(function () {
        delete dataCache[url];
      });
    }
    return dataCache[url];
  }

  // The finder -------------------------------------------------------------------------------

  function Finder(root, data) {
    this.root = root;
    this.data = data;
    this.form = root.querySelector("form");
    this.status = root.querySelector("#partners-status");
    this.results = root.querySelector("#partners-results");
    this.types = byId(data.actor_types);
    this.typeOrder = data.actor_types.map(function (t) {
      return t.id;
    });
    this.typologies = byId(data.typologies);
    this.themes = byId(data.themes);
    this.countries = byId(data.countries);
    this.actors = {};
    this.practicesOf = {};
    var self = this;
    data.actors.forEach(function (actor) {
      self.actors[actor.slug] = actor;
      self.practicesOf[actor.slug] = [];
    });
    data.practices.forEach(function (practice) {
      practice.actors.forEach(function (slug) {
        if (self.practicesOf[slug]) self.practicesOf[slug].push(practice);
      });
    });
  }

  Finder.prototype.start = function () {
    var self = this;
    this.form.hidden = false;
    var note = this.root.querySelector(".atlas-partners-nojs");
    if (note) note.hidden = true;
    this.form.addEventListener("change", function () {
      self.update(self.readForm(), true);
    });
    this.form.addEventListener("submit", function (event) {
      event.preventDefault();
      self.update(self.readForm(), true);
    });
    this.form.addEventListener("reset", function () {
      window.setTimeout(function () {
        self.update(self.readForm(), true);
      }, 0);
    });
    this.root.setAttribute("data-ready", "true");
    this.fromUrl();
  };

  // State: the query string is the truth; the form mirrors it.

  Finder.prototype.isTypology = function (value) {
    return Object.prototype.hasOwnProperty.call(this.typologies, value);
  };

  Finder.prototype.canonical = function (values, list) {
    // Known values only, once each, in the data's order, so equal choices give equal URLs.
    return list
      .map(function (item) {
        return item.id;
      })
      .filter(function (id) {
        return values.indexOf(id) !== -1;
      });
  };

  Finder.prototype.readUrl = function () {
    var params = new URLSearchParams(window.location.search);
    var self = this;
    var countries = params.getAll("country").map(function (c) {
      return c.toUpperCase();
    });
    var typology = params.getAll("typology").filter(function (t) {
      return self.isTypology(t);
    })[0];
    return {
      country: this.canonical(countries, this.data.countries),
      theme: this.canonical(params.getAll("theme"), this.data.themes),
      typology: typology || "",
    };
  };

  Finder.prototype.readForm = function () {
    var data = new FormData(this.form);
    return {
      country: this.canonical(data.getAll("country"), this.data.countries),
      theme: this.canonical(data.getAll("theme"), this.data.themes),
      typology: this.isTypology(data.get("typology")) ? data.get("typology") : "",
    };
  };

  Finder.prototype.writeForm = function (state) {
    Array.prototype.forEach.call(this.form.elements, function (input) {
      if (input.type === "checkbox") input.checked = state[input.name].indexOf(input.value) !== -1;
      if (input.tagName === "SELECT") input.value = state.typology;
    });
  };

  Finder.prototype.query = function (state) {
    var params = new URLSearchParams();
    PARAMS.forEach(function (name) {
      [].concat(state[name] || []).forEach(function (value) {
        params.append(name, value);
      });
    });
    var text = params.toString();
    return text ? "?" + text : "";
  };

  Finder.prototype.fromUrl = function () {
    var state = this.readUrl();
    this.writeForm(state);
    var search = this.query(state);
    if (search !== window.location.search) {
      var url = window.location.pathname + search + window.location.hash;
      window.history.replaceState(window.history.state, "", url);
    }
    this.render(state);
  };

  Finder.prototype.update = function (state, push) {
    var search = this.query(state);
    if (push && search !== window.location.search) {
      window.history.pushState(null, "", window.location.pathname + search);
    }
    this.render(state);
  };

  // What the choice selects.

  Finder.prototype.inCountries = function (practice, chosen) {
    if (intersects(practice.countries, chosen)) return true;
    var self = this;
    // A practice that names a region (Western Africa, or every region) happens in its countries.
    return chosen.some(function (code) {
      return intersects(practice.regions, self.countries[code].regions);
    });
  };

  Finder.prototype.matches = function (state) {
    var self = this;
    return this.data.practices.filter(function (p) {
      if (state.typology && p.typologies.indexOf(state.typology) === -1) return false;
      if (state.theme.length && !intersects(p.themes, state.theme)) return false;
      return !state.country.length || self.inCountries(p, state.country);
    });
  };

  Finder.prototype.activeActors = function (state, practices) {
    var chosen = {};
    practices.forEach(function (p) {
      p.actors.forEach(function (slug) {
        chosen[slug] = true;
      });
    });
    return this.data.actors.filter(function (actor) {
      return chosen[actor.slug] || intersects(actor.countries, state.country);
    });
  };

  Finder.prototype.needed = function (state, practices) {
    // type -> the labels of what needs it: the chosen typology and themes, or, when only
    // countries are chosen, the typologies and themes of the practices found.
    var self = this;
    var needs = {};
    function add(term, noun) {
      term.needs.forEach(function (type) {
        needs[type] = needs[type] || [];
        var label = noun + " " + term.label;
        if (needs[type].indexOf(label) === -1) needs[type].push(label);
      });
    }
    var typologies = state.typology ? [state.typology] : [];
    var themes = state.theme;
    if (!typologies.length && !themes.length) {
      practices.forEach(function (p) {
        typologies = typologies.concat(p.typologies);
        themes = themes.concat(p.themes);
      });
    }
    this.data.typologies.forEach(function (t) {
      if (typologies.indexOf(t.id) !== -1) add(t, "typology");
    });
    this.data.themes.forEach(function (t) {
      if (themes.indexOf(t.id) !== -1) add(t, "theme");
    });
    return this.typeOrder
      .filter(function (type) {
        return needs[type];
      })
      .map(function (type) {
        return { type: type, by: needs[type], label: self.types[type].label };
      });
  };

  // Drawing.

  Finder.prototype.render = function (state) {
    var results = this.results;
    while (results.firstChild) results.removeChild(results.firstChild);
    if (!state.country.length && !state.theme.length && !state.typology) {
      this.status.textContent =
        "Choose countries, themes or a typology to see who is active there and what is missing.";
      return;
    }
    var practices = this.matches(state);
    var actors = this.activeActors(state, practices);
    var present = {};
    actors.forEach(function (a) {
      present[a.type] = true;
    });
    var needed = this.needed(state, practices);
    var missing = needed.filter(function (need) {
      return !present[need.type];
    });
    this.status.textContent =
      plural(practices.length, "practice", "practices") +
      " and " +
      plural(actors.length, "actor", "actors") +
      " found; " +
      plural(missing.length, "actor type", "actor types") +
      " missing.";
    results.appendChild(this.drawNeeded(needed, missing));
    results.appendChild(this.drawActors(actors, practices));
    results.appendChild(this.drawPractices(practices));
  };

  Finder.prototype.actorLink = function (actor) {
    return el("a", { href: "../actors/" + actor.slug + "/" }, [actor.name]);
  };

  Finder.prototype.practiceLink = function (practice) {
    return el("a", { href: "../practices/" + practice.slug + "/" }, [practice.title]);
  };

  Finder.prototype.elsewhere = function (type) {
    // Actors of a missing type anywhere in the Atlas (none is active here), most practices first.
    var self = this;
    return this.data.actors
      .filter(function (a) {
        return a.type === type;
      })
      .sort(function (a, b) {
        return self.practicesOf[b.slug].length - self.practicesOf[a.slug].length;
      })
      .slice(0, SUGGESTED_PER_TYPE);
  };

  Finder.prototype.drawNeeded = function (needed, missing) {
    var self = this;
    var section = el("section", {
      class: "atlas-partners-missing",
      "aria-labelledby": "partners-missing",
    });
    section.appendChild(el("h2", { id: "partners-missing" }, ["Missing actor types"]));
    if (!needed.length) {
      section.appendChild(el("p", {}, ["The practices found name no actor types they need."]));
      return section;
    }
    if (!missing.length) {
      section.appendChild(el("p", {}, ["Every actor type the choice needs is active here."]));
    }
    var list = el("ul", {});
    missing.forEach(function (need) {
      var item = el("li", { "data-actor-type": need.type }, [
        el("strong", {}, [need.label]),
        ", needed by the " + andList(need.by) + ". ",
      ]);
      var others = self.elsewhere(need.type);
      if (!others.length) {
        item.appendChild(document.createTextNode("No actor of this type is in the Atlas yet."));
      } else {
        item.appendChild(document.createTextNode("In the Atlas elsewhere: "));
        others.forEach(function (actor, index) {
          if (index) item.appendChild(document.createTextNode(", "));
          item.appendChild(self.actorLink(actor));
        });
        item.appendChild(document.createTextNode("."));
      }
      list.appendChild(item);
    });
    if (missing.length) section.appendChild(list);
    var met = needed.filter(function (need) {
      return missing.indexOf(need) === -1;
    });
    if (met.length && missing.length) {
      var labels = met.map(function (need) {
        return need.label;
      });
      section.appendChild(el("p", {}, ["Already active here: " + andList(labels) + "."]));
    }
    return section;
  };

  Finder.prototype.drawActors = function (actors, practices) {
    var self = this;
    var section = el("section", {
      class: "atlas-partners-actors",
      "aria-labelledby": "partners-actors",
    });
    var heading = "Actors active here (" + actors.length + ")";
    section.appendChild(el("h2", { id: "partners-actors" }, [heading]));
    if (!actors.length) {
      section.appendChild(el("p", {}, ["No actor of the Atlas is active here yet."]));
      return section;
    }
    this.typeOrder.forEach(function (type) {
      var mine = actors.filter(function (a) {
        return a.type === type;
      });
      if (!mine.length) return;
      section.appendChild(el("h3", {}, [self.types[type].label + " (" + mine.length + ")"]));
      var list = el("ul", {});
      mine.forEach(function (actor) {
        var item = el("li", { "data-actor": actor.slug }, [self.actorLink(actor)]);
        var theirs = self.practicesOf[actor.slug].filter(function (p) {
          return practices.indexOf(p) !== -1;
        });
        if (!theirs.length) {
          item.appendChild(document.createTextNode(": based or working here, no practice found"));
        }
        theirs.forEach(function (practice, index) {
          item.appendChild(document.createTextNode(index ? ", " : ": "));
          item.appendChild(self.practiceLink(practice));
        });
        list.appendChild(item);
      });
      section.appendChild(list);
    });
    return section;
  };

  Finder.prototype.drawPractices = function (practices) {
    var self = this;
    var section = el("section", {
      class: "atlas-partners-practices",
      "aria-labelledby": "partners-practices",
    });
    var heading = "Practices (" + practices.length + ")";
    section.appendChild(el("h2", { id: "partners-practices" }, [heading]));
    if (!practices.length) {
      section.appendChild(el("p", {}, ["No practice matches this choice yet."]));
      return section;
    }
    var list = el("ul", {});
    practices.forEach(function (practice) {
      var item = el("li", { "data-practice": practice.slug }, [self.practiceLink(practice)]);
      var gaps = practice.gaps.map(function (type) {
        return self.types[type] ? self.types[type].label : type;
      });
      item.appendChild(
        document.createTextNode(gaps.length ? ": lacks " + andList(gaps) : ": no gap")
      );
      list.appendChild(item);
    });
    section.appendChild(list);
    return section;
  };

  // Starting, and following the back button --------------------------------------------------

  function init() {
    var root = document.getElementById("atlas-partners");
    if (!root || root.getAttribute("data-ready")) return;
    root.setAttribute("data-ready", "loading");
    var status = root.querySelector("#partners-status");
    var url = new URL(root.getAttribute("data-src") || "data.json", window.location.href).href;
    load(url)
      .then(function (data) {
        if (!document.body.contains(root)) return; // the reader has moved on
        current = new Finder(root, data);
        current.start();
      })
      .catch(function () {
        root.setAttribute("data-ready", "failed");
        if (status) status.textContent = "The partnership finder could not load its data.";
      });
  }

  window.addEventListener("popstate", function () {
    if (current && document.body.contains(current.root)) current.fromUrl();
  });

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init); // Material: runs on the first page and after each navigation
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
