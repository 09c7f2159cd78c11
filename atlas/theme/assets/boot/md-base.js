/*
 * Material for MkDocs 9.8's inline bootstrap (templates/partials/javascripts/base.html), moved
 * into a file so the Content-Security-Policy allows scripts from 'self' only: no inline script,
 * no hashes. The one change: the storage scope comes from this element's data-md-scope attribute
 * (Material's `config.extra.scope | d(base_url)`), as a file cannot hold a per-page value.
 * tests/browser/test_csp.py checks the Material line below against the installed Material.
 * Material for MkDocs: MIT licence, (c) Martin Donath.
 */
__md_scope=new URL(document.currentScript.getAttribute("data-md-scope"),location),__md_hash=e=>[...e].reduce(((e,_)=>(e<<5)-e+_.charCodeAt(0)),0),__md_get=(e,_=localStorage,t=__md_scope)=>JSON.parse(_.getItem(t.pathname+"."+e)),__md_set=(e,_,t=localStorage,a=__md_scope)=>{try{t.setItem(a.pathname+"."+e,JSON.stringify(_))}catch(e){}}

/*
 * Atlas fix: Material's instant navigation makes every relative link absolute by assigning each
 * [href] element's `href` property to itself. An SVG <a> (the map and timeline pictures link
 * their countries and practices) has a read-only `href`, so the assignment throws a TypeError
 * that stops instant navigation for the rest of the visit. Give SVG links a setter that ignores
 * the write, as non-strict code would; the link keeps its relative href, which still resolves
 * (Material updates the address before it swaps the page in).
 */
(function () {
  var proto = window.SVGAElement && window.SVGAElement.prototype;
  var href = proto && Object.getOwnPropertyDescriptor(proto, "href");
  if (href && href.get && !href.set && href.configurable) {
    Object.defineProperty(proto, "href", {
      get: href.get,
      set: function () {},
      configurable: true,
      enumerable: href.enumerable
    });
  }
}());

/*
 * Atlas: mark the document as scripted before the body is parsed, so atlas.css can lay pages out
 * as their scripts will (the explorer's controls) from the first paint: no layout shift when
 * the scripts start.
 */
document.documentElement.classList.add("atlas-js");
