"""Search for the Atlas: the explorer's index, its ranking, the /explore/ page and `atlas search`.

One ranking, two engines. The index is built at build time with lunr.py (`index.build_payload`,
written to `search/practices-index.json`) and searched both in Python (`query.search`, used by
`atlas search`) and in the browser (`assets/explore/atlas-search.js` on lunr.js 2.3.9). Every
rule that could make them disagree is ours and written twice, side by side:

* `pipeline`: text analysis (accent folding, words, stop words, lunr.js's stemmer, `stemmer`);
* `lexicon`: synonyms, from taxonomy labels, aliases, country and actor names to facet keys;
* `query`: how reader text becomes lunr clauses, how keys are scored, ranking, facets, sorting;
* `explorer`: the /explore/ page body, which works without JavaScript;
* `cli`: the `atlas search` subcommand.

`tests/test_search_parity.py` runs both engines on the same payloads and requires the same
ranked slugs and scores.
"""
