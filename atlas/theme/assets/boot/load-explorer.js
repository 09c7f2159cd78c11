/*
 * Loads the explorer's scripts on /explore/, in order: lunr, atlas-search.js, explore.js; and
 * starts fetching the explorer's data at once, in parallel with them.
 *
 * main.html puts this loader inside the page container, because Material's instant navigation
 * swaps only the container in and runs the scripts it finds there. It runs them all at once,
 * though, as async scripts, in whatever order they arrive, so explore.js could start before lunr
 * and fall back to the static list. Scripts inserted with async = false run in insertion order,
 * on a first load and after every swap alike.
 *
 * The data request (#explore's data-index) would otherwise wait for the three scripts to arrive
 * and run; started here, it is under way while they download. explore.js takes the promise from
 * `window.atlasExploreData` ({href, payload}) when its href is the one it wants.
 */
(function () {
  "use strict";
  var here = document.currentScript && document.currentScript.src;
  if (!here) return;
  var root = document.getElementById("explore");
  var index = root && root.getAttribute("data-index");
  if (index && window.fetch && window.Promise) {
    var href = new URL(index, window.location.href).href;
    var payload = window.fetch(href, { credentials: "same-origin" }).then(function (response) {
      if (!response.ok) throw new Error("HTTP " + response.status);
      return response.json();
    });
    payload.catch(function () {});  // explore.js reports a failure; none is unhandled meanwhile
    window.atlasExploreData = { href: href, payload: payload };
  }
  ["lunr-2.3.9.min.js", "atlas-search.js", "explore.js"].forEach(function (name) {
    var script = document.createElement("script");
    script.src = new URL("../explore/" + name, here).href;
    script.async = false;
    document.head.appendChild(script);
  });
}());
