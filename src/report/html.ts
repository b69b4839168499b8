import type { Report } from '../spec/generated/report.ts';

/**
 * One self-contained HTML page for a report: a traceability matrix (requirement × adapter run), each
 * requirement expandable to its statement, sources, rule rows, cases and failures; filters; the rule rows
 * no case reached; and a banner for every run whose adapter broke.
 *
 * Everything is inline (CSS, script, data); the page loads nothing, and its Content-Security-Policy forbids
 * it to. The report is embedded as JSON and rendered with plain DOM code; the details of a requirement
 * (cases, failures) are built only when it is expanded, so a run of tens of thousands of cases stays fast.
 */
export function htmlReport(report: Report, options: { title?: string } = {}): string {
  const title = options.title ?? `IOMMU uAPI conformance report (suite ${report.spec.version})`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src 'none'; font-src 'none'; connect-src 'none'; base-uri 'none'; form-action 'none'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="iommu-uapi-conformance ${escapeHtml(report.spec.version)}">
<title>${escapeHtml(title)}</title>
<style>${CSS}</style>
</head>
<body>
<header>
<h1 id="title">${escapeHtml(title)}</h1>
<p id="meta" class="meta"></p>
</header>
<div id="banners"></div>
<main>
<section aria-labelledby="runs-h"><h2 id="runs-h">Runs</h2><div id="runs"></div></section>
<section aria-labelledby="matrix-h">
<h2 id="matrix-h">Traceability matrix</h2>
<form id="filters" class="filters" aria-label="Filters">
<label for="f-area">Area</label> <select id="f-area" name="area"><option value="">all</option></select>
<label for="f-profile">Profile</label> <select id="f-profile" name="profile"><option value="">all</option></select>
<label for="f-level">Level</label> <select id="f-level" name="level"><option value="">all</option></select>
<label for="f-verdict">Verdict</label> <select id="f-verdict" name="verdict"><option value="">all</option></select>
<label for="f-critical"><input type="checkbox" id="f-critical" name="critical"> critical only</label>
<label for="f-text">Search</label> <input type="search" id="f-text" name="text" placeholder="id, title or statement" size="22">
<button type="button" id="f-reset">Reset filters</button>
</form>
<p id="summary" class="summary" role="status" aria-live="polite"></p>
<div id="legend" class="legend"><span class="label">Verdicts:</span></div>
<div class="matrix-wrap"><table id="matrix" class="matrix"><caption class="visually-hidden">Verdict of every requirement in every adapter run</caption><thead></thead><tbody></tbody></table></div>
</section>
<section aria-labelledby="uncovered-h"><h2 id="uncovered-h">Uncovered rows</h2><p class="hint">Rule rows of a run's profiles that no case reached: the suite never exercised the behaviour they encode.</p><div id="uncovered"></div></section>
</main>
<noscript><p>This report is drawn by a script, which is disabled. The data is in the <code>report-data</code> element of this file, as JSON.</p></noscript>
<script type="application/json" id="report-data">${embedJson(report)}</script>
<script>${CLIENT}</script>
</body>
</html>
`;
}

/** JSON that cannot end the script element it sits in: every '<' (so "</script" and "<!--") is escaped. */
export function embedJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const CSS = `
:root { --fg: #1d2330; --muted: #5b6475; --line: #d5d9e0; --bg: #fff; --soft: #f5f6f8; --accent: #1f5fbf; }
* { box-sizing: border-box; }
body { margin: 0; padding: 0 1.25rem 3rem; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", sans-serif; color: var(--fg); background: var(--bg); }
code, pre, .mono { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, "DejaVu Sans Mono", "Liberation Mono", monospace; font-size: 12.5px; }
h1 { font-size: 1.45rem; margin: 1rem 0 .2rem; }
h2 { font-size: 1.15rem; margin: 1.6rem 0 .5rem; border-bottom: 1px solid var(--line); padding-bottom: .2rem; }
h3 { font-size: 1rem; margin: 1rem 0 .35rem; }
h4 { font-size: .92rem; margin: .9rem 0 .3rem; }
a { color: var(--accent); }
.meta, .hint { color: var(--muted); margin: .2rem 0; }
.meta code { word-break: break-all; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
.banner { border: 2px solid #7a0000; background: #fde8e8; color: #4a0000; padding: .6rem .8rem; margin: .8rem 0; border-radius: 4px; }
.banner strong.tag { background: #7a0000; color: #fff; padding: 0 .4rem; border-radius: 3px; margin-right: .4rem; }
.banner pre { background: #fff; border: 1px solid #e3b4b4; max-height: 10rem; overflow: auto; padding: .4rem; margin: .4rem 0 0; white-space: pre-wrap; }
table { border-collapse: collapse; }
.plain th, .plain td { border: 1px solid var(--line); padding: .2rem .45rem; text-align: left; vertical-align: top; }
.plain th { background: var(--soft); font-weight: 600; }
.plain td.num, .plain th.num { text-align: right; font-variant-numeric: tabular-nums; }
.filters { display: flex; flex-wrap: wrap; align-items: center; gap: .35rem .5rem; background: var(--soft); border: 1px solid var(--line); padding: .5rem .7rem; border-radius: 4px; }
.filters label { font-weight: 600; }
.filters label[for="f-critical"] { font-weight: normal; margin-right: .5rem; }
.filters select, .filters input[type=search] { font: inherit; padding: .1rem .25rem; margin-right: .6rem; }
.filters button { font: inherit; }
.summary { margin: .5rem 0 .3rem; font-variant-numeric: tabular-nums; }
.summary .run-sum { display: inline-block; }
.legend { display: flex; flex-wrap: wrap; align-items: center; gap: .3rem; margin: .2rem 0 .6rem; }
.legend .label { color: var(--muted); margin-right: .2rem; }
#runs-table time { white-space: nowrap; }
.matrix { width: 100%; }
.matrix > thead > tr > th, .matrix > tbody > tr > th, .matrix > tbody > tr > td { border-bottom: 1px solid var(--line); padding: .25rem .45rem; text-align: left; vertical-align: middle; }
.matrix > thead > tr > th { position: sticky; top: 0; background: #eef1f5; z-index: 1; border-bottom: 2px solid #b9c0cc; font-weight: 600; }
.matrix > thead > tr > th.run { text-align: center; min-width: 7.5rem; max-width: 14rem; }
.matrix > thead > tr > th.run .sub { display: block; font-weight: normal; color: var(--muted); font-size: 11.5px; }
.matrix > tbody > tr.req:hover { background: #f7f9fc; }
.matrix > tbody > tr.req.open { background: #eef4ff; }
.matrix > tbody > tr > td.v { text-align: center; }
.matrix > tbody > tr > td.title { max-width: 34rem; }
.expander { font: inherit; font-family: ui-monospace, Menlo, Consolas, "DejaVu Sans Mono", monospace; font-size: 12.5px; font-weight: 600; background: none; border: 1px solid transparent; border-radius: 3px; padding: .1rem .3rem; cursor: pointer; color: var(--accent); white-space: nowrap; }
.expander:hover { border-color: var(--line); background: #fff; }
.expander:focus-visible { outline: 2px solid var(--accent); outline-offset: 1px; }
.expander .chev { display: inline-block; width: .9em; transition: transform .1s; }
.expander[aria-expanded=true] .chev { transform: rotate(90deg); }
.badge { display: inline-block; border-radius: 3px; padding: 0 .35rem; font-size: 11.5px; font-weight: 600; line-height: 1.5; white-space: nowrap; border: 1px solid transparent; }
.lvl-MUST { background: #e8eaf6; color: #1a237e; border-color: #c5cae9; }
.lvl-SHOULD { background: #e0f2f1; color: #004d40; border-color: #b2dfdb; }
.lvl-MAY { background: #f5f5f5; color: #424242; border-color: #e0e0e0; }
.crit { background: #fff0f0; color: #a00000; border-color: #f3b7b7; }
.prof { background: #f4f4f8; color: #3b3f54; border-color: #dcdce6; font-weight: normal; margin: 0 .15rem .1rem 0; }
.suspect { background: #fff3cd; color: #6b4a00; border-color: #f0d27a; }
.verdict { display: inline-block; min-width: 5.6rem; border-radius: 3px; padding: .05rem .4rem; font-size: 12px; font-weight: 700; text-align: center; border: 1px solid transparent; white-space: nowrap; }
.verdict .sym { margin-right: .25rem; font-weight: 700; }
.v-pass { background: #d7f2dd; color: #14532d; border-color: #9fd8ad; }
.v-fail { background: #c62828; color: #fff; border-color: #8e1b1b; }
.v-warn { background: #ffe48a; color: #5c4300; border-color: #e3bf45; }
.v-skip { background: #eceff1; color: #455a64; border-color: #cfd8dc; }
.v-untested { background: #fff; color: #6a1b9a; border: 1px dashed #8e24aa; }
.v-broken { background: #262626; color: #fff; border-color: #000; }
.v-xfail { background: #dbe8ff; color: #0b3d91; border-color: #a9c4f5; }
.v-xpass { background: #fbd3e9; color: #7b1048; border-color: #e89bc4; }
.v-na { background: transparent; color: #8a92a0; font-weight: normal; }
.matrix > tbody > tr.details > td { background: #fafbfd; border-bottom: 2px solid #b9c0cc; padding: .4rem 1rem 1rem 2.2rem; }
.statement { margin: .4rem 0; padding: .45rem .7rem; border-left: 4px solid #9fb3d9; background: #fff; max-width: 62rem; }
.facts { color: var(--muted); margin: .2rem 0; }
.facts .badge { margin-right: .3rem; }
ul.sources, ul.rows { margin: .2rem 0; padding-left: 1.2rem; }
ul.sources li, ul.rows li { margin: .15rem 0; }
.says { color: var(--muted); display: block; font-size: 12.5px; }
.kind { display: inline-block; min-width: 4.6rem; font-size: 11px; text-transform: uppercase; letter-spacing: .03em; color: var(--muted); }
.failure { border: 1px solid #e6b8b8; border-left: 4px solid #c62828; background: #fff; border-radius: 3px; padding: .45rem .7rem; margin: .5rem 0; max-width: 72rem; }
.failure.xfail { border-color: #a9c4f5; border-left-color: #1f5fbf; }
.failure dl { display: grid; grid-template-columns: max-content 1fr; gap: .15rem .8rem; margin: .3rem 0; }
.failure dt { color: var(--muted); }
.failure dd { margin: 0; }
.failure ul.problems { margin: 0; padding-left: 1.1rem; }
table.bytes { margin: .2rem 0; }
table.bytes td.hex { font-family: ui-monospace, Menlo, Consolas, "DejaVu Sans Mono", monospace; letter-spacing: .02em; }
.replay { display: flex; align-items: stretch; gap: .4rem; margin-top: .35rem; }
.replay pre { flex: 1; margin: 0; padding: .35rem .5rem; background: #1e2430; color: #e8ecf3; border-radius: 3px; white-space: pre-wrap; word-break: break-all; }
.replay .label { color: var(--muted); align-self: center; min-width: 8.4rem; }
.failure .expected code { color: #14532d; font-weight: 600; }
.failure .actual code { color: #a00000; font-weight: 600; }
.replay button { font: inherit; font-size: 12px; cursor: pointer; align-self: center; }
.more { font: inherit; margin: .3rem 0; cursor: pointer; }
.none { color: var(--muted); font-style: italic; }
.uncovered-run { margin-bottom: 1rem; }
`;

// The page's script. It is plain ES2020 in a string: no template literals, so nothing here is interpolated.
const CLIENT = String.raw`
(function () {
  'use strict';
  var report = JSON.parse(document.getElementById('report-data').textContent);
  var VERDICTS = ['pass', 'fail', 'warn', 'skip', 'untested', 'broken', 'xfail', 'xpass'];
  var SYMBOL = { pass: '\u2713', fail: '\u2717', warn: '!', skip: '\u2013', untested: '?', broken: '\u2620', xfail: '\u2298', xpass: '\u203c', na: '' };
  var MEANING = {
    pass: 'checked and never found broken',
    fail: 'a MUST broken by at least one case',
    warn: 'a SHOULD or MAY not met by at least one case',
    skip: 'only skipped cases (profile or operation not supported)',
    untested: 'no case reached a row encoding it',
    broken: 'the adapter broke before any case checked it',
    xfail: 'failed, as the expected-failures list says',
    xpass: 'passed although the expected-failures list says it fails',
    na: 'not part of this run'
  };
  var AREAS = ['SIZE', 'LAYOUT', 'VALID', 'NEST', 'FAULT', 'GROW'];
  var LEVELS = ['MUST', 'SHOULD', 'MAY'];
  var LORE = 'https://lore.kernel.org/r/';
  var KERNEL_TREE = 'https://git.kernel.org/pub/scm/linux/kernel/git/torvalds/linux.git/tree/';
  var FAILURES_SHOWN = 10;

  var runs = report.runs;
  var reqs = report.requirements;

  // ---- small DOM helpers; all report text goes in through textContent, never as markup ----
  function el(tag, attrs) {
    var node = document.createElement(tag);
    if (attrs) for (var k in attrs) {
      var v = attrs[k];
      if (v === undefined || v === null || v === false) continue;
      if (k === 'text') node.textContent = String(v);
      else if (k === 'class') node.className = v;
      else node.setAttribute(k, v === true ? '' : String(v));
    }
    for (var i = 2; i < arguments.length; i++) add(node, arguments[i]);
    return node;
  }
  function add(node, child) {
    if (child === undefined || child === null || child === false) return;
    if (Array.isArray(child)) { for (var i = 0; i < child.length; i++) add(node, child[i]); return; }
    node.appendChild(typeof child === 'object' ? child : document.createTextNode(String(child)));
  }
  function code(text) { return el('code', { text: text }); }
  function safeUrl(url) { return typeof url === 'string' && /^https?:\/\//i.test(url) ? url : null; }
  function link(url, text) {
    var safe = safeUrl(url);
    return safe ? el('a', { href: safe, rel: 'noopener noreferrer', target: '_blank', text: text }) : document.createTextNode(text);
  }
  function badge(cls, text, title) { return el('span', { class: 'badge ' + cls, text: text, title: title }); }
  function verdictBadge(verdict, extraTitle) {
    var known = MEANING[verdict] !== undefined;
    var v = known ? verdict : 'na';
    var label = verdict === 'na' ? 'not run' : verdict;
    return el('span', { class: 'verdict v-' + v, 'data-verdict': verdict, title: label + ': ' + (MEANING[v] || verdict) + (extraTitle ? '\n' + extraTitle : '') },
      SYMBOL[v] ? el('span', { class: 'sym', 'aria-hidden': 'true', text: SYMBOL[v] }) : null, label);
  }
  function plural(n, word) { return n + ' ' + word + (n === 1 ? '' : 's'); }
  function duration(ms) {
    if (ms < 1000) return Math.round(ms) + ' ms';
    if (ms < 120000) return (ms / 1000).toFixed(1) + ' s';
    var m = Math.floor(ms / 60000);
    return m + ' min ' + Math.round((ms - m * 60000) / 1000) + ' s';
  }
  function areaOf(id) { return String(id).split('-')[0]; }
  function runLabel(run) { return run.adapter + (run.shard ? ' [shard ' + run.shard + ']' : ''); }
  function implName(run) {
    var d = run.description || {};
    var name = typeof d.name === 'string' ? d.name : '';
    var version = typeof d.version === 'string' ? d.version : '';
    return (name + (version ? ' ' + version : '')).trim();
  }

  // ---- indexes ----
  var verdictOf = runs.map(function (run) {
    var m = new Map();
    run.verdicts.forEach(function (v) { m.set(v.id, v); });
    return m;
  });
  // row key → requirements encoding it (for the uncovered list)
  var rowOwners = new Map();
  reqs.forEach(function (r) {
    (r.rows || []).forEach(function (row) {
      var key = row.table + '#' + row.row;
      if (!rowOwners.has(key)) rowOwners.set(key, []);
      rowOwners.get(key).push(r.id);
    });
  });
  // Built on first use only: requirement → case indexes, and case id → case, per run.
  var caseIndexes = runs.map(function () { return null; });
  function casesOf(runIndex, reqId) {
    if (!caseIndexes[runIndex]) {
      var byReq = new Map(), byId = new Map();
      var cases = runs[runIndex].cases;
      for (var i = 0; i < cases.length; i++) {
        var c = cases[i];
        byId.set(c.id, c);
        var rs = c.requirements;
        for (var j = 0; j < rs.length; j++) {
          var list = byReq.get(rs[j]);
          if (!list) byReq.set(rs[j], list = []);
          list.push(c);
        }
      }
      caseIndexes[runIndex] = { byReq: byReq, byId: byId };
    }
    return { cases: caseIndexes[runIndex].byReq.get(reqId) || [], byId: caseIndexes[runIndex].byId };
  }

  // ---- header, banners, runs ----
  var meta = document.getElementById('meta');
  add(meta, ['Generated ', el('time', { datetime: report.generated, text: report.generated }),
    ' \u00b7 suite version ', code(report.spec.version),
    ' \u00b7 spec digest ', el('code', { id: 'digest', text: report.spec.digest, title: 'SHA-256 of every spec file' }),
    ' \u00b7 ', plural(reqs.length, 'requirement'), ', ', plural(runs.length, 'run')]);

  var banners = document.getElementById('banners');
  runs.forEach(function (run) {
    if (!run.broken) return;
    var tail = run.broken.stderrTail ? el('pre', { text: run.broken.stderrTail, 'aria-label': 'end of the adapter\'s stderr' }) : null;
    add(banners, el('div', { class: 'banner', role: 'alert', 'data-run': runLabel(run) },
      el('strong', { class: 'tag', text: 'ADAPTER BROKEN' }),
      'Adapter ', el('strong', { text: runLabel(run) }), ' broke at case ', code(run.broken.caseId), ': ', run.broken.message,
      '. The run stopped there; requirements that no finished case reached are marked broken.',
      tail));
  });

  var statusCounts = runs.map(function (run) {
    var counts = { pass: 0, fail: 0, skip: 0, broken: 0, xfail: 0, xpass: 0 };
    for (var i = 0; i < run.cases.length; i++) counts[run.cases[i].status] = (counts[run.cases[i].status] || 0) + 1;
    return counts;
  });
  var runsTable = el('table', { class: 'plain', id: 'runs-table' },
    el('caption', { class: 'visually-hidden', text: 'Adapter runs' }),
    el('thead', null, el('tr', null, ['#', 'adapter', 'implementation', 'seed', 'profiles', 'started', 'duration', 'cases', 'pass', 'fail', 'skip', 'other', 'state'].map(function (h, i) {
      return el('th', { scope: 'col', class: i === 3 || i >= 7 && i <= 11 ? 'num' : '', text: h });
    }))),
    el('tbody', null, runs.map(function (run, i) {
      var c = statusCounts[i];
      return el('tr', { 'data-run': i },
        el('td', { class: 'num', text: String(i + 1) }),
        el('td', null, code(run.adapter), run.shard ? ' shard ' + run.shard : ''),
        el('td', { text: implName(run) }),
        el('td', { class: 'num mono', text: String(run.seed) }),
        el('td', null, run.profiles.map(function (p, i) { return [i ? ' ' : '', badge('prof', p)]; })),
        el('td', null, el('time', { datetime: run.started, text: run.started })),
        el('td', { class: 'num', text: duration(run.ms) }),
        el('td', { class: 'num', text: String(run.cases.length) }),
        el('td', { class: 'num', text: String(c.pass) }),
        el('td', { class: 'num', text: String(c.fail) }),
        el('td', { class: 'num', text: String(c.skip) }),
        el('td', { class: 'num', text: String(c.broken + c.xfail + c.xpass), title: c.broken + ' broken, ' + c.xfail + ' xfail, ' + c.xpass + ' xpass' }),
        el('td', null, run.broken ? verdictBadge('broken', run.broken.message) : 'completed'));
    })));
  add(document.getElementById('runs'), runs.length ? runsTable : el('p', { class: 'none', text: 'This report holds no runs.' }));

  // ---- legend ----
  add(document.getElementById('legend'), VERDICTS.map(function (v) { return verdictBadge(v); }));

  // ---- matrix ----
  var matrix = document.getElementById('matrix');
  var columns = 6 + runs.length;
  add(matrix.tHead, el('tr', null,
    el('th', { scope: 'col', text: 'Requirement' }), el('th', { scope: 'col', text: 'Title' }), el('th', { scope: 'col', text: 'Level' }),
    el('th', { scope: 'col', text: 'Critical' }), el('th', { scope: 'col', text: 'Area' }), el('th', { scope: 'col', text: 'Profiles' }),
    runs.map(function (run, i) {
      return el('th', { scope: 'col', class: 'run', title: runLabel(run) + '\nseed ' + run.seed, 'data-run': i },
        el('span', { class: 'mono', text: run.adapter }),
        el('span', { class: 'sub', text: (run.shard ? 'shard ' + run.shard + ' \u00b7 ' : '') + 'seed ' + run.seed + (run.broken ? ' \u00b7 broken' : '') }));
    })));

  var body = matrix.tBodies[0];
  var rowsView = reqs.map(function (r, index) {
    var detailsId = 'details-' + index;
    var button = el('button', { type: 'button', class: 'expander', 'aria-expanded': 'false', 'aria-controls': detailsId, id: 'req-' + r.id, title: 'Show the details of ' + r.id },
      el('span', { class: 'chev', 'aria-hidden': 'true', text: '\u25b8' }), r.id);
    var cells = runs.map(function (run, i) {
      var v = verdictOf[i].get(r.id);
      var extra = v ? plural(v.cases, 'case') + (v.failedCases.length ? ', ' + v.failedCases.length + ' failed' : '') + (v.note ? '\n' + v.note : '') + (v.expectedReason ? '\nexpected: ' + v.expectedReason : '') : '';
      return el('td', { class: 'v', 'data-run': i }, verdictBadge(v ? v.verdict : 'na', extra));
    });
    var tr = el('tr', { class: 'req', 'data-id': r.id, 'data-area': areaOf(r.id), 'data-level': r.level },
      el('th', { scope: 'row' }, button),
      el('td', { class: 'title', text: r.title }),
      el('td', null, badge('lvl-' + r.level, r.level)),
      el('td', null, r.critical ? badge('crit', 'critical', 'Breaking it breaks isolation or touches memory the caller did not hand over') : el('span', { class: 'visually-hidden', text: 'not critical' })),
      el('td', { text: areaOf(r.id) }),
      el('td', null, r.profiles.map(function (p, i) { return [i ? ' ' : '', badge('prof', p)]; })),
      cells);
    var detailsCell = el('td', { colspan: columns });
    var detailsRow = el('tr', { class: 'details', id: detailsId, hidden: true }, detailsCell);
    var view = {
      req: r, tr: tr, detailsRow: detailsRow, detailsCell: detailsCell, button: button, rendered: false, open: false,
      verdicts: runs.map(function (run, i) { var v = verdictOf[i].get(r.id); return v ? v.verdict : null; }),
      text: (r.id + ' ' + r.title + ' ' + r.statement).toLowerCase()
    };
    button.addEventListener('click', function (e) { e.stopPropagation(); toggle(view); });
    tr.addEventListener('click', function (e) {
      if (e.target.closest('a, button, input, select')) return;
      if (window.getSelection && String(window.getSelection()).length) return;
      toggle(view);
    });
    body.appendChild(tr);
    body.appendChild(detailsRow);
    return view;
  });
  if (!reqs.length) add(body, el('tr', null, el('td', { colspan: columns, class: 'none', text: 'This report holds no requirements.' })));

  function toggle(view, force) {
    view.open = force === undefined ? !view.open : force;
    if (view.open && !view.rendered) { renderDetails(view.req, view.detailsCell); view.rendered = true; }
    view.detailsRow.hidden = !view.open || view.tr.hidden;
    view.button.setAttribute('aria-expanded', String(view.open));
    view.tr.classList.toggle('open', view.open);
  }

  // ---- details of one requirement, drawn on first expansion ----
  function sourceItem(s) {
    var li = el('li', { class: 'source', 'data-kind': s.kind });
    if (s.kind === 'thread') {
      var text = [s.author, s.subject, s.date].filter(Boolean).join(', ');
      add(li, [el('span', { class: 'kind', text: 'thread' }), s.messageId ? link(LORE + encodeURIComponent(String(s.messageId).replace(/^<|>$/g, '')).replace(/%40/g, '@'), text) : text]);
      if (!s.messageId) add(li, el('span', { class: 'none', text: ' (no message id)' }));
    } else if (s.kind === 'kernel') {
      var path = String(s.path || '');
      var file = path.split('#')[0];
      var url = KERNEL_TREE + file.split('/').map(encodeURIComponent).join('/') + (s.commit ? '?id=' + encodeURIComponent(s.commit) : '');
      add(li, [el('span', { class: 'kind', text: 'kernel' }), link(url, path + '@' + s.version)]);
      if (s.commit && String(s.version).indexOf(String(s.commit)) < 0) add(li, [' ', el('span', { class: 'facts', text: '(commit ' + s.commit + ')' })]);
    } else if (s.kind === 'document') {
      add(li, [el('span', { class: 'kind', text: 'document' }), safeUrl(s.url) ? link(s.url, s.title || s.url) : (s.title || '')]);
      if (s.url && safeUrl(s.url)) add(li, [' ', el('span', { class: 'facts mono', text: s.url })]);
      else if (s.url) add(li, [' ', code(s.url)]);
    } else {
      add(li, [el('span', { class: 'kind', text: String(s.kind || 'source') }), code(JSON.stringify(s))]);
    }
    if (s.says) add(li, el('span', { class: 'says', text: s.says }));
    return li;
  }

  function failureBlock(run, runIndex, c, reqId) {
    var box = el('div', { class: 'failure' + (c.status === 'xfail' ? ' xfail' : ''), 'data-case': c.id });
    add(box, el('div', null, el('strong', null, 'case '), code(c.id), ' ', verdictBadge(c.status)));
    var dl = el('dl');
    function row(term, value) { add(dl, [el('dt', { text: term }), el('dd', null, value)]); }
    row('profile / operation', [badge('prof', c.profile), ' ', code(c.operation)]);
    if (c.decidedBy) row('decided by', [code(c.decidedBy.table + '#' + c.decidedBy.row), c.suspect ? [' ', badge('suspect', 'suspect', 'The deciding row was written against an older revision of one of its requirements')] : null]);
    if (c.expected && c.expected.length) {
      var uniq = c.expected.filter(function (x, i, a) { return a.indexOf(x) === i; });
      row('expected', el('span', { class: 'expected' }, uniq.map(function (x, i) { return [i ? ' or ' : '', code(x)]; })));
    }
    if (c.actual !== undefined) row('actual', el('span', { class: 'actual' }, code(c.actual)));
    if (c.failed && c.failed.length > 1 || c.failed && c.failed.length === 1 && c.failed[0] !== reqId) row('requirements broken', c.failed.join(', '));
    if (c.problems && c.problems.length) {
      row('problems', el('ul', { class: 'problems' }, c.problems.map(function (p) { return el('li', null, el('strong', { text: p.aspect + ': ' }), el('span', { class: 'mono', style: 'white-space: pre-wrap', text: p.message })); })));
    }
    if (c.input) {
      var args = Object.keys(c.input.args || {}).map(function (k) { return k + '=' + c.input.args[k]; }).join(' ');
      var head = [code(c.input.op), c.input.struct ? [' struct ', code(c.input.struct)] : null, args ? [' args ', code(args)] : null];
      var bytes = c.input.fields && c.input.fields.length ? el('table', { class: 'plain bytes' },
        el('caption', { class: 'visually-hidden', text: 'Input bytes of case ' + c.id }),
        el('thead', null, el('tr', null, el('th', { scope: 'col', class: 'num', text: 'offset' }), el('th', { scope: 'col', text: 'field' }), el('th', { scope: 'col', class: 'num', text: 'size' }), el('th', { scope: 'col', text: 'bytes (hex)' }))),
        el('tbody', null, c.input.fields.map(function (f) {
          return el('tr', null, el('td', { class: 'num mono', text: '+' + f.offset }), el('td', { class: 'mono', text: f.path }), el('td', { class: 'num', text: String(f.size) }), el('td', { class: 'hex', text: f.hex }));
        }))) : null;
      row('input', [el('div', null, head), bytes]);
    }
    if (c.reason) row('reason', c.reason);
    add(box, dl);
    if (c.replay) {
      var pre = el('pre', { class: 'replay-command' }, el('code', { text: c.replay }));
      var copy = el('button', { type: 'button', class: 'copy', text: 'Copy', 'aria-label': 'Copy the replay command of ' + c.id });
      copy.addEventListener('click', function () { copyText(c.replay, pre, copy); });
      add(box, el('div', { class: 'replay' }, el('span', { class: 'label', text: 'replay' }), pre, copy));
    }
    return box;
  }

  function copyText(text, pre, button) {
    function done(ok) { button.textContent = ok ? 'Copied' : 'Select and copy'; setTimeout(function () { button.textContent = 'Copy'; }, 1500); }
    function fallback() {
      var range = document.createRange();
      range.selectNodeContents(pre);
      var sel = window.getSelection();
      sel.removeAllRanges();
      sel.addRange(range);
      var ok = false;
      try { ok = document.execCommand('copy'); } catch (e) { ok = false; }
      done(ok);
    }
    if (navigator.clipboard && window.isSecureContext) navigator.clipboard.writeText(text).then(function () { done(true); }, fallback);
    else fallback();
  }

  function renderDetails(r, cell) {
    var wrap = el('div', { class: 'req-details', 'data-id': r.id });
    add(wrap, el('h3', { text: r.id + ' \u2014 ' + r.title }));
    add(wrap, el('p', { class: 'facts' }, badge('lvl-' + r.level, r.level), r.critical ? badge('crit', 'critical') : null,
      'revision ' + r.revision + ' \u00b7 profiles: ' + r.profiles.join(', ')));
    add(wrap, el('blockquote', { class: 'statement', text: r.statement }));
    if (r.checkedBy) {
      var cb = r.checkedBy;
      add(wrap, el('p', { class: 'facts checked-by' }, 'Checked by ', code(String(cb.kind || '') + (cb.place ? ' ' + cb.place : '')), cb.note ? ' \u2014 ' + cb.note : ''));
    }

    add(wrap, el('h4', { text: 'Sources' }));
    add(wrap, r.sources.length ? el('ul', { class: 'sources' }, r.sources.map(sourceItem)) : el('p', { class: 'none', text: 'No sources.' }));

    add(wrap, el('h4', { text: 'Rule rows that encode it' }));
    add(wrap, r.rows.length ? el('ul', { class: 'rows' }, r.rows.map(function (row) {
      var suspect = row.suspect || row.revision < r.revision;
      return el('li', { class: 'rule-row' + (suspect ? ' is-suspect' : ''), 'data-row': row.table + '#' + row.row },
        code(row.table + '#' + row.row), ' written against revision ' + row.revision,
        suspect ? [' ', badge('suspect', 'suspect', 'The row lags behind the requirement'), el('span', { class: 'facts', text: ' the requirement is at revision ' + r.revision + '; the row may encode the older statement' })] : null);
    })) : el('p', { class: 'none', text: r.checkedBy ? 'No rule row encodes it; it is checked outside the decision tables (above).' : 'No rule row encodes it.' }));

    add(wrap, el('h4', { text: 'Cases per adapter' }));
    var statuses = ['pass', 'fail', 'skip', 'broken', 'xfail', 'xpass'];
    var perRun = runs.map(function (run, i) { return casesOf(i, r.id); });
    add(wrap, runs.length ? el('table', { class: 'plain case-counts' },
      el('caption', { class: 'visually-hidden', text: 'Cases that checked ' + r.id + ', per adapter and profile' }),
      el('thead', null, el('tr', null, el('th', { scope: 'col', text: 'adapter' }), el('th', { scope: 'col', text: 'verdict' }), el('th', { scope: 'col', text: 'profile' }), el('th', { scope: 'col', class: 'num', text: 'cases' }),
        statuses.map(function (s) { return el('th', { scope: 'col', class: 'num', text: s }); }), el('th', { scope: 'col', text: 'note' }))),
      el('tbody', null, runs.map(function (run, i) {
        var v = verdictOf[i].get(r.id);
        var byProfile = new Map();
        perRun[i].cases.forEach(function (c) {
          var counts = byProfile.get(c.profile);
          if (!counts) byProfile.set(c.profile, counts = { total: 0 });
          counts.total++;
          counts[c.status] = (counts[c.status] || 0) + 1;
        });
        var profiles = Array.from(byProfile.keys()).sort();
        var note = v ? [v.note, v.expectedReason ? 'expected to fail: ' + v.expectedReason : null].filter(Boolean).join('; ') : 'not part of this run';
        if (!profiles.length) profiles = [null];
        return profiles.map(function (p, k) {
          var counts = p === null ? { total: 0 } : byProfile.get(p);
          return el('tr', { 'data-run': i },
            k === 0 ? el('th', { scope: 'row', rowspan: profiles.length }, code(runLabel(run))) : null,
            k === 0 ? el('td', { rowspan: profiles.length }, verdictBadge(v ? v.verdict : 'na')) : null,
            el('td', null, p === null ? el('span', { class: 'none', text: 'no case' }) : badge('prof', p)),
            el('td', { class: 'num', text: String(counts.total) }),
            statuses.map(function (s) { return el('td', { class: 'num', text: String(counts[s] || 0) }); }),
            k === 0 ? el('td', { rowspan: profiles.length, text: note }) : null);
        });
      }))) : el('p', { class: 'none', text: 'No runs.' }));

    add(wrap, el('h4', { text: 'Failures' }));
    var anyFailure = false;
    runs.forEach(function (run, i) {
      var v = verdictOf[i].get(r.id);
      var index = perRun[i];
      var failed = [];
      var seen = new Set();
      (v ? v.failedCases : []).forEach(function (id) { seen.add(id); failed.push(index.byId.get(id) || { id: id, missing: true }); });
      index.cases.forEach(function (c) {
        if (!seen.has(c.id) && (c.status === 'fail' || c.status === 'xfail') && c.failed.indexOf(r.id) >= 0) { seen.add(c.id); failed.push(c); }
      });
      if (!failed.length) return;
      anyFailure = true;
      var section = el('div', { class: 'run-failures', 'data-run': i });
      add(section, el('p', null, el('strong', null, code(runLabel(run))), ': ' + plural(failed.length, 'failed case') + ' of ' + (v ? v.cases : index.cases.length)));
      var list = el('div');
      var shown = 0;
      function showMore() {
        var until = Math.min(failed.length, shown + FAILURES_SHOWN);
        for (; shown < until; shown++) {
          var c = failed[shown];
          add(list, c.missing ? el('div', { class: 'failure' }, 'case ', code(c.id), el('span', { class: 'none', text: ' (not among this report\'s cases)' })) : failureBlock(run, i, c, r.id));
        }
        if (shown >= failed.length && more.parentNode) more.parentNode.removeChild(more);
        else more.textContent = 'Show ' + Math.min(FAILURES_SHOWN, failed.length - shown) + ' more (' + (failed.length - shown) + ' not shown)';
      }
      var more = el('button', { type: 'button', class: 'more' });
      more.addEventListener('click', showMore);
      add(section, [list, more]);
      showMore();
      add(wrap, section);
    });
    if (!anyFailure) add(wrap, el('p', { class: 'none', text: 'No case found it broken.' }));
    cell.appendChild(wrap);
  }

  // ---- filters ----
  var fArea = document.getElementById('f-area'), fProfile = document.getElementById('f-profile'), fLevel = document.getElementById('f-level');
  var fVerdict = document.getElementById('f-verdict'), fCritical = document.getElementById('f-critical'), fText = document.getElementById('f-text');
  function options(select, values) { values.forEach(function (v) { add(select, el('option', { value: v, text: v })); }); }
  var presentAreas = new Set(reqs.map(function (r) { return areaOf(r.id); }));
  options(fArea, AREAS.filter(function (a) { return presentAreas.has(a); }).concat(Array.from(presentAreas).filter(function (a) { return AREAS.indexOf(a) < 0; }).sort()));
  var profiles = new Set();
  reqs.forEach(function (r) { r.profiles.forEach(function (p) { profiles.add(p); }); });
  options(fProfile, Array.from(profiles).sort());
  options(fLevel, LEVELS);
  options(fVerdict, VERDICTS);

  var summary = document.getElementById('summary');
  function applyFilters() {
    var area = fArea.value, profile = fProfile.value, level = fLevel.value, verdict = fVerdict.value, critical = fCritical.checked, text = fText.value.trim().toLowerCase();
    var shown = 0;
    var counts = runs.map(function () { var c = {}; VERDICTS.forEach(function (v) { c[v] = 0; }); c.na = 0; return c; });
    rowsView.forEach(function (view) {
      var r = view.req;
      var visible = (!area || areaOf(r.id) === area) && (!profile || r.profiles.indexOf(profile) >= 0) && (!level || r.level === level) &&
        (!verdict || view.verdicts.indexOf(verdict) >= 0) && (!critical || r.critical) && (!text || view.text.indexOf(text) >= 0);
      view.tr.hidden = !visible;
      view.detailsRow.hidden = !visible || !view.open;
      if (!visible) return;
      shown++;
      view.verdicts.forEach(function (v, i) { counts[i][v || 'na']++; });
    });
    summary.textContent = '';
    add(summary, el('strong', { class: 'shown', text: 'Showing ' + shown + ' of ' + plural(reqs.length, 'requirement') }));
    runs.forEach(function (run, i) {
      var parts = VERDICTS.filter(function (v) { return counts[i][v]; }).map(function (v) { return counts[i][v] + ' ' + v; });
      if (counts[i].na) parts.push(counts[i].na + ' not run');
      add(summary, [' \u00b7 ', el('span', { class: 'run-sum', 'data-run': i }, code(runLabel(run)), ': ' + (parts.length ? parts.join(', ') : 'none'))]);
    });
  }
  [fArea, fProfile, fLevel, fVerdict, fCritical].forEach(function (f) { f.addEventListener('change', applyFilters); });
  fText.addEventListener('input', applyFilters);
  document.getElementById('filters').addEventListener('submit', function (e) { e.preventDefault(); applyFilters(); });
  document.getElementById('f-reset').addEventListener('click', function () {
    fArea.value = fProfile.value = fLevel.value = fVerdict.value = fText.value = '';
    fCritical.checked = false;
    applyFilters();
  });
  applyFilters();

  // ---- uncovered rows ----
  var uncovered = document.getElementById('uncovered');
  runs.forEach(function (run, i) {
    var rows = run.coverage.filter(function (c) { return c.cases === 0; });
    var box = el('div', { class: 'uncovered-run', 'data-run': i });
    add(box, el('h3', null, code(runLabel(run)), ': ' + rows.length + ' of ' + plural(run.coverage.length, 'row') + ' not reached'));
    if (run.broken && rows.length) add(box, el('p', { class: 'hint' }, 'The adapter broke at case ', code(run.broken.caseId), '; rows only later cases would have reached are among these.'));
    if (!rows.length) add(box, el('p', { class: 'none', text: run.coverage.length ? 'Every rule row was reached by at least one case.' : 'The run recorded no row coverage.' }));
    else add(box, el('table', { class: 'plain uncovered-rows' },
      el('caption', { class: 'visually-hidden', text: 'Rule rows no case of ' + runLabel(run) + ' reached' }),
      el('thead', null, el('tr', null, el('th', { scope: 'col', text: 'table' }), el('th', { scope: 'col', text: 'row' }), el('th', { scope: 'col', text: 'requirements it encodes' }))),
      el('tbody', null, rows.map(function (c) {
        var owners = rowOwners.get(c.table + '#' + c.row) || [];
        return el('tr', { 'data-row': c.table + '#' + c.row }, el('td', null, code(c.table)), el('td', null, code(c.row)),
          el('td', null, owners.length ? owners.map(function (id, k) { return [k ? ', ' : '', el('a', { href: '#req-' + id, 'data-open': id, text: id })]; }) : el('span', { class: 'none', text: 'none' })));
      }))));
    add(uncovered, box);
  });
  if (!runs.length) add(uncovered, el('p', { class: 'none', text: 'No runs.' }));

  // ---- links to a requirement (#req-ID, from the uncovered list or the address) open it ----
  function openById(id) {
    var view = rowsView.find(function (v) { return v.req.id === id; });
    if (!view) return;
    if (view.tr.hidden) document.getElementById('f-reset').click();
    toggle(view, true);
    view.button.focus();
    view.tr.scrollIntoView({ block: 'start' });
  }
  document.addEventListener('click', function (e) {
    var a = e.target.closest && e.target.closest('a[data-open]');
    if (!a) return;
    e.preventDefault();
    openById(a.getAttribute('data-open'));
  });
  var hash = decodeURIComponent(location.hash.replace(/^#(req-)?/, ''));
  if (hash) openById(hash);
  document.documentElement.setAttribute('data-ready', 'true');
})();
`;
