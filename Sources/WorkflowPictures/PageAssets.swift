/// The HTML pages' style and inline scripts (the same on every page; nothing is fetched).
enum PageAssets {
    /// Writes any script error, and anything logged with `console.error`, into `#sfn-errors`.
    static let errorCatcher = #"""
        (function () {
          var list = [];
          function note(m) {
            list.push(String(m));
            var e = document.getElementById('sfn-errors');
            if (e) { e.textContent = list.join('\n'); e.hidden = false; }
          }
          window.addEventListener('error', function (ev) {
            note('error: ' + (ev.message || ev.type) + (ev.lineno ? ' (line ' + ev.lineno + ')' : ''));
          });
          window.addEventListener('unhandledrejection', function (ev) { note('unhandled rejection: ' + ev.reason); });
          var original = console.error;
          console.error = function () {
            note('console.error: ' + Array.prototype.join.call(arguments, ' '));
            if (original) { original.apply(console, arguments); }
          };
          window.sfnErrors = list;
          document.addEventListener('DOMContentLoaded', function () {
            var e = document.getElementById('sfn-errors');
            if (e && list.length) { e.textContent = list.join('\n'); e.hidden = false; }
          });
        })();
        """#

    static let style = #"""
        *{box-sizing:border-box}
        html,body{height:100%}
        body{margin:0;font:14px/1.45 -apple-system,BlinkMacSystemFont,"Segoe UI",Helvetica,Arial,sans-serif;color:#1a202c;background:#f5f7fa;display:flex;flex-direction:column}
        header{padding:10px 16px;background:#fff;border-bottom:1px solid #e2e8f0}
        header h1{font-size:18px;margin:0 0 2px;word-break:break-word}
        header p{margin:2px 0;color:#4a5568}
        header .notes{margin:6px 0;padding:6px 8px;background:#fffaf0;border:1px solid #f6ad55;border-radius:4px;font-size:12px;white-space:pre-wrap;word-break:break-word}
        header .failure{color:#9b2c2c;word-break:break-word;white-space:pre-wrap}
        .badge{display:inline-block;padding:1px 8px;border-radius:10px;font-size:12px;font-weight:600;color:#fff;background:#718096}
        .badge.st-succeeded{background:#2f855a}.badge.st-failed{background:#c53030}.badge.st-timedOut{background:#6b46c1}.badge.st-aborted{background:#718096}.badge.st-running{background:#3182ce}
        main{flex:1;display:flex;min-height:0}
        .graph-pane{flex:1 1 60%;display:flex;flex-direction:column;min-width:0;border-right:1px solid #e2e8f0}
        .toolbar{display:flex;flex-wrap:wrap;gap:6px;align-items:center;padding:6px 10px;background:#fff;border-bottom:1px solid #e2e8f0;font-size:12px}
        .toolbar button{font:inherit;min-width:30px;padding:2px 8px;border:1px solid #cbd5e0;border-radius:4px;background:#fff;cursor:pointer}
        .toolbar button:hover{background:#edf2f7}
        #zoom-level{min-width:40px;text-align:center;color:#4a5568}
        .legend{display:flex;flex-wrap:wrap;gap:6px;margin-left:auto}
        .legend .key{padding:0 7px;border:1.5px solid #a0aec0;border-radius:4px;background:#fff}
        .key.t-task{background:#e8f1fb;border-color:#2b6cb0}.key.t-choice{background:#fff6df;border-color:#b7791f}
        .key.t-pass{background:#f4f5f7;border-color:#718096;border-style:dashed}.key.t-wait{background:#f1ecfb;border-color:#6b46c1}
        .key.t-succeed{background:#e6f6ea;border-color:#2f855a;border-radius:9px}.key.t-fail{background:#fdecea;border-color:#c53030;border-radius:9px}
        .key.k-parallel{border-style:dashed;border-color:#4a5568}.key.k-map{border-style:dashed;border-color:#2c7a7b;background:#effaf9}
        .key.catch{border:none;border-bottom:2px dashed #c05621;border-radius:0}
        .key.st-succeeded{background:#dff3e4;border-color:#2f855a}.key.st-caught{background:#feebc8;border-color:#c05621}
        .key.st-failed{background:#fde2e1;border-color:#c53030}.key.st-timedOut{background:#faf0ff;border-color:#805ad5}
        .key.st-aborted{background:#edf2f7;border-color:#718096;border-style:dotted}.key.st-none{opacity:.5}
        .key.retried{border-color:#975a16;color:#975a16}
        .viewport{flex:1;overflow:auto;background:#fff;padding:8px}
        .viewport svg{display:block;margin:0 auto}
        .side{flex:0 0 40%;max-width:600px;min-width:280px;overflow:auto;padding:12px 14px;background:#fafbfc}
        .side h2{font-size:15px;margin:14px 0 6px}
        .details h2{margin-top:0;word-break:break-word}
        .details .hint{color:#718096}
        .details p.meta{color:#4a5568;margin:0 0 6px}
        .details pre,.visit pre{background:#fff;border:1px solid #e2e8f0;border-radius:4px;padding:6px 8px;font-size:12px;max-height:260px;overflow:auto;white-space:pre-wrap;word-break:break-word}
        .visit{border:1px solid #e2e8f0;border-left:4px solid #a0aec0;border-radius:4px;background:#fff;padding:6px 10px;margin:8px 0}
        .visit.st-succeeded{border-left-color:#2f855a}.visit.st-failed{border-left-color:#c53030}.visit.st-caught{border-left-color:#c05621}
        .visit.st-timedOut{border-left-color:#805ad5}.visit.st-aborted{border-left-color:#718096}
        .visit .meta{color:#4a5568;font-size:12px}
        .visit .error{color:#9b2c2c;white-space:pre-wrap;word-break:break-word}
        .visit table{border-collapse:collapse;font-size:12px;margin:4px 0}
        .visit td{padding:1px 8px 1px 0;vertical-align:top}
        #selectors label{display:block;margin:0 0 8px;font-size:13px}
        #selectors select{font:inherit;margin-left:6px;max-width:100%}
        .timeline ol{list-style:none;margin:0;padding:0;font-size:12px}
        .tl-row,.tl-scope{display:grid;grid-template-columns:70px minmax(90px,1fr) 30% 64px;gap:6px;align-items:center;padding:2px 4px;padding-left:calc(4px + var(--depth,0)*14px);border-radius:3px}
        .tl-scope{display:block;color:#4a5568;font-weight:600;padding-top:4px}
        .tl-row{cursor:pointer}
        .tl-row:hover,.tl-row.active{background:#ebf4ff}
        .tl-time{color:#718096;font-variant-numeric:tabular-nums}
        .tl-name{overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
        .tl-retries{color:#975a16}.tl-error{color:#9b2c2c}
        .tl-track{position:relative;height:10px;background:#edf2f7;border-radius:2px}
        .tl-bar{position:absolute;top:0;bottom:0;min-width:2px;border-radius:2px;background:#a0aec0}
        .st-succeeded .tl-bar{background:#48bb78}.st-failed .tl-bar{background:#e53e3e}.st-caught .tl-bar{background:#dd6b20}
        .st-timedOut .tl-bar{background:#805ad5}.st-running .tl-bar{background:#3182ce}
        .tl-duration{text-align:right;color:#4a5568;font-variant-numeric:tabular-nums}
        .sfn-graph [data-state],body.run .sfn-graph .k-branch{cursor:pointer}
        .sfn-graph .node.selected>.shape,.sfn-graph .cluster.selected>.frame{stroke:#3182ce!important;stroke-width:3.5!important}
        .sfn-graph [data-state]:focus{outline:none}
        .sfn-graph .node.st-succeeded>.shape{fill:#dff3e4;stroke:#2f855a;stroke-width:2.5}
        .sfn-graph .node.st-failed>.shape{fill:#fde2e1;stroke:#c53030;stroke-width:3}
        .sfn-graph .node.st-caught>.shape{fill:#feebc8;stroke:#c05621;stroke-width:2.5}
        .sfn-graph .node.st-aborted>.shape{fill:#edf2f7;stroke:#718096;stroke-width:2;stroke-dasharray:2 2}
        .sfn-graph .node.st-timedOut>.shape{fill:#faf0ff;stroke:#805ad5;stroke-width:3}
        .sfn-graph .node.st-running>.shape{fill:#ebf8ff;stroke:#3182ce;stroke-width:2.5}
        .sfn-graph .cluster.st-succeeded>.frame{stroke:#2f855a;stroke-width:2}
        .sfn-graph .cluster.st-failed>.frame{stroke:#c53030;stroke-width:2.5}
        .sfn-graph .cluster.st-caught>.frame{stroke:#c05621;stroke-width:2.5}
        .sfn-graph .cluster.st-aborted>.frame,.sfn-graph .cluster.st-timedOut>.frame{stroke:#805ad5;stroke-width:2}
        .sfn-graph .node.st-none,.sfn-graph .cluster.st-none>.frame,.sfn-graph .cluster.st-none>text{opacity:.45}
        .sfn-graph .edge.taken path{stroke:#2f855a;stroke-width:2.6;marker-end:url(#sfn-arrow-taken)}
        .sfn-graph .edge.taken.r-catch path{stroke:#c05621;stroke-dasharray:none}
        body.run .sfn-graph .edge:not(.taken) path{stroke-opacity:.55}
        .sfn-graph .run-badge rect{fill:#fff;stroke:#975a16;stroke-width:1.2}
        .sfn-graph .run-badge text{font-size:10px;font-weight:600;fill:#975a16;text-anchor:middle}
        #sfn-errors{margin:0;padding:8px 16px;background:#fff5f5;color:#9b2c2c}
        @media (max-width:900px){main{flex-direction:column}.graph-pane{border-right:none;min-height:60vh}.side{max-width:none;flex:none}}
        """#

    static let script = #"""
        (function () {
          'use strict';
          var data = JSON.parse(document.getElementById('sfn-data').textContent);
          var svg = document.querySelector('svg.sfn-graph');
          var viewport = document.getElementById('viewport');
          var details = document.getElementById('details');
          var NS = 'http://www.w3.org/2000/svg';
          var states = data.states;
          var run = data.run || null;

          function h(tag, cls, text) {
            var e = document.createElement(tag);
            if (cls) { e.className = cls; }
            if (text !== undefined && text !== null) { e.textContent = String(text); }
            return e;
          }
          function clear(e) { while (e.firstChild) { e.removeChild(e.firstChild); } }
          function secs(x) { return '+' + Number(x).toFixed(3) + 's'; }
          function dur(a, b) {
            if (b === undefined || b === null) { return 'not finished'; }
            var d = b - a;
            if (d < 1) { return Math.round(d * 1000) + ' ms'; }
            if (d < 60) { return (Math.round(d * 10) / 10) + ' s'; }
            return Math.floor(d / 60) + ' min ' + Math.round(d % 60) + ' s';
          }
          function elementOf(name) { var s = states[name]; return s ? document.getElementById(s.el) : null; }

          // Names fit their boxes whatever the font: a line wider than its room is narrowed.
          if (svg) {
            var texts = svg.querySelectorAll('text[data-fit]');
            for (var i = 0; i < texts.length; i++) {
              var max = parseFloat(texts[i].getAttribute('data-fit'));
              if (max > 0 && texts[i].getComputedTextLength() > max) {
                texts[i].setAttribute('textLength', String(max));
                texts[i].setAttribute('lengthAdjust', 'spacingAndGlyphs');
              }
            }
          }

          // Zoom.
          var natural = svg ? { w: parseFloat(svg.getAttribute('width')), h: parseFloat(svg.getAttribute('height')) } : null;
          function setScale(s) {
            if (!natural) { return; }
            s = Math.max(0.1, Math.min(4, s));
            svg.setAttribute('width', String(natural.w * s));
            svg.setAttribute('height', String(natural.h * s));
            document.getElementById('zoom-level').textContent = Math.round(s * 100) + '%';
            svg.setAttribute('data-scale', String(s));
          }
          function scale() { return svg ? parseFloat(svg.getAttribute('data-scale') || '1') : 1; }
          function fit() {
            if (!natural || !viewport) { return; }
            var s = Math.min((viewport.clientWidth - 20) / natural.w, (viewport.clientHeight - 20) / natural.h);
            setScale(Math.min(1, s > 0 ? s : 1));
          }
          var buttons = document.querySelectorAll('[data-zoom]');
          for (var b = 0; b < buttons.length; b++) {
            buttons[b].addEventListener('click', function (ev) {
              var what = ev.currentTarget.getAttribute('data-zoom');
              if (what === 'in') { setScale(scale() * 1.25); }
              else if (what === 'out') { setScale(scale() / 1.25); }
              else if (what === 'fit') { fit(); }
              else { setScale(1); }
            });
          }
          fit();

          // Selection.
          var selected = null;
          function select(name) {
            if (selected) { selected.classList.remove('selected'); }
            selected = elementOf(name);
            if (selected) {
              selected.classList.add('selected');
              if (selected.scrollIntoView) { selected.scrollIntoView({ block: 'nearest', inline: 'nearest' }); }
            }
          }

          function showDefinition(name) {
            var s = states[name];
            clear(details);
            details.appendChild(h('h2', null, name));
            details.appendChild(h('p', 'meta', s.type));
            details.appendChild(h('pre', null, s.definition));
          }

          // Runs: which states each path entered, coloured on the graph.
          var members = {};
          Object.keys(states).forEach(function (name) {
            var r = states[name].region;
            (members[r] = members[r] || []).push(name);
          });
          var chosen = {};
          var painted = {};
          var mapsShown = [];
          var STATUSES = ['succeeded', 'failed', 'caught', 'aborted', 'timedOut', 'running', 'none'];

          function badge(el, visits, retries) {
            var text = [];
            if (visits > 1) { text.push('×' + visits); }
            if (retries > 0) { text.push('↻' + retries); }
            if (!text.length) { return; }
            var label = text.join(' ');
            var x = parseFloat(el.getAttribute('data-x')) + parseFloat(el.getAttribute('data-w'));
            var y = parseFloat(el.getAttribute('data-y'));
            var g = document.createElementNS(NS, 'g');
            g.setAttribute('class', 'run-badge');
            var w = 10 + label.length * 6.5;
            var r = document.createElementNS(NS, 'rect');
            r.setAttribute('x', String(x - w + 6)); r.setAttribute('y', String(y - 8));
            r.setAttribute('width', String(w)); r.setAttribute('height', '16'); r.setAttribute('rx', '8');
            var t = document.createElementNS(NS, 'text');
            t.setAttribute('x', String(x - w / 2 + 6)); t.setAttribute('y', String(y + 4));
            t.textContent = label;
            g.appendChild(r); g.appendChild(t);
            el.appendChild(g);
          }

          var paintedRegions = {};
          function paintRegion(region, scope) {
            paintedRegions[region] = scope;
            var sc = scope === null ? null : run.scopes[scope];
            var byState = {};
            if (sc) {
              sc.visits.forEach(function (v) {
                var n = run.visits[v].state;
                (byState[n] = byState[n] || []).push(v);
              });
            }
            (members[region] || []).forEach(function (name) {
              var el = elementOf(name);
              var s = states[name];
              var vs = byState[name] || [];
              if (!vs.length) {
                if (el) { el.classList.add('st-none'); }
                s.regions.forEach(function (r) { paintRegion(r, null); });
                return;
              }
              painted[name] = scope;
              var lastIndex = vs[vs.length - 1];
              var last = run.visits[lastIndex];
              var retries = 0;
              vs.forEach(function (v) { retries += run.visits[v].retries; });
              if (el) { el.classList.add('st-' + last.status); badge(el, vs.length, retries); }
              if (s.type === 'Map' && s.regions.length) {
                var kids = last.children;
                // A distributed Map's iterations are child executions with histories of their own:
                // its processor is left uncoloured rather than shown as not reached.
                if (!kids.length) { if (!s.distributed) { paintRegion(s.regions[0], null); } return; }
                var c = chosen[lastIndex];
                if (c === undefined || kids.indexOf(c) < 0) {
                  c = kids[0];
                  for (var k = 0; k < kids.length; k++) {
                    if (run.scopes[kids[k]].status === 'failed') { c = kids[k]; break; }
                  }
                }
                mapsShown.push({ visit: lastIndex, scope: c });
                paintRegion(s.regions[0], c);
              } else if (s.type === 'Parallel') {
                s.regions.forEach(function (r) {
                  var c = null;
                  last.children.forEach(function (k) { if (run.scopes[k].region === r) { c = k; } });
                  if (c !== null) {
                    var branch = document.getElementById(r);
                    if (branch) { branch.classList.add('st-' + run.scopes[c].status); }
                  }
                  paintRegion(r, c);
                });
              }
            });
            if (sc) {
              sc.edges.forEach(function (id) {
                var e = document.getElementById(id);
                if (e) { e.classList.add('taken'); }
              });
            }
          }

          function paint() {
            var all = svg.querySelectorAll('.node, .cluster');
            for (var i = 0; i < all.length; i++) {
              STATUSES.forEach(function (st) { all[i].classList.remove('st-' + st); });
            }
            var badges = svg.querySelectorAll('.run-badge');
            for (var j = 0; j < badges.length; j++) { badges[j].parentNode.removeChild(badges[j]); }
            var taken = svg.querySelectorAll('.edge.taken');
            for (var k = 0; k < taken.length; k++) { taken[k].classList.remove('taken'); }
            painted = {};
            paintedRegions = {};
            mapsShown = [];
            paintRegion('', 0);
            selectors();
          }

          function selectors() {
            var box = document.getElementById('selectors');
            clear(box);
            mapsShown.forEach(function (m) {
              var visit = run.visits[m.visit];
              var label = h('label', null, visit.state + ': ');
              var sel = document.createElement('select');
              sel.setAttribute('data-map', visit.state);
              visit.children.forEach(function (k) {
                var sc = run.scopes[k];
                var o = h('option', null, 'iteration ' + sc.index + ' — ' + sc.status);
                o.value = String(k);
                if (k === m.scope) { o.selected = true; }
                sel.appendChild(o);
              });
              sel.addEventListener('change', function () {
                chosen[m.visit] = parseInt(sel.value, 10);
                paint();
              });
              label.appendChild(sel);
              box.appendChild(label);
            });
          }

          function visitCard(v, index) {
            var card = h('div', 'visit st-' + v.status);
            var title = '#' + (index + 1) + ' · ' + v.status;
            if (v.retries > 0) { title += ' · ' + v.retries + (v.retries === 1 ? ' retry' : ' retries'); }
            card.appendChild(h('div', null, title));
            var where = run.scopes[v.scope].label;
            card.appendChild(h('div', 'meta', secs(v.start) + ' → ' + (v.end === undefined ? '…' : secs(v.end)) +
              ' (' + dur(v.start, v.end) + ')' + (where ? ' · ' + where : '')));
            if (v.enteredAt) {
              card.appendChild(h('div', 'meta', 'entered ' + v.enteredAt + (v.exitedAt ? ', left ' + v.exitedAt : '')));
            }
            if (v.error || v.cause) {
              card.appendChild(h('div', 'error', (v.error || '') + (v.cause ? ': ' + v.cause : '')));
            }
            if (v.attempts.length > 1 || (v.attempts.length === 1 && v.attempts[0].error)) {
              var table = h('table');
              v.attempts.forEach(function (a, i) {
                var row = h('tr');
                row.appendChild(h('td', null, (v.type === 'Task' ? 'try ' : 'run ') + (i + 1)));
                row.appendChild(h('td', null, secs(a.start) + ' (' + dur(a.start, a.end) + ')'));
                row.appendChild(h('td', 'error', a.error ? a.error + (a.cause ? ': ' + a.cause : '') : 'ok'));
                table.appendChild(row);
              });
              card.appendChild(table);
            }
            [['input', v.input], ['output', v.output]].forEach(function (p) {
              if (p[1] === undefined) { return; }
              var d = h('details');
              d.open = true;
              d.appendChild(h('summary', null, p[0]));
              d.appendChild(h('pre', null, p[1]));
              card.appendChild(d);
            });
            return card;
          }

          function showVisits(name, only) {
            var s = states[name];
            clear(details);
            details.appendChild(h('h2', null, name));
            details.appendChild(h('p', 'meta', s.type));
            var scope = painted[name];
            if (scope === undefined) {
              details.appendChild(h('p', 'hint', 'Not reached on the path shown.'));
            } else {
              var vs = run.scopes[scope].visits.filter(function (v) { return run.visits[v].state === name; });
              vs.forEach(function (v, i) {
                if (only === undefined || only === v) { details.appendChild(visitCard(run.visits[v], i)); }
              });
            }
            var d = h('details');
            d.appendChild(h('summary', null, 'definition'));
            d.appendChild(h('pre', null, s.definition));
            details.appendChild(d);
          }

          // A Parallel's branch: how it went, and each of its visits.
          function showBranch(box) {
            var region = box.getAttribute('id');
            var scope = paintedRegions[region];
            if (selected) { selected.classList.remove('selected'); }
            selected = box;
            box.classList.add('selected');
            clear(details);
            var title = box.querySelector('.branch-title');
            details.appendChild(h('h2', null, title ? title.textContent : 'Branch'));
            if (scope === undefined || scope === null) {
              details.appendChild(h('p', 'hint', 'Not reached on the path shown.'));
              return;
            }
            var sc = run.scopes[scope];
            details.appendChild(h('p', 'meta', sc.label + ' · ' + sc.status));
            sc.visits.forEach(function (v) {
              var card = visitCard(run.visits[v], 0);
              card.insertBefore(h('div', null, run.visits[v].state), card.firstChild);
              details.appendChild(card);
            });
          }

          function focusVisit(i) {
            var v = run.visits[i];
            var s = v.scope;
            while (s !== 0 && run.scopes[s]) {
              var sc = run.scopes[s];
              if (sc.kind === 'iteration' && sc.owner !== undefined) { chosen[sc.owner] = s; }
              s = sc.parent === undefined ? 0 : sc.parent;
            }
            paint();
            select(v.state);
            showVisits(v.state, i);
            var rows = document.querySelectorAll('.tl-row.active');
            for (var r = 0; r < rows.length; r++) { rows[r].classList.remove('active'); }
            var row = document.querySelector('.tl-row[data-visit="' + i + '"]');
            if (row) { row.classList.add('active'); }
          }

          function onState(name) {
            if (!states[name]) { return; }
            select(name);
            if (run) { showVisits(name); } else { showDefinition(name); }
          }

          if (svg) {
            svg.addEventListener('click', function (ev) {
              var t = ev.target.closest ? ev.target.closest('[data-state]') : null;
              if (t) { onState(t.getAttribute('data-state')); return; }
              var branch = ev.target.closest ? ev.target.closest('.k-branch') : null;
              if (branch && run) { showBranch(branch); }
            });
            svg.addEventListener('keydown', function (ev) {
              if (ev.key !== 'Enter' && ev.key !== ' ') { return; }
              var t = ev.target.closest ? ev.target.closest('[data-state]') : null;
              if (t) { ev.preventDefault(); onState(t.getAttribute('data-state')); }
            });
          }
          if (run && svg) {
            paint();
            var list = document.getElementById('timeline');
            if (list) {
              list.addEventListener('click', function (ev) {
                var row = ev.target.closest ? ev.target.closest('.tl-row') : null;
                if (row) { focusVisit(parseInt(row.getAttribute('data-visit'), 10)); }
              });
              list.addEventListener('keydown', function (ev) {
                if (ev.key !== 'Enter') { return; }
                var row = ev.target.closest ? ev.target.closest('.tl-row') : null;
                if (row) { focusVisit(parseInt(row.getAttribute('data-visit'), 10)); }
              });
            }
            // Start on the failure, if there is one: the last state that failed (the innermost).
            for (var f = run.visits.length - 1; f >= 0; f--) {
              if (run.visits[f].status === 'failed' || run.visits[f].status === 'timedOut') { focusVisit(f); break; }
            }
          }
          // Links into the page: #state=NAME selects a state, #visit=N a visit of the run, #branch=ID a
          // Parallel's branch (the browser test follows them too).
          function follow() {
            var hash = decodeURIComponent((location.hash || '').slice(1));
            var eq = hash.indexOf('=');
            if (eq < 0) { return; }
            var key = hash.slice(0, eq);
            var value = hash.slice(eq + 1);
            if (key === 'state') { onState(value); }
            else if (key === 'visit' && run && run.visits[parseInt(value, 10)]) { focusVisit(parseInt(value, 10)); }
            else if (key === 'branch' && run) {
              var box = document.getElementById(value);
              if (box) { showBranch(box); }
            }
          }
          window.addEventListener('hashchange', follow);
          follow();
          document.body.setAttribute('data-ready', 'true');
        })();
        """#
}
