#!/usr/bin/env node
/*
 * Lighthouse budgets for the built site, with Lighthouse's default mobile settings (a mid-range
 * phone on a slow 4G connection, simulated): performance >= 0.95, and accessibility, best
 * practices and SEO = 1.0, on the home page, a practice page and the explorer with results.
 *
 *   node scripts/lighthouse.mjs [--site build/site] [--json report.json] [PATH ...]
 *
 * Serves the site folder on 127.0.0.1 (a free port) at / (pages link relatively), runs
 * Lighthouse through its Node API in the Chrome that CHROME_PATH names (Debian's
 * /usr/bin/chromium here; CI sets it), prints a table of scores and, for any category under its
 * budget, the audits that cost points; exits 1 when a budget is missed, 2 on a setup error.
 * Chrome flags: LIGHTHOUSE_CHROME_FLAGS (default "--headless=new --no-sandbox --disable-gpu").
 * Needs `npm ci` (lighthouse 12.8.2, which runs on Node 20; see package.json).
 */
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import process from "node:process";
import zlib from "node:zlib";

import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";

const BUDGETS = {
  performance: 0.95,
  accessibility: 1,
  "best-practices": 1,
  seo: 1,
};
const DEFAULT_PATHS = ["", "practices/palim-belgium-morocco-ict/", "explore/?q=youth"];
const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".xml": "application/xml; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
  ".csv": "text/csv; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".webmanifest": "application/manifest+json",
  ".gz": "application/gzip",
};

function parseArgs(argv) {
  const options = { site: "build/site", json: null, paths: [] };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    if (arg === "--site") options.site = argv[(i += 1)];
    else if (arg === "--json") options.json = argv[(i += 1)];
    else if (arg === "-h" || arg === "--help") {
      console.log("usage: node scripts/lighthouse.mjs [--site DIR] [--json FILE] [PATH ...]");
      process.exit(0);
    } else options.paths.push(arg);
  }
  if (!options.paths.length) options.paths = DEFAULT_PATHS;
  return options;
}

const COMPRESSIBLE = /^(text\/|application\/(json|xml|manifest)|image\/svg)/;

/** A static server for `root`, like GitHub Pages: index.html for folders, 404.html if missing,
 * text compressed with gzip when the browser accepts it. */
function serve(root) {
  const server = http.createServer((request, response) => {
    const url = new URL(request.url, "http://127.0.0.1");
    let file = path.join(root, decodeURIComponent(url.pathname));
    if (!file.startsWith(root)) file = path.join(root, "404.html");
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, "index.html");
    let status = 200;
    if (!fs.existsSync(file)) {
      status = 404;
      file = path.join(root, "404.html");
    }
    const type = TYPES[path.extname(file)] || "application/octet-stream";
    const headers = { "Content-Type": type };
    let body = fs.readFileSync(file);
    if (COMPRESSIBLE.test(type) && /\bgzip\b/.test(request.headers["accept-encoding"] || "")) {
      body = zlib.gzipSync(body);
      headers["Content-Encoding"] = "gzip";
    }
    headers["Content-Length"] = body.length;
    response.writeHead(status, headers);
    response.end(body);
  });
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => resolve(server));
  });
}

function costly(lhr, category) {
  return lhr.categories[category].auditRefs
    .filter((ref) => ref.weight > 0)
    .map((ref) => lhr.audits[ref.id])
    .filter((audit) => audit.score !== null && audit.score < 1)
    .map((audit) => `      ${audit.id} (${audit.score}): ${audit.title}` +
      (audit.displayValue ? ` - ${audit.displayValue}` : ""));
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const root = path.resolve(options.site);
  if (!fs.existsSync(path.join(root, "index.html"))) {
    console.error(`no site in ${root}: build it first (atlas build)`);
    return 2;
  }
  const server = await serve(root);
  const base = `http://127.0.0.1:${server.address().port}/`;
  const flags = (process.env.LIGHTHOUSE_CHROME_FLAGS || "--headless=new --no-sandbox --disable-gpu")
    .split(/\s+/).filter(Boolean);
  const chrome = await chromeLauncher.launch({ chromeFlags: flags });
  const results = [];
  let missed = false;
  try {
    for (const page of options.paths) {
      const url = base + page;
      const runner = await lighthouse(url, {
        port: chrome.port,
        output: "json",
        logLevel: "error",
        onlyCategories: Object.keys(BUDGETS),
      });
      const lhr = runner.lhr;
      if (lhr.runtimeError) throw new Error(`${url}: ${lhr.runtimeError.message}`);
      const scores = {};
      const notes = [];
      for (const [category, budget] of Object.entries(BUDGETS)) {
        const score = lhr.categories[category].score;
        scores[category] = score;
        if (score === null || score < budget) {
          missed = true;
          notes.push(`    ${category} ${score} < ${budget}:`, ...costly(lhr, category));
        }
      }
      const metrics = {};
      for (const id of ["first-contentful-paint", "largest-contentful-paint", "total-blocking-time",
        "cumulative-layout-shift", "speed-index"]) {
        metrics[id] = lhr.audits[id] ? lhr.audits[id].displayValue : null;
      }
      results.push({ page: `/${page}`, formFactor: lhr.configSettings.formFactor, scores, metrics });
      const row = Object.entries(scores).map(([c, s]) => `${c} ${s === null ? "-" : s.toFixed(2)}`);
      console.log(`/${page}  [${lhr.configSettings.formFactor}]  ${row.join("  ")}`);
      console.log(`    ${Object.entries(metrics).map(([m, v]) => `${m} ${v}`).join(", ")}`);
      for (const note of notes) console.log(note);
    }
  } finally {
    await chrome.kill();
    server.close();
  }
  if (options.json) fs.writeFileSync(options.json, JSON.stringify(results, null, 2) + "\n");
  console.log(missed ? "Lighthouse budgets missed." : "Lighthouse budgets met.");
  return missed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error.stack || String(error));
    process.exit(2);
  },
);
