/**
 * The HTML report's script, as text (it runs in the reader's browser, not in Node; its SHA-256 goes
 * into the page's Content-Security-Policy). It reads the embedded JSON and builds every piece of
 * text with textContent — never innerHTML — so a bucket named `<script>…` is only ever text.
 * Plain ES5-style code without template literals, so it survives being embedded as a string.
 */
export const CLIENT_SCRIPT = String.raw`
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('tg-data').textContent);
  var findings = data.findings;
  var STATUS_ORDER = ['NON_COMPLIANT', 'UNDETERMINED', 'SUPPRESSED', 'COMPLIANT', 'NOT_APPLICABLE'];
  var SEVERITY_ORDER = { critical: 0, high: 1, medium: 2, low: 3, info: 4 };
  var TYPE_LABEL = { 'AWS::S3::Bucket': 'S3 bucket', 'AWS::CloudTrail::Trail': 'CloudTrail trail', 'AWS::::Account': 'Account', File: 'Input file' };
  var SOURCE_LABEL = { aws: 'Live AWS', snapshot: 'Snapshot', terraform: 'Terraform', 'terraform-plan': 'Terraform plan', cloudformation: 'CloudFormation / CDK' };

  function h(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }
  function add(parent) {
    for (var i = 1; i < arguments.length; i++) if (arguments[i]) parent.appendChild(arguments[i]);
    return parent;
  }
  function $(id) { return document.getElementById(id); }
  function displayStatus(f) { return f.suppressed ? 'SUPPRESSED' : f.status; }
  function statusLabel(s) { return data.statusText[s] || s; }
  function badge(s) { return h('span', 'badge c-' + s, statusLabel(s)); }
  function utc(iso) {
    var d = new Date(iso);
    if (isNaN(d.getTime())) return iso || 'unknown';
    var months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
    function two(n) { return (n < 10 ? '0' : '') + n; }
    return d.getUTCDate() + ' ' + months[d.getUTCMonth()] + ' ' + d.getUTCFullYear() + ', ' +
      two(d.getUTCHours()) + ':' + two(d.getUTCMinutes()) + ' UTC';
  }

  // ---- header: scope and time ----
  function scopeItem(label, value) {
    var dl = $('tg-scope');
    add(dl, add(h('div'), h('dt', '', label), h('dd', '', value)));
  }
  var src = data.source;
  scopeItem('Source', SOURCE_LABEL[src.kind] || src.kind);
  if (src.accounts && src.accounts.length) {
    scopeItem('Accounts', src.accounts.length + ' — ' + src.accounts.slice(0, 4).join(', ') + (src.accounts.length > 4 ? ', …' : ''));
  }
  if (src.paths && src.paths.length) scopeItem('Paths', src.paths.join(', '));
  scopeItem('Partition', src.partition || 'aws');
  scopeItem('Collected', src.collectedAt ? utc(src.collectedAt) : 'not recorded');
  scopeItem('Tool', 'trailguard ' + data.tool.version);
  $('tg-collected').textContent = src.collectedAt ? '· collected ' + utc(src.collectedAt) : '';

  // ---- collection errors ----
  if (data.errors.length) {
    var list = $('tg-errors-list');
    data.errors.forEach(function (e) {
      var where = [e.account, e.region, e.resource, e.file].filter(Boolean).join(' / ');
      add(list, add(h('li'), h('strong', '', e.operation), document.createTextNode(' ' + where + ' — '),
        h('code', '', e.code), document.createTextNode(': ' + e.message)));
    });
    $('tg-errors').hidden = false;
  }

  // ---- filters ----
  function fillSelect(id, values, labelOf) {
    var select = $(id);
    values.forEach(function (v) {
      var o = h('option', '', labelOf ? labelOf(v) : v);
      o.value = v;
      select.appendChild(o);
    });
  }
  function uniq(fn) {
    var seen = {}, out = [];
    findings.forEach(function (f) { var v = fn(f); if (v && !seen[v]) { seen[v] = true; out.push(v); } });
    return out.sort();
  }
  fillSelect('tg-status', STATUS_ORDER, statusLabel);
  fillSelect('tg-rule', uniq(function (f) { return f.ruleId; }));
  fillSelect('tg-account', uniq(function (f) { return f.account; }));
  fillSelect('tg-region', uniq(function (f) { return f.region; }));

  // ---- table ----
  var tbody = $('tg-rows');
  var rows = findings.map(function (f, i) {
    var tr = h('tr', 'finding');
    tr.setAttribute('data-index', String(i));
    tr.setAttribute('data-status', displayStatus(f));
    var toggle = h('button', 'toggle', '\u25B8');
    toggle.type = 'button';
    toggle.setAttribute('aria-expanded', 'false');
    toggle.setAttribute('aria-label', 'Show details');
    var statusCell = add(h('td'), badge(displayStatus(f)));
    if (f.suppressed) add(statusCell, h('span', 'sub', 'was ' + statusLabel(f.status).toLowerCase()));
    var resCell = add(h('td'), h('span', 'res', f.resourceName), h('span', 'sub', (TYPE_LABEL[f.resourceType] || f.resourceType) + (f.where ? ' · ' + f.where : '')));
    var ruleCell = add(h('td', 'mono', f.ruleId));
    if (f.ruleTitle) ruleCell.setAttribute('title', f.ruleTitle);
    var reasonCell = add(h('td'), h('span', '', f.reasonText));
    f.warnings.forEach(function (w) { add(reasonCell, h('span', 'warn', '\u26A0 ' + w.text)); });
    add(tr, add(h('td'), toggle), statusCell, add(h('td'), h('span', 'sev sev-' + f.severity, f.severity)),
      resCell, ruleCell, h('td', 'mono', f.account || '—'), h('td', '', f.region || (f.where ? 'IaC' : '—')), reasonCell);
    var detail = h('tr', 'detail');
    var cell = h('td');
    cell.colSpan = 8;
    detail.appendChild(cell);
    var id = 'tg-detail-' + i;
    detail.id = id;
    toggle.setAttribute('aria-controls', id);
    tbody.appendChild(tr);
    tbody.appendChild(detail);
    return { f: f, tr: tr, detail: detail, cell: cell, toggle: toggle, built: false, i: i };
  });
  var emptyRow = add(h('tr', 'is-filtered'), h('td', 'empty', 'No finding matches these filters.'));
  emptyRow.firstChild.colSpan = 8;
  tbody.appendChild(emptyRow);

  function setOpen(row, open) {
    if (open && !row.built) { buildDetail(row); row.built = true; }
    row.tr.classList.toggle('open', open);
    row.detail.classList.toggle('open', open);
    row.toggle.setAttribute('aria-expanded', String(open));
    row.toggle.setAttribute('aria-label', open ? 'Hide details' : 'Show details');
  }
  rows.forEach(function (row) {
    row.tr.addEventListener('click', function () { setOpen(row, !row.tr.classList.contains('open')); });
  });

  // ---- detail: reason, warnings, evidence, related, remediation ----
  function kv(pairs) {
    var dl = h('dl', 'kv');
    pairs.forEach(function (p) { if (p[1] !== undefined && p[1] !== null && p[1] !== '') add(dl, h('dt', '', p[0]), h('dd', p[2] || '', p[1])); });
    return dl;
  }
  function section(title) { return add(h('div', 'section'), h('h3', '', title)); }
  // Inline Markdown: code spans become <code>, bold markers are dropped; every piece is a text node.
  function inline(parent, text) {
    String(text).replace(/\*\*/g, '').split('\x60').forEach(function (part, k) {
      if (part) parent.appendChild(k % 2 ? h('code', '', part) : document.createTextNode(part));
    });
    return parent;
  }
  function markdownLite(text) {
    // Fenced code blocks become <pre>, list items (with their indented continuation lines) become lists,
    // the rest paragraphs — all built from text nodes.
    var box = h('div'), lines = String(text || '').split('\n'), code = null, para = [], list = null, item = null;
    function flushPara() {
      if (para.length) { box.appendChild(inline(h('p'), para.join(' '))); para = []; }
    }
    function flushItem() {
      if (item) { list.appendChild(inline(h('li'), item.join(' '))); item = null; }
    }
    lines.forEach(function (line) {
      if (/^\s*\x60\x60\x60/.test(line)) {
        if (code === null) { flushPara(); flushItem(); list = null; code = []; } else { add(box, add(h('pre'), h('code', '', code.join('\n')))); code = null; }
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
    if (code !== null) add(box, add(h('pre'), h('code', '', code.join('\n'))));
    return box;
  }
  function buildDetail(row) {
    var f = row.f, cell = row.cell, rule = data.rules[f.ruleId];
    add(cell, h('p', 'message', f.message));
    if (f.suppressed) {
      add(cell, add(h('div', 'suppression'), h('strong', '', 'Suppressed: '), document.createTextNode(f.suppressed.reason +
        (f.suppressed.expires ? ' (until ' + f.suppressed.expires + ')' : '') + (f.suppressed.source ? ' — ' + f.suppressed.source : ''))));
    } else if (f.fix) {
      add(cell, add(h('div', 'fix'), h('strong', '', 'How to fix: '), document.createTextNode(f.fix)));
    }
    var grid = h('div', 'detail-grid');
    var verdict = add(h('div'), h('h3', '', 'Verdict'), kv([
      ['Status', statusLabel(f.status)], ['Reason', f.reason, 'mono'], ['Meaning', f.reasonText], ['Severity', f.severity]
    ]));
    if (f.warnings.length) {
      var wl = h('ul');
      f.warnings.forEach(function (w) { add(wl, add(h('li'), h('code', '', w.code), document.createTextNode(' — ' + w.text))); });
      add(verdict, h('h3', 'section', 'Warnings'), wl);
    }
    var loc = f.location || {};
    var resource = add(h('div'), h('h3', '', 'Resource'), kv([
      ['Type', f.resourceType], ['Id', f.resourceId, 'mono'], ['Account', f.account, 'mono'], ['Region', f.region],
      ['File', loc.file ? loc.file + ':' + loc.line + (loc.column ? ':' + loc.column : '') : '', 'mono'], ['Address', loc.address, 'mono']
    ]));
    var related = add(h('div'), h('h3', '', 'Related resources'));
    if (f.related.length) {
      var rl = h('ul');
      f.related.forEach(function (r) {
        add(rl, add(h('li'), h('span', '', (TYPE_LABEL[r.type] || r.type) + ' '), h('strong', '', r.name || r.id),
          add(h('span', 'sub mono', r.id + (r.where ? ' · ' + r.where : '')))));
      });
      related.appendChild(rl);
    } else related.appendChild(h('p', 'sub', 'None.'));
    var ruleBox = add(section('Rule'), add(h('p'), h('strong', '', f.ruleTitle || f.ruleId), document.createTextNode(' '),
      h('span', 'mono sub-inline', f.ruleId)), rule && rule.description ? inline(h('p', 'about'), rule.description) : null);
    var compliance = add(h('div'), h('h3', '', 'Compliance'));
    var chips = h('div', 'chips');
    f.compliance.forEach(function (c) { chips.appendChild(h('span', 'chip', c.framework + (c.version ? ' ' + c.version : '') + ' · ' + c.control)); });
    compliance.appendChild(f.compliance.length ? chips : h('p', 'sub', 'No mapping.'));
    add(cell, add(grid, verdict, resource, related, compliance), ruleBox);

    add(cell, add(section('Evidence'), add(h('pre'), h('code', '', JSON.stringify(f.evidence, null, 2)))));

    var remediation = section('Remediation');
    if (rule && rule.remediation) {
      var tabs = h('div', 'tabs'), panels = h('div');
      tabs.setAttribute('role', 'tablist');
      [['console', 'Console'], ['cli', 'AWS CLI'], ['terraform', 'Terraform'], ['cloudformation', 'CloudFormation']].forEach(function (t, k) {
        var tab = h('button', 'tab', t[1]);
        tab.type = 'button';
        tab.setAttribute('role', 'tab');
        tab.setAttribute('aria-selected', k === 0 ? 'true' : 'false');
        var panel = add(h('div', 'tabpanel'), h('h4', '', t[1]), markdownLite(rule.remediation[t[0]]));
        panel.setAttribute('role', 'tabpanel');
        panel.hidden = k !== 0;
        tab.addEventListener('click', function (ev) {
          ev.stopPropagation();
          Array.prototype.forEach.call(tabs.children, function (b) { b.setAttribute('aria-selected', 'false'); });
          Array.prototype.forEach.call(panels.children, function (p) { p.hidden = true; });
          tab.setAttribute('aria-selected', 'true');
          panel.hidden = false;
        });
        tabs.appendChild(tab);
        panels.appendChild(panel);
      });
      add(remediation, tabs, panels);
    } else {
      remediation.appendChild(h('p', 'sub', 'No remediation steps for rule ' + f.ruleId + ' in this report.'));
    }
    var docs = h('a', '', 'Rule documentation: ' + f.ruleId);
    docs.href = f.docsUrl;
    docs.rel = 'noopener noreferrer';
    add(remediation, add(h('p'), docs));
    add(cell, remediation);
    // Clicks inside the details (selecting text, tabs, links) must not fold the row.
    row.detail.addEventListener('click', function (ev) { ev.stopPropagation(); });
  }

  // ---- filtering and sorting ----
  var state = { sortKey: null, sortDir: 1 };
  function haystack(f) {
    return [f.resourceName, f.resourceId, f.account, f.region, f.where, f.ruleId, f.ruleTitle, f.reason, f.reasonText, f.message,
      f.suppressed ? f.suppressed.reason : ''].concat(f.related.map(function (r) { return r.id + ' ' + (r.name || ''); })).join('\n').toLowerCase();
  }
  var haystacks = findings.map(haystack);
  function apply() {
    var status = $('tg-status').value, rule = $('tg-rule').value, account = $('tg-account').value,
      region = $('tg-region').value, q = $('tg-search').value.trim().toLowerCase(), shown = 0;
    rows.forEach(function (row) {
      var f = row.f;
      var ok = (!status || displayStatus(f) === status) && (!rule || f.ruleId === rule) &&
        (!account || f.account === account) && (!region || f.region === region) && (!q || haystacks[row.i].indexOf(q) !== -1);
      row.tr.classList.toggle('is-filtered', !ok);
      row.detail.classList.toggle('is-filtered', !ok);
      if (ok) shown++;
    });
    emptyRow.classList.toggle('is-filtered', shown !== 0);
    $('tg-count').textContent = 'Showing ' + shown + ' of ' + findings.length + ' findings';
    Array.prototype.forEach.call(document.querySelectorAll('.card'), function (c) {
      c.setAttribute('aria-pressed', String(c.getAttribute('data-status') === status));
    });
  }
  var SORT = {
    status: function (f) { return STATUS_ORDER.indexOf(displayStatus(f)); },
    severity: function (f) { return SEVERITY_ORDER[f.severity]; },
    resource: function (f) { return f.resourceName.toLowerCase(); },
    rule: function (f) { return f.ruleId; },
    account: function (f) { return f.account || '~'; },
    region: function (f) { return f.region || f.where || '~'; },
    reason: function (f) { return f.reasonText; }
  };
  function sortBy(key) {
    state.sortDir = state.sortKey === key ? -state.sortDir : 1;
    state.sortKey = key;
    var get = SORT[key];
    var sorted = rows.slice().sort(function (a, b) {
      var x = get(a.f), y = get(b.f);
      return (x < y ? -1 : x > y ? 1 : a.i - b.i) * (x === y ? 1 : state.sortDir);
    });
    sorted.forEach(function (row) { tbody.appendChild(row.tr); tbody.appendChild(row.detail); });
    tbody.appendChild(emptyRow);
    Array.prototype.forEach.call(document.querySelectorAll('th[data-sort]'), function (th) {
      var k = th.getAttribute('data-sort');
      if (k === key) th.setAttribute('aria-sort', state.sortDir === 1 ? 'ascending' : 'descending');
      else th.removeAttribute('aria-sort');
    });
  }
  Array.prototype.forEach.call(document.querySelectorAll('th[data-sort] .sort'), function (button) {
    button.addEventListener('click', function () { sortBy(button.parentNode.getAttribute('data-sort')); });
  });
  ['tg-status', 'tg-rule', 'tg-account', 'tg-region'].forEach(function (id) { $(id).addEventListener('change', apply); });
  $('tg-search').addEventListener('input', apply);
  $('tg-clear').addEventListener('click', function () {
    ['tg-status', 'tg-rule', 'tg-account', 'tg-region', 'tg-search'].forEach(function (id) { $(id).value = ''; });
    apply();
  });
  Array.prototype.forEach.call(document.querySelectorAll('.card'), function (card) {
    card.addEventListener('click', function () {
      var s = card.getAttribute('data-status');
      $('tg-status').value = $('tg-status').value === s ? '' : s;
      apply();
    });
  });

  // ---- theme and print ----
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
  // Printing shows every visible finding expanded: build the details that were never opened.
  window.addEventListener('beforeprint', function () {
    rows.forEach(function (row) { if (!row.built) { buildDetail(row); row.built = true; } });
  });
  apply();
  root.setAttribute('data-ready', 'true');
})();
`;
