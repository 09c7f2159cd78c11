/*
 * Material for MkDocs 9.8's inline linked-tabs restore (templates/partials/javascripts/
 * content.html, feature `content.tabs.link`), unchanged, moved into a file for the
 * Content-Security-Policy (script-src 'self', no inline script).
 * Material for MkDocs: MIT licence, (c) Martin Donath.
 */
var tabs=__md_get("__tabs");if(Array.isArray(tabs))e:for(var set of document.querySelectorAll(".tabbed-set")){var labels=set.querySelector(".tabbed-labels");for(var tab of tabs)for(var label of labels.getElementsByTagName("label"))if(label.innerText.trim()===tab){var input=document.getElementById(label.htmlFor);input.checked=!0;continue e}}
