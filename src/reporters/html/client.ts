/**
 * The HTML report's script, as text (it runs in the reader's browser, not in Node; its SHA-256 goes
 * into the page's Content-Security-Policy). It reads the embedded JSON (columns + string table, see
 * data.ts) and builds every piece of text with textContent — never innerHTML — so a bucket named
 * `<script>…` is only ever text. Invisible and bidi-override characters in the data are shown as visible
 * escapes (`\u202e`), with the sanitiser's own character classes (util/sanitize.ts).
 *
 * At 100,000 findings: only the rows in the scrolled window exist in the DOM (virtualised table), a
 * finding's details are decoded when it is opened, and the free-text search matches each distinct string
 * of the string table once (narrowing from the previous keystroke's matches) instead of every finding's text.
 * Filters, sort and expanded findings live in the URL hash, so a view can be shared and restored.
 * Plain ES5-style code without template literals, so it survives being embedded as a string.
 */
import { UNSAFE_CHARACTER } from '../../util/sanitize.js';
import { UNPACK_SOURCE } from './pack.js';

export const CLIENT_SCRIPT = String.raw`
(function () {
  'use strict';
  var dataNode = document.getElementById('tg-data');
  var D = JSON.parse(dataNode.textContent);
  dataNode.textContent = '';
  var S = D.s, K = D.k, C = D.c, N = D.n, X = D.x;
  ${UNPACK_SOURCE}
  var STATUS = ['NON_COMPLIANT', 'UNDETERMINED', 'SUPPRESSED', 'COMPLIANT', 'NOT_APPLICABLE'];
  var SEV = ['critical', 'high', 'medium', 'low', 'info'];
  var TYPE_LABEL = { 'AWS::S3::Bucket': 'S3 bucket', 'AWS::CloudTrail::Trail': 'CloudTrail trail', 'AWS::::Account': 'Account', File: 'Input file' };
  var SOURCE_LABEL = { aws: 'Live AWS', snapshot: 'Snapshot', terraform: 'Terraform', 'terraform-plan': 'Terraform plan', cloudformation: 'CloudFormation / CDK', 'aws-config': 'AWS Config aggregator' };
  var FIELDS = ['tg-status', 'tg-severity', 'tg-rule', 'tg-account', 'tg-region'];
  var KEYS = ['status', 'severity', 'rule', 'account', 'region'];

  // ---- text: invisible and bidi characters shown as escapes ----
  var UNSAFE = /${UNSAFE_CHARACTER.source}/gu;
  function escapeChar(c) {
    var code = c.codePointAt(0), hex = code.toString(16);
    if (c === '\n') return c;
    if (code <= 0xff) return '\\x' + (hex.length < 2 ? '0' : '') + hex;
    if (code <= 0xffff) return '\\u' + '0000'.slice(hex.length) + hex;
    return '\\u{' + hex + '}';
  }
  function escapeLine(c) { return c === '\n' ? '\\x0a' : escapeChar(c); }
  function vis(s) { return s === null || s === undefined ? '' : String(s).replace(UNSAFE, escapeLine); }
  function visLines(s) { return s === null || s === undefined ? '' : String(s).replace(UNSAFE, escapeChar); }
  function jsonEscape(c) {
    var out = '';
    for (var k = 0; k < c.length; k++) out += '\\u' + ('0000' + c.charCodeAt(k).toString(16)).slice(-4);
    return out;
  }
  function rawJson(v) { return JSON.stringify(v, null, 2).replace(UNSAFE, function (c) { return c === '\n' ? c : jsonEscape(c); }); }

  function h(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = vis(text);
    return node;
  }
  function add(parent) {
    for (var i = 1; i < arguments.length; i++) if (arguments[i]) parent.appendChild(arguments[i]);
    return parent;
  }
  function $(id) { return document.getElementById(id); }
  function str(k) { return k < 0 ? null : S[k]; }
  function disp(i) { return C.sp[i] ? 2 : C.st[i]; }
  // Messages and plans may hold the finding's name as U+0000 (a template shared by many findings: data.ts).
  function named(text, i) { return String(text).split('\u0000').join(S[C.nm[i]]); }
  function msg(i) { var k = C.ms[i]; return k >= 0 ? S[k] : named(S[-k - 2], i); }
  function msgIndex(i) { var k = C.ms[i]; return k >= 0 ? k : -k - 2; }
  function statusLabel(s) { return D.statusText[s] || s; }
  function badge(s) { return h('span', 'badge c-' + s, statusLabel(s)); }
  function rule(i) { return D.rules[S[C.ru[i]]] || {}; }
  function accountLabel(id) { var name = D.accountNames[id]; return name ? id + ' (' + name + ')' : id; }
  function reasonText(i) { var r = S[C.rs[i]]; return D.reasons[r] || r; }
  function utc(iso) {
    var d = new Date(iso);
    if (isNaN(d.getTime())) return iso || 'unknown';
    var months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
    function two(n) { return (n < 10 ? '0' : '') + n; }
    return d.getUTCDate() + ' ' + months[d.getUTCMonth()] + ' ' + d.getUTCFullYear() + ', ' +
      two(d.getUTCHours()) + ':' + two(d.getUTCMinutes()) + ' UTC';
  }
  function plural(n, word) { return n + ' ' + word + (n === 1 ? '' : 's'); }

  // ---- header: scope and time ----
  function scopeItem(label, value) { add($('tg-scope'), add(h('div'), h('dt', '', label), h('dd', '', value))); }
  var src = D.source;
  scopeItem('Source', SOURCE_LABEL[src.kind] || src.kind);
  if (src.aggregator) scopeItem('Recorded by AWS Config', src.aggregator + (src.recordedFrom ? ' · ' + utc(src.recordedFrom) + (src.recordedTo && src.recordedTo !== src.recordedFrom ? ' – ' + utc(src.recordedTo) : '') : '') + (src.verifiedLive ? ' · ' + src.verifiedLive + ' re-read live' : ''));
  if (src.accounts && src.accounts.length) {
    scopeItem('Accounts', src.accounts.length + ' — ' + src.accounts.slice(0, 4).map(accountLabel).join(', ') + (src.accounts.length > 4 ? ', …' : ''));
  }
  if (src.paths && src.paths.length) scopeItem('Paths', src.paths.join(', '));
  scopeItem('Partition', src.partition || 'aws');
  scopeItem('Collected', src.collectedAt ? utc(src.collectedAt) : 'not recorded');
  scopeItem('Tool', 'trailguard ' + D.tool.version);
  $('tg-collected').textContent = src.collectedAt ? '· collected ' + utc(src.collectedAt) : '';

  // ---- collection errors ----
  if (D.errors.length) {
    var list = $('tg-errors-list');
    D.errors.forEach(function (e) {
      var where = [e.account, e.region, e.resource, e.file].filter(Boolean).join(' / ');
      add(list, add(h('li'), h('strong', '', e.operation), document.createTextNode(vis(' ' + where + ' — ')),
        h('code', '', e.code), document.createTextNode(vis(': ' + e.message))));
    });
    $('tg-errors').hidden = false;
  }

  // ---- one pass: distinct values and the summary by severity, rule and account ----
  var seen = { rule: {}, account: {}, region: {} }, bySev = {}, byRule = {}, byAccount = {};
  function tally(map, key, s) {
    var t = map[key] || (map[key] = [0, 0, 0, 0, 0, 0]);
    t[s]++;
    t[5]++;
  }
  for (var i = 0; i < N; i++) {
    var ds = disp(i);
    seen.rule[C.ru[i]] = true;
    if (C.ac[i] >= 0) seen.account[C.ac[i]] = true;
    if (C.rg[i] >= 0) seen.region[C.rg[i]] = true;
    tally(bySev, C.sv[i], ds);
    tally(byRule, C.ru[i], ds);
    tally(byAccount, C.ac[i] >= 0 ? S[C.ac[i]] : '', ds);
  }
  function distinct(map) { return Object.keys(map).map(function (k) { return S[k]; }).sort(); }

  function fillSelect(id, values, labelOf) {
    var select = $(id);
    values.forEach(function (v) {
      var o = h('option', '', labelOf ? labelOf(v) : v);
      o.value = v;
      select.appendChild(o);
    });
  }
  fillSelect('tg-status', STATUS, statusLabel);
  fillSelect('tg-severity', SEV.filter(function (s, k) { return bySev[k]; }), function (s) { return s.charAt(0).toUpperCase() + s.slice(1); });
  fillSelect('tg-rule', distinct(seen.rule));
  fillSelect('tg-account', distinct(seen.account), accountLabel);
  fillSelect('tg-region', distinct(seen.region));

  function breakdown(id, rows, more) {
    var box = $(id), table = h('table', 'mini');
    add(table, add(h('thead'), add(h('tr'), h('th', '', ''), h('th', 'num c-NON_COMPLIANT', 'Fail'), h('th', 'num c-UNDETERMINED', 'Undet.'), h('th', 'num', 'All'))));
    var body = h('tbody');
    rows.forEach(function (r) {
      var button = h('button', 'link', r.label);
      button.type = 'button';
      button.title = vis(r.title || r.label);
      button.setAttribute('data-filter', r.key);
      button.setAttribute('data-value', r.value);
      button.addEventListener('click', function () { setFilter(r.key, r.value); });
      add(body, add(h('tr'), add(h('td', 'label'), button), h('td', 'num n-fail' + (r.t[0] ? '' : ' zero'), r.t[0]),
        h('td', 'num n-undet' + (r.t[1] ? '' : ' zero'), r.t[1]), h('td', 'num', r.t[5])));
    });
    add(box, add(table, body));
    if (more) add(box, h('p', 'sub', more));
  }
  function byFailing(a, b) { return b.t[0] - a.t[0] || b.t[1] - a.t[1] || b.t[5] - a.t[5] || (a.label < b.label ? -1 : 1); }
  breakdown('tg-by-severity', SEV.map(function (s, k) { return { key: 'severity', value: s, label: s.charAt(0).toUpperCase() + s.slice(1), t: bySev[k] }; })
    .filter(function (r) { return r.t; }));
  breakdown('tg-by-rule', Object.keys(byRule).map(function (k) {
    var id = S[k];
    return { key: 'rule', value: id, label: id, title: (D.rules[id] && D.rules[id].title) || id, t: byRule[k] };
  }).sort(byFailing));
  var accountRows = Object.keys(byAccount).filter(function (a) { return a; }).map(function (a) {
    return { key: 'account', value: a, label: accountLabel(a), t: byAccount[a] };
  }).sort(byFailing);
  var ACCOUNT_ROWS = 6;
  breakdown('tg-by-account', accountRows.slice(0, ACCOUNT_ROWS),
    (accountRows.length > ACCOUNT_ROWS ? '+ ' + plural(accountRows.length - ACCOUNT_ROWS, 'more account') + ' (pick one in the Account filter)' : '') +
    (byAccount[''] ? (accountRows.length > ACCOUNT_ROWS ? ' · ' : '') + plural(byAccount[''][5], 'finding') + ' without an account (IaC)' : ''));

  // ---- details, decoded on demand ----
  function detailOf(i) {
    var x = unpack(X[i], S, K), plan = x.plan;
    if (plan && plan.t) {
      plan.summary = named(plan.summary, i);
      if (plan.note) plan.note = named(plan.note, i);
      if (plan.script) plan.script = plan.script.map(function (line) { return named(line, i); });
    }
    return x;
  }
  function kv(pairs) {
    var dl = h('dl', 'kv');
    pairs.forEach(function (p) { if (p[1] !== undefined && p[1] !== null && p[1] !== '') add(dl, h('dt', '', p[0]), h('dd', p[2] || '', p[1])); });
    return dl;
  }
  function section(title) { return add(h('div', 'section'), h('h3', '', title)); }
  // Inline Markdown: code spans become <code>, bold markers are dropped; every piece is a text node.
  function inline(parent, text) {
    String(text).replace(/\*\*/g, '').replace(/\s*\n\s*/g, ' ').split('\x60').forEach(function (part, k) {
      if (part) parent.appendChild(k % 2 ? h('code', '', part) : document.createTextNode(vis(part)));
    });
    return parent;
  }
  function pre(text) { var code = h('code'); code.textContent = visLines(text); return add(h('pre'), code); }
  function markdownLite(text) {
    // Fenced code blocks become <pre>, list items (with their indented continuation lines) become lists,
    // the rest paragraphs — all built from text nodes.
    var box = h('div'), lines = String(text || '').split('\n'), code = null, para = [], list = null, item = null;
    function flushPara() { if (para.length) { box.appendChild(inline(h('p'), para.join(' '))); para = []; } }
    function flushItem() { if (item) { list.appendChild(inline(h('li'), item.join(' '))); item = null; } }
    lines.forEach(function (line) {
      if (/^\s*\x60\x60\x60/.test(line)) {
        if (code === null) { flushPara(); flushItem(); list = null; code = []; } else { box.appendChild(pre(code.join('\n'))); code = null; }
        return;
      }
      if (code !== null) { code.push(line); return; }
      var start = /^(?:\d+\.|[-*])\s+(.*)$/.exec(line);
      if (start) {
        flushPara();
        flushItem();
        if (!list) { list = h(/^\d/.test(line) ? 'ol' : 'ul'); box.appendChild(list); }
        item = [start[1]];
        return;
      }
      if (item && /^\s+\S/.test(line)) { item.push(line.trim()); return; }
      flushItem();
      list = null;
      if (/^\s*$/.test(line)) flushPara(); else para.push(line.trim());
    });
    flushItem();
    flushPara();
    if (code !== null) box.appendChild(pre(code.join('\n')));
    return box;
  }
  // Evidence as labelled fields: nested keys joined with ›, lists of plain values joined with commas.
  function human(key) {
    var words = String(key).replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/[_-]+/g, ' ').toLowerCase();
    return words.charAt(0).toUpperCase() + words.slice(1);
  }
  function plain(v) { return v === null || typeof v !== 'object'; }
  function fieldText(v) { return v === null ? '—' : typeof v === 'boolean' ? (v ? 'yes' : 'no') : String(v); }
  function flatten(value, label, out, depth) {
    if (plain(value)) { out.push([label, fieldText(value)]); return; }
    if (Array.isArray(value)) {
      if (!value.length) { out.push([label, 'none']); return; }
      if (value.every(plain)) { out.push([label, value.map(fieldText).join(', ')]); return; }
      value.forEach(function (v, k) { flatten(v, label + ' ' + (k + 1), out, depth + 1); });
      return;
    }
    var keys = Object.keys(value);
    if (!keys.length) { out.push([label, '—']); return; }
    if (depth > 4) { out.push([label, JSON.stringify(value)]); return; }
    keys.forEach(function (k) { flatten(value[k], label ? label + ' › ' + human(k) : human(k), out, depth + 1); });
  }
  function evidenceFields(evidence) {
    var pairs = [];
    flatten(evidence, '', pairs, 0);
    var dl = h('dl', 'kv evidence');
    pairs.forEach(function (p) { add(dl, h('dt', '', p[0] || 'Value'), h('dd', 'mono', p[1])); });
    return dl;
  }
  // For print: no comment lines, and each JSON document on one line (still a valid script).
  function compactScript(lines) {
    var out = [], doc = null;
    lines.forEach(function (line) {
      if (doc !== null) {
        if (line === 'TRAILGUARD_JSON_END') {
          var text = doc.join('\n');
          try { text = JSON.stringify(JSON.parse(text)); } catch (e) { /* keep it as written */ }
          out.push(text, line);
          doc = null;
        } else doc.push(line);
        return;
      }
      if (/^#|^set -eu$|^\s*$/.test(line)) return;
      out.push(line);
      if (/<<'TRAILGUARD_JSON_END'$/.test(line)) doc = [];
    });
    return out.join('\n');
  }
  function planBox(plan, compact) {
    var box = h('div', 'plan');
    if (compact) {
      add(box, h('p', '', plan.summary), plan.note ? h('p', 'note', plan.note) : null,
        plan.statement ? pre(JSON.stringify(plan.statement)) : null, plan.script ? pre(compactScript(plan.script)) : null);
      return box;
    }
    if (plan.summary) box.appendChild(h('p', '', plan.summary));
    if (plan.note) box.appendChild(h('p', 'note', plan.note));
    if (plan.statement) add(box, h('h4', 'plain', 'Statement to add to the policy of ' + plan.target), pre(rawJson(plan.statement)));
    if (plan.script) add(box, h('h4', 'plain', 'AWS CLI commands for this bucket (as trailguard fix -f cli writes them)'), pre(plan.script.join('\n')));
    if (plan.command) {
      add(box, add(h('p', 'sub'), document.createTextNode('Planned from this report. To plan from the account as it is now (trailguard checks the target before changing anything): '),
        h('code', '', plan.command), document.createTextNode(' — add --apply to apply it.')));
    }
    return box;
  }

  function buildDetail(i) {
    var x = detailOf(i), id = S[C.ru[i]], r = rule(i), box = h('div', 'detail-box');
    var status = STATUS[C.st[i]], acct = str(C.ac[i]);
    add(box, h('p', 'message', msg(i)));
    if (x.suppressed) {
      add(box, add(h('div', 'suppression'), h('strong', '', 'Suppressed: '), document.createTextNode(vis(x.suppressed.reason +
        (x.suppressed.expires ? ' (until ' + x.suppressed.expires + ')' : '') + (x.suppressed.source ? ' — ' + x.suppressed.source : '')))));
    } else if ((status === 'NON_COMPLIANT' || status === 'UNDETERMINED') && D.fixes[S[C.rs[i]]]) {
      add(box, add(h('div', 'fix'), h('strong', '', 'How to fix: '), document.createTextNode(vis(D.fixes[S[C.rs[i]]]))));
    }
    var verdict = add(h('div'), h('h3', '', 'Verdict'), kv([
      ['Status', statusLabel(status)], ['Reason', S[C.rs[i]], 'mono'], ['Meaning', reasonText(i)], ['Severity', SEV[C.sv[i]]]
    ]));
    if (C.wn[i].length) {
      var wl = h('ul');
      C.wn[i].forEach(function (w) { add(wl, add(h('li'), h('code', '', S[w]), document.createTextNode(vis(' — ' + (D.warnings[S[w]] || S[w]))))); });
      add(verdict, h('h3', 'section', 'Warnings'), wl);
    }
    var loc = x.location || {};
    var resource = add(h('div'), h('h3', '', 'Resource'), kv([
      ['Type', S[C.ty[i]]], ['Id', S[C.id[i]], 'mono'], ['Account', acct ? accountLabel(acct) : null, 'mono'], ['Region', str(C.rg[i])],
      ['File', loc.file ? loc.file + ':' + loc.line + (loc.column ? ':' + loc.column : '') : '', 'mono'], ['Address', loc.address, 'mono']
    ]));
    var related = add(h('div'), h('h3', '', 'Related resources'));
    if (x.related && x.related.length) {
      var rl = h('ul');
      x.related.forEach(function (rr) {
        add(rl, add(h('li'), h('span', '', (TYPE_LABEL[rr.type] || rr.type) + ' '), h('strong', '', rr.name || rr.id),
          h('span', 'sub mono', rr.id + (rr.where ? ' · ' + rr.where : ''))));
      });
      related.appendChild(rl);
    } else related.appendChild(h('p', 'sub', 'None.'));
    var compliance = add(h('div'), h('h3', '', 'Compliance'));
    var mappings = x.compliance || r.compliance || [];
    var chips = h('div', 'chips');
    mappings.forEach(function (c) { chips.appendChild(h('span', 'chip', c.framework + (c.version ? ' ' + c.version : '') + ' · ' + c.control)); });
    compliance.appendChild(mappings.length ? chips : h('p', 'sub', 'No mapping.'));
    add(box, add(h('div', 'detail-grid'), verdict, resource, related, compliance));
    add(box, add(section('Rule'), add(h('p'), h('strong', '', r.title || id), document.createTextNode(' '), h('span', 'mono sub-inline', id)),
      r.description ? inline(h('p', 'about'), r.description) : null));

    var evidence = section('Evidence');
    var raw = h('details', 'raw');
    add(raw, h('summary', '', 'Raw JSON'), pre(rawJson(x.evidence)));
    add(evidence, evidenceFields(x.evidence), raw);
    box.appendChild(evidence);

    var remediation = section('Remediation');
    var tabs = h('div', 'tabs'), panels = h('div');
    tabs.setAttribute('role', 'tablist');
    var entries = [];
    if (x.plan) entries.push(['This bucket', planBox(x.plan)]);
    if (r.remediation) {
      [['console', 'Console'], ['cli', 'AWS CLI'], ['terraform', 'Terraform'], ['cloudformation', 'CloudFormation']].forEach(function (t) {
        entries.push([t[1], markdownLite(r.remediation[t[0]])]);
      });
    }
    entries.forEach(function (e, k) {
      var tab = h('button', 'tab', e[0]);
      tab.type = 'button';
      tab.setAttribute('role', 'tab');
      tab.setAttribute('aria-selected', k === 0 ? 'true' : 'false');
      var panel = add(h('div', 'tabpanel'), h('h4', '', e[0]), e[1]);
      panel.setAttribute('role', 'tabpanel');
      panel.hidden = k !== 0;
      tab.addEventListener('click', function (ev) {
        ev.stopPropagation();
        Array.prototype.forEach.call(tabs.children, function (b) { b.setAttribute('aria-selected', 'false'); });
        Array.prototype.forEach.call(panels.children, function (p) { p.hidden = true; });
        tab.setAttribute('aria-selected', 'true');
        panel.hidden = false;
        remeasure();
      });
      tabs.appendChild(tab);
      panels.appendChild(panel);
    });
    if (entries.length) add(remediation, tabs, panels);
    else remediation.appendChild(h('p', 'sub', 'No remediation steps for rule ' + id + ' in this report.'));
    var docs = h('a', '', 'Rule documentation: ' + id);
    docs.href = r.docsUrl || '#';
    docs.rel = 'noopener noreferrer';
    add(remediation, add(h('p'), docs));
    box.appendChild(remediation);
    raw.addEventListener('toggle', remeasure);
    return box;
  }

  // ---- state: filters, sort, expanded findings; kept in the URL hash ----
  var state = { status: '', severity: '', rule: '', account: '', region: '', q: '', sort: '', dir: 1 };
  var isOpen = new Uint8Array(N), openCount = 0;
  function readHash() {
    var params = {};
    String(location.hash || '').replace(/^#/, '').split('&').forEach(function (part) {
      var eq = part.indexOf('=');
      if (eq > 0) {
        try { params[decodeURIComponent(part.slice(0, eq))] = decodeURIComponent(part.slice(eq + 1)); } catch (e) { /* a malformed escape is ignored */ }
      }
    });
    KEYS.forEach(function (k, n) {
      var select = $(FIELDS[n]);
      select.value = params[k] || '';
      state[k] = select.value;
    });
    state.q = params.q || '';
    $('tg-search').value = state.q;
    var sort = (params.sort || '').split(':');
    state.sort = SORT[sort[0]] ? sort[0] : '';
    state.dir = sort[1] === 'desc' ? -1 : 1;
    isOpen = new Uint8Array(N);
    openCount = 0;
    (params.open || '').split(',').forEach(function (v) {
      var k = Number(v);
      if (v !== '' && k >= 0 && k < N && k === Math.floor(k) && !isOpen[k]) { isOpen[k] = 1; openCount++; }
    });
  }
  var lastHash = null;
  function writeHash() {
    var parts = [];
    KEYS.forEach(function (k) { if (state[k]) parts.push(k + '=' + encodeURIComponent(state[k])); });
    if (state.q) parts.push('q=' + encodeURIComponent(state.q));
    if (state.sort) parts.push('sort=' + state.sort + (state.dir < 0 ? ':desc' : ''));
    if (openCount) {
      var open = [];
      for (var k = 0; k < N && open.length < openCount; k++) if (isOpen[k]) open.push(k);
      parts.push('open=' + open.join(','));
    }
    var hash = parts.length ? '#' + parts.join('&') : '';
    if (hash === lastHash) return;
    lastHash = hash;
    try {
      history.replaceState(null, '', hash || location.pathname + location.search);
    } catch (e) {
      location.hash = hash;
    }
  }

  // ---- search: each distinct string is matched once per term ----
  var lower = null;
  function lowerTable() {
    if (!lower) { lower = new Array(S.length); for (var k = 0; k < S.length; k++) lower[k] = S[k].toLowerCase(); }
    return lower;
  }
  var termCache = [];
  function termHits(term) {
    var L = lowerTable(), base = null, k, j;
    for (k = 0; k < termCache.length; k++) {
      if (termCache[k].term === term) return termCache[k];
      if (term.indexOf(termCache[k].term) !== -1 && (!base || termCache[k].term.length > base.term.length)) base = termCache[k];
    }
    var hits = new Uint8Array(S.length), list = [];
    if (base) {
      for (k = 0; k < base.list.length; k++) { j = base.list[k]; if (L[j].indexOf(term) !== -1) { hits[j] = 1; list.push(j); } }
    } else {
      for (j = 0; j < L.length; j++) if (L[j].indexOf(term) !== -1) { hits[j] = 1; list.push(j); }
    }
    // Rule titles and reason texts are searchable through their rule id and reason code.
    var ruleHit = {}, reasonHit = {};
    Object.keys(D.rules).forEach(function (id) { var t = D.rules[id].title; if (t && t.toLowerCase().indexOf(term) !== -1) ruleHit[id] = true; });
    Object.keys(D.reasons).forEach(function (code) { if (String(D.reasons[code]).toLowerCase().indexOf(term) !== -1) reasonHit[code] = true; });
    var entry = { term: term, hits: hits, list: list, ruleHit: ruleHit, reasonHit: reasonHit };
    termCache.push(entry);
    if (termCache.length > 12) termCache.shift();
    return entry;
  }
  function matchesTerm(i, t) {
    var H = t.hits;
    if (H[C.nm[i]] || H[C.id[i]] || H[msgIndex(i)] || H[C.ru[i]] || H[C.rs[i]]) return true;
    if ((C.ac[i] >= 0 && H[C.ac[i]]) || (C.rg[i] >= 0 && H[C.rg[i]]) || (C.wh[i] >= 0 && H[C.wh[i]]) || (C.sr[i] >= 0 && H[C.sr[i]])) return true;
    if (t.ruleHit[S[C.ru[i]]] || t.reasonHit[S[C.rs[i]]]) return true;
    var rel = C.rl[i];
    for (var k = 0; k < rel.length; k++) if (rel[k] >= 0 && H[rel[k]]) return true;
    return false;
  }

  // ---- sorting: one permutation of all findings per key and direction, filtered in order ----
  var SORT = {
    status: function (i) { return disp(i); },
    severity: function (i) { return C.sv[i]; },
    resource: function (i) { return lowerTable()[C.nm[i]]; },
    rule: function (i) { return S[C.ru[i]]; },
    account: function (i) { return C.ac[i] < 0 ? '~' : S[C.ac[i]]; },
    region: function (i) { return C.rg[i] >= 0 ? S[C.rg[i]] : C.wh[i] >= 0 ? S[C.wh[i]] : '~'; },
    reason: function (i) { return reasonText(i); }
  };
  var orders = {};
  function sortOrder() {
    if (!state.sort) return null;
    var key = state.sort + state.dir;
    if (orders[key]) return orders[key];
    var get = SORT[state.sort], keys = new Array(N), order = new Int32Array(N), dir = state.dir;
    for (var k = 0; k < N; k++) { keys[k] = get(k); order[k] = k; }
    order.sort(function (a, b) {
      var x = keys[a], y = keys[b];
      return x < y ? -dir : x > y ? dir : a - b;
    });
    orders[key] = order;
    return order;
  }

  // ---- filtering into the view ----
  var view = new Int32Array(N), viewLen = 0, openInView = [];
  function apply() {
    var st = state.status ? STATUS.indexOf(state.status) : -1;
    var sv = state.severity ? SEV.indexOf(state.severity) : -1;
    var ru = state.rule, ac = state.account, rg = state.region;
    var terms = state.q.toLowerCase().split(/\s+/).filter(Boolean).map(termHits);
    var order = sortOrder();
    viewLen = 0;
    openInView = [];
    for (var k = 0; k < N; k++) {
      var i = order ? order[k] : k;
      if (st >= 0 && disp(i) !== st) continue;
      if (sv >= 0 && C.sv[i] !== sv) continue;
      if (ru && S[C.ru[i]] !== ru) continue;
      if (ac && (C.ac[i] < 0 || S[C.ac[i]] !== ac)) continue;
      if (rg && (C.rg[i] < 0 || S[C.rg[i]] !== rg)) continue;
      var ok = true;
      for (var t = 0; t < terms.length && ok; t++) ok = matchesTerm(i, terms[t]);
      if (!ok) continue;
      if (isOpen[i]) openInView.push(viewLen);
      view[viewLen++] = i;
    }
    $('tg-count').textContent = 'Showing ' + viewLen + ' of ' + N + ' findings';
    Array.prototype.forEach.call(document.querySelectorAll('.card'), function (c) {
      c.setAttribute('aria-pressed', String(c.getAttribute('data-status') === state.status));
    });
    Array.prototype.forEach.call(document.querySelectorAll('th[data-sort]'), function (th) {
      var k = th.getAttribute('data-sort');
      if (k === state.sort) th.setAttribute('aria-sort', state.dir === 1 ? 'ascending' : 'descending');
      else th.removeAttribute('aria-sort');
    });
    writeHash();
    render();
  }

  // ---- the virtualised table: spacer, the rows in the scrolled window, spacer ----
  var scroller = $('tg-scroll'), tbody = $('tg-rows');
  var ROW_H = 33, DETAIL_H = 480, OVERSCAN = 12;
  var detailHeight = {}, detailNode = {};
  function dh(i) { return detailHeight[i] || DETAIL_H; }
  function offset(p) {
    var y = p * ROW_H;
    for (var k = 0; k < openInView.length && openInView[k] < p; k++) y += dh(view[openInView[k]]);
    return y;
  }
  function positionAt(y) {
    var lo = 0, hi = viewLen;
    while (lo < hi) { var mid = (lo + hi + 1) >> 1; if (offset(mid) <= y) lo = mid; else hi = mid - 1; }
    return lo;
  }
  function spacer(height) {
    var tr = h('tr', 'spacer'), td = h('td');
    td.colSpan = 8;
    tr.appendChild(td);
    tr.style.height = height + 'px';
    return tr;
  }
  function cell(className, text, title) {
    var td = h('td', className, text);
    if (title !== undefined) td.title = vis(title === null ? text : title);
    return td;
  }
  function row(i) {
    var tr = h('tr', 'finding'), s = STATUS[disp(i)], open = isOpen[i] === 1;
    tr.setAttribute('data-index', String(i));
    tr.setAttribute('data-status', s);
    if (open) tr.className += ' open';
    var toggle = h('button', 'toggle', '\u25B8');
    toggle.type = 'button';
    toggle.setAttribute('aria-expanded', String(open));
    toggle.setAttribute('aria-label', open ? 'Hide details' : 'Show details');
    var statusCell = add(h('td'), badge(s));
    if (C.sp[i]) statusCell.title = 'Suppressed; was ' + statusLabel(STATUS[C.st[i]]).toLowerCase();
    var name = S[C.nm[i]], where = str(C.wh[i]), type = S[C.ty[i]];
    var resCell = add(h('td', 'res-cell'), h('span', 'res', name), where ? h('span', 'where', where) : null);
    resCell.title = vis(name + ' · ' + (TYPE_LABEL[type] || type) + (where ? ' · ' + where : ''));
    var ruleId = S[C.ru[i]], r = D.rules[ruleId];
    var acct = str(C.ac[i]), acctName = acct && D.accountNames[acct];
    var acctCell = add(h('td', 'acct'), h('span', 'mono', acct || '—'), acctName ? h('span', 'where', acctName) : null);
    if (acct) acctCell.title = vis(accountLabel(acct));
    var reasonCell = add(h('td'), h('span', '', reasonText(i)));
    reasonCell.title = vis(reasonText(i) + ' (' + S[C.rs[i]] + ')');
    if (C.wn[i].length) {
      var warn = h('span', 'warn', '\u26A0 ' + C.wn[i].length);
      reasonCell.title += '\n' + C.wn[i].map(function (w) { return vis('\u26A0 ' + (D.warnings[S[w]] || S[w])); }).join('\n');
      reasonCell.insertBefore(warn, reasonCell.firstChild);
    }
    add(tr, add(h('td'), toggle), statusCell, cell('sev sev-' + SEV[C.sv[i]], SEV[C.sv[i]]), resCell,
      cell('mono', ruleId, r && r.title ? ruleId + ' — ' + r.title : ruleId), acctCell,
      cell('', str(C.rg[i]) || (where ? 'IaC' : '—'), null), reasonCell);
    return tr;
  }
  function detailRow(i) {
    var tr = h('tr', 'detail open'), td = h('td');
    td.colSpan = 8;
    tr.id = 'tg-detail-' + i;
    if (!detailNode[i]) detailNode[i] = buildDetail(i);
    td.appendChild(detailNode[i]);
    tr.appendChild(td);
    tr.setAttribute('data-index', String(i));
    return tr;
  }
  var rendering = false;
  function render() {
    var top = scroller.scrollTop, height = scroller.clientHeight || 800;
    var first = Math.max(0, positionAt(top) - OVERSCAN), last = Math.min(viewLen, positionAt(top + height) + OVERSCAN + 1);
    var frag = document.createDocumentFragment(), details = [];
    frag.appendChild(spacer(offset(first)));
    for (var p = first; p < last; p++) {
      var i = view[p];
      frag.appendChild(row(i));
      if (isOpen[i]) { var d = detailRow(i); details.push(d); frag.appendChild(d); }
    }
    if (!viewLen) {
      var empty = add(h('tr', 'empty-row'), h('td', 'empty', 'No finding matches these filters.'));
      empty.firstChild.colSpan = 8;
      frag.appendChild(empty);
    }
    frag.appendChild(spacer(Math.max(0, offset(viewLen) - offset(last))));
    rendering = true;
    tbody.textContent = '';
    tbody.appendChild(frag);
    rendering = false;
    // Row and detail heights are measured, so the spacers match what the rows would have taken.
    var changed = false, firstRow = tbody.querySelector('tr.finding');
    if (firstRow && Math.abs(firstRow.offsetHeight - ROW_H) > 0.5 && firstRow.offsetHeight > 0) { ROW_H = firstRow.offsetHeight; changed = true; }
    details.forEach(function (d) {
      var k = Number(d.getAttribute('data-index'));
      if (d.offsetHeight > 0 && detailHeight[k] !== d.offsetHeight) { detailHeight[k] = d.offsetHeight; changed = true; }
    });
    if (changed) render();
  }
  function remeasure() { render(); }
  var frame = 0;
  scroller.addEventListener('scroll', function () {
    if (!frame) frame = requestAnimationFrame(function () { frame = 0; render(); });
  });
  window.addEventListener('resize', function () { render(); });
  tbody.addEventListener('click', function (ev) {
    var tr = ev.target;
    while (tr && tr !== tbody && tr.tagName !== 'TR') tr = tr.parentNode;
    if (!tr || tr === tbody || !/\bfinding\b/.test(tr.className)) return;
    var i = Number(tr.getAttribute('data-index'));
    isOpen[i] = isOpen[i] ? 0 : 1;
    openCount += isOpen[i] ? 1 : -1;
    openInView = [];
    for (var p = 0; p < viewLen; p++) if (isOpen[view[p]]) openInView.push(p);
    writeHash();
    render();
  });

  // ---- controls ----
  function setFilter(key, value) {
    var select = $(FIELDS[KEYS.indexOf(key)]);
    select.value = state[key] === value ? '' : value;
    state[key] = select.value;
    apply();
  }
  FIELDS.forEach(function (id, n) {
    $(id).addEventListener('change', function () { state[KEYS[n]] = $(id).value; apply(); });
  });
  $('tg-search').addEventListener('input', function () { state.q = $('tg-search').value; apply(); });
  $('tg-clear').addEventListener('click', function () {
    FIELDS.forEach(function (id, n) { $(id).value = ''; state[KEYS[n]] = ''; });
    $('tg-search').value = '';
    state.q = '';
    apply();
  });
  Array.prototype.forEach.call(document.querySelectorAll('.card'), function (card) {
    card.addEventListener('click', function () { setFilter('status', card.getAttribute('data-status')); });
  });
  Array.prototype.forEach.call(document.querySelectorAll('th[data-sort] .sort'), function (button) {
    button.addEventListener('click', function () {
      var key = button.parentNode.getAttribute('data-sort');
      state.dir = state.sort === key ? -state.dir : 1;
      state.sort = key;
      apply();
    });
  });
  window.addEventListener('hashchange', function () {
    if (location.hash === lastHash || (!location.hash && lastHash === '')) return;
    readHash();
    apply();
  });

  // ---- print: a compact table of the shown findings, then the failing findings' details ----
  var PRINT_ROWS = 5000;
  function buildPrint() {
    var box = $('tg-print-view');
    box.textContent = '';
    var table = h('table', 'print-table'), head = h('tr');
    ['Status', 'Severity', 'Resource', 'Rule', 'Account', 'Region', 'Reason'].forEach(function (t) { head.appendChild(h('th', '', t)); });
    add(table, add(h('thead'), head));
    var body = h('tbody'), failing = [];
    for (var p = 0; p < viewLen; p++) {
      var i = view[p];
      if (disp(i) === 0) failing.push(i);
      if (p >= PRINT_ROWS) continue;
      var where = str(C.wh[i]);
      add(body, add(h('tr'), add(h('td'), badge(STATUS[disp(i)])), h('td', '', SEV[C.sv[i]]),
        add(h('td'), h('span', 'res', S[C.nm[i]]), where ? h('span', 'where', where) : null), h('td', 'mono', S[C.ru[i]]),
        h('td', 'mono', str(C.ac[i]) || '—'), h('td', '', str(C.rg[i]) || (where ? 'IaC' : '—')), h('td', '', reasonText(i))));
    }
    add(box, h('h2', '', 'Findings (' + viewLen + (viewLen > PRINT_ROWS ? ', the first ' + PRINT_ROWS + ' printed' : '') + ')'), add(table, body));
    if (!failing.length) return;
    add(box, h('h2', 'print-break', 'Failing findings in detail (' + failing.length + ')'));
    var planned = {};
    failing.slice(0, PRINT_ROWS).forEach(function (i) {
      var x = detailOf(i), item = h('div', 'print-item'), acct = str(C.ac[i]);
      add(item, add(h('h3'), h('span', '', S[C.nm[i]]), h('span', 'sub-inline', ' · ' + S[C.ru[i]] + ' · ' + SEV[C.sv[i]])));
      add(item, h('p', 'sub', (acct ? accountLabel(acct) : '') + (str(C.rg[i]) ? ' · ' + str(C.rg[i]) : '') + (str(C.wh[i]) ? ' · ' + str(C.wh[i]) : '') + ' · ' + S[C.rs[i]] + ': ' + reasonText(i)));
      add(item, h('p', 'message', msg(i)));
      if (D.fixes[S[C.rs[i]]]) add(item, add(h('p', 'fix'), h('strong', '', 'How to fix: '), document.createTextNode(vis(D.fixes[S[C.rs[i]]]))));
      var pairs = [];
      flatten(x.evidence, '', pairs, 0);
      var ev = add(h('p', 'evidence-inline'), h('strong', '', 'Evidence: '));
      pairs.forEach(function (pair, k) {
        add(ev, h('span', 'muted', (k ? ' · ' : '') + (pair[0] || 'Value') + ': '), h('span', 'mono', pair[1]));
      });
      item.appendChild(ev);
      // Both rules may report one bucket: its fix is printed once.
      if (x.plan && planned[S[C.nm[i]]]) add(item, h('p', 'sub', 'Fix: as for ' + S[C.nm[i]] + ' above.'));
      else if (x.plan) { planned[S[C.nm[i]]] = true; item.appendChild(planBox(x.plan, true)); }
      box.appendChild(item);
    });
  }
  window.addEventListener('beforeprint', buildPrint);
  window.addEventListener('afterprint', function () { $('tg-print-view').textContent = ''; });
  if (window.matchMedia) {
    var printQuery = window.matchMedia('print');
    var onPrint = function (m) { if (m.matches) buildPrint(); };
    if (printQuery.addEventListener) printQuery.addEventListener('change', onPrint); else if (printQuery.addListener) printQuery.addListener(onPrint);
  }

  // ---- theme and print buttons ----
  var root = document.documentElement;
  function effectiveTheme() {
    var t = root.getAttribute('data-theme');
    if (t) return t;
    return window.matchMedia && window.matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
  }
  function labelTheme() { $('tg-theme').textContent = effectiveTheme() === 'dark' ? '\u2600 Light' : '\u263E Dark'; }
  $('tg-theme').addEventListener('click', function () {
    root.setAttribute('data-theme', effectiveTheme() === 'dark' ? 'light' : 'dark');
    labelTheme();
  });
  labelTheme();
  $('tg-print').addEventListener('click', function () { window.print(); });

  readHash();
  apply();
  root.setAttribute('data-ready', 'true');
  // Lower-case the string table while the reader looks at the page, so the first search is as fast as the rest.
  setTimeout(lowerTable, 50);
})();
`;
