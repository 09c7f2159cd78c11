/*
 * Material for MkDocs 9.8's inline content script (templates/partials/javascripts/content.html:
 * open the content tab a URL fragment names), unchanged, moved into a file for the
 * Content-Security-Policy (script-src 'self', no inline script).
 * Material for MkDocs: MIT licence, (c) Martin Donath.
 */
var target=document.getElementById(location.hash.slice(1));target&&target.name&&(target.checked=target.name.startsWith("__tabbed_"))
