/*
 * Loads the explorer's scripts on /explore/, in order: lunr, atlas-search.js, explore.js.
 *
 * main.html puts this loader inside the page container, because Material's instant navigation
 * swaps only the container in and runs the scripts it finds there. It runs them all at once,
 * though, as async scripts, in whatever order they arrive, so explore.js could start before lunr
 * and fall back to the static list. Scripts inserted with async = false run in insertion order,
 * on a first load and after every swap alike.
 */
(function () {
  "use strict";
  var here = document.currentScript && document.currentScript.src;
  if (!here) return;
  ["lunr-2.3.9.min.js", "atlas-search.js", "explore.js"].forEach(function (name) {
    var script = document.createElement("script");
    script.src = new URL("../explore/" + name, here).href;
    script.async = false;
    document.head.appendChild(script);
  });
}());
