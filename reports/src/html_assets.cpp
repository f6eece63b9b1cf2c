// The HTML view's inline stylesheet and script. The script sorts and filters
// the race table (state mirrored in the URL hash: #sort=count&dir=desc&filter=x),
// and with ?selftest in the URL checks itself and writes the results into
// <pre id="selftest" data-result="pass|fail">.
#include "html_parts.hpp"

namespace gorace::report::html_detail {

const char* const kStyle = R"CSS(
:root{--bg:#f3f5f8;--card:#fff;--ink:#1b2430;--muted:#667085;--line:#e3e7ee;--head:#17202c;
--write:#c8283c;--write-bg:#fde8eb;--read:#1f63d6;--read-bg:#e6efff;--cur:#7c3aed;--cur-bg:#f3edff;
--prev:#0e8a83;--prev-bg:#e3f6f4;--sync:#16924a;--rel:#c77700;--hl-call:#fff6d6;
--mono:ui-monospace,SFMono-Regular,"SF Mono",Menlo,Consolas,"Liberation Mono",monospace}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--ink);font:14px/1.5 -apple-system,BlinkMacSystemFont,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
code,.mono,pre{font-family:var(--mono);font-size:12.5px}
header.top{display:flex;align-items:center;gap:18px;background:var(--head);color:#fff;padding:12px 28px;position:sticky;top:0;z-index:5;box-shadow:0 1px 3px rgba(0,0,0,.25)}
section[id],tr[id]{scroll-margin-top:64px}
.brand{font-weight:700;letter-spacing:.5px;background:linear-gradient(90deg,#ff6b81,#a78bfa);-webkit-background-clip:text;background-clip:text;color:transparent;font-size:18px}
.title{font-size:15px;opacity:.95;flex:1;min-width:0;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.legend-top{display:flex;gap:10px;align-items:center;font-size:12px}
.legend-top .gkey{color:#d0d5dd}
main{max-width:1320px;margin:0 auto;padding:22px 28px}
.card{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:18px 22px;margin-bottom:20px;box-shadow:0 1px 2px rgba(16,24,40,.04)}
h2{font-size:17px;margin:0}
h3{font-size:14px;margin:0 0 6px}
h3.sub{margin:18px 0 8px;color:var(--muted);text-transform:uppercase;font-size:11.5px;letter-spacing:.8px}
.muted{color:var(--muted)}
.stats{display:flex;gap:14px;margin-bottom:14px}
.stat{flex:0 0 auto;min-width:150px;padding:10px 16px;border:1px solid var(--line);border-radius:8px;background:#fafbfc}
.stat-value{font-size:26px;font-weight:700}
.stat-label{color:var(--muted);font-size:12px}
table{border-collapse:collapse;width:100%}
table.kv th{text-align:left;width:130px;color:var(--muted);font-weight:500;padding:3px 10px 3px 0;vertical-align:top}
table.kv td{padding:3px 0}
table.runs th,table.runs td{border-bottom:1px solid var(--line);padding:6px 8px;text-align:left}
table.runs td,table.kv td{overflow-wrap:anywhere}
.toolbar{display:flex;align-items:center;gap:14px;margin-bottom:10px}
#filter{flex:0 1 380px;padding:7px 11px;border:1px solid #cfd5de;border-radius:7px;font-size:13px}
#filter:focus{outline:2px solid #a78bfa55;border-color:#a78bfa}
#races th{position:sticky;top:50px;background:#f7f8fa;text-align:left;font-weight:600;font-size:12.5px;padding:8px 10px;border-bottom:1px solid var(--line);cursor:pointer;user-select:none;white-space:nowrap}
#races th::after{content:"\2195";color:#b8bfca;margin-left:6px;font-size:11px}
#races th.asc::after{content:"\25B2";color:var(--ink)}
#races th.desc::after{content:"\25BC";color:var(--ink)}
#races td{padding:7px 10px;border-bottom:1px solid var(--line)}
#races td.mono{overflow-wrap:anywhere}
#races tbody tr:hover{background:#f7f5ff}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
a{color:#5b3fd6;text-decoration:none}a:hover{text-decoration:underline}
.badge{display:inline-block;padding:1px 8px;border-radius:10px;font-size:11.5px;font-weight:600;text-transform:lowercase}
.b-write{background:var(--write-bg);color:var(--write)}
.b-read{background:var(--read-bg);color:var(--read)}
.race-head{display:flex;align-items:center;gap:12px}
.race-head h2{flex:1}
.race-no{color:var(--muted);margin-right:4px}
.where{font-weight:400;color:#344054;margin-left:6px}
.count-pill{background:#17202c;color:#fff;border-radius:12px;padding:2px 10px;font-weight:600;font-size:12px}
.top-link{font-size:12px}
.why{background:#fff8eb;border-left:4px solid #f5a524;padding:9px 12px;margin:12px 0;border-radius:4px}
.meta{display:flex;flex-wrap:wrap;gap:18px;color:var(--muted);font-size:12.5px}
.replay{margin-top:8px;font-size:12.5px}
code.cmd{background:#17202c;color:#e7e9ee;padding:3px 9px;border-radius:5px;user-select:all}
.stacks{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1fr);gap:16px;margin-top:14px}
.stack{border:1px solid var(--line);border-radius:8px;padding:12px 14px;border-top:4px solid var(--c);background:linear-gradient(var(--cbg),#fff 60px)}
.g-cur{--c:var(--cur);--cbg:var(--cur-bg)}
.g-prev{--c:var(--prev);--cbg:var(--prev-bg)}
.gdot{display:inline-block;width:10px;height:10px;border-radius:50%;background:var(--c);margin-right:7px;vertical-align:0}
.access-meta{color:var(--muted);margin-bottom:6px}
ol.frames{list-style:none;margin:0;padding:0}
ol.frames li{margin:2px 0}
.frame summary,.frame-head{cursor:pointer;padding:3px 4px;border-radius:4px;list-style-position:inside}
.frame-head{cursor:default;padding-left:18px}
.frame summary:hover{background:#f2f4f7}
.fn{font-family:var(--mono);font-size:12.5px;font-weight:600}
.pos{font-family:var(--mono);font-size:12px;color:var(--muted);margin-left:6px}
pre.snippet{margin:4px 0 8px;background:#fbfcfd;border:1px solid var(--line);border-radius:6px;padding:6px 0;overflow-x:auto;line-height:1.45}
pre.snippet>span{display:block;padding:0 10px 0 0;white-space:pre}
.ln{display:inline-block;width:48px;padding-right:12px;text-align:right;color:#98a2b3;user-select:none;border-right:1px solid var(--line);margin-right:10px}
.hit-write{background:var(--write-bg);box-shadow:inset 4px 0 var(--write)}
.hit-read{background:var(--read-bg);box-shadow:inset 4px 0 var(--read)}
.hit-call{background:var(--hl-call);box-shadow:inset 4px 0 #e2b93b}
.hit .ln{color:var(--ink);font-weight:700}
.note{color:var(--muted);font-style:italic;margin:4px 0 8px;font-size:12.5px}
.note.missing{color:#9a3412;background:#fff4ed;border:1px dashed #f9b58a;padding:5px 9px;border-radius:5px;font-style:normal}
.location{margin-top:12px;padding:9px 12px;background:#f8f9fb;border-radius:6px}
.chains{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1fr);gap:16px}
.chain{border-left:4px solid var(--c);padding:4px 0 4px 12px}
.chain h4{margin:0 0 6px;font-size:13px}
.chain-list{margin:0;padding-left:20px}
.state{font-size:11px;background:#eef0f3;border-radius:8px;padding:0 7px;margin:0 4px;color:#475467}
figure.timeline-fig{margin:0;border:1px solid var(--line);border-radius:8px;padding:8px;background:#fcfcfd}
figure figcaption{font-size:12.5px;color:#475467;padding:4px 8px}
svg.timeline{width:100%;height:auto;display:block;font-family:-apple-system,"Segoe UI",Roboto,Arial,sans-serif}
svg .lane-line{stroke:var(--c);stroke-width:3;stroke-linecap:round;opacity:.55}
svg .lane-name{font-weight:700;font-size:13px;fill:var(--c)}
svg .lane-role{font-size:11px;fill:#667085}
svg .ev-label,svg .acc-label{font-size:11px;text-anchor:middle;fill:#344054}
svg .acc-label{font-weight:700}
svg .ev-pos{font-size:10px;text-anchor:middle;fill:#667085;font-family:var(--mono)}
svg .ev-rel{fill:var(--rel)}svg .ev-acq{fill:var(--sync)}svg .ev-ra{fill:#7a5af8}svg .ev-go{fill:#475467}
svg .acc rect{stroke:#fff;stroke-width:2}
svg .acc-write rect{fill:var(--write)}svg .acc-read rect{fill:var(--read)}
svg .acc-atomic rect{stroke:#17202c;stroke-dasharray:3 2}
svg .acc-letter{fill:#fff;font-weight:700;font-size:13px;text-anchor:middle}
svg .edge{stroke-width:1.6;fill:none}
svg .edge-sync{stroke:var(--sync);stroke-dasharray:5 3}
svg .edge-go{stroke:#475467;stroke-dasharray:2 3}
svg .edge-missing{stroke:var(--write);stroke-width:2;stroke-dasharray:7 5}
svg .arrow-head{fill:#475467}svg .arrow-head-bad{fill:var(--write)}
svg .no-hb-x{fill:var(--write);font-weight:700;font-size:15px;text-anchor:middle}
svg .no-hb-label{fill:var(--write);font-size:11px;font-weight:600}
svg .axis{font-size:11px;fill:#98a2b3;text-anchor:end}
svg .legend text{font-size:11px;fill:#475467}
details.gotext{margin-top:14px}
details.gotext summary{cursor:pointer;color:var(--muted);font-size:12.5px}
details.gotext pre{background:#17202c;color:#e7e9ee;padding:12px;border-radius:6px;overflow-x:auto}
footer{text-align:center;color:var(--muted);font-size:12px;padding:10px 0 30px}
#selftest{background:#17202c;color:#e7e9ee;padding:12px;border-radius:6px;margin-top:20px}
@media (max-width:900px){.stacks,.chains{grid-template-columns:minmax(0,1fr)}}
@media print{header.top{position:static}#filter{display:none}}
)CSS";

const char* const kScript = R"JS(
(function () {
  'use strict';
  var table = document.getElementById('races');
  if (!table) return;
  var tbody = table.tBodies[0];
  var rows = Array.prototype.slice.call(tbody.rows);
  var headers = Array.prototype.slice.call(table.tHead.rows[0].cells);
  var filterBox = document.getElementById('filter');
  var shown = document.getElementById('shown');
  var noMatch = document.getElementById('no-match');
  var state = { sort: 'id', dir: 'asc', filter: '' };

  function header(key) {
    for (var i = 0; i < headers.length; i++) if (headers[i].dataset.key === key) return headers[i];
    return null;
  }
  function value(row, key, num) {
    var v = row.dataset[key] || '';
    return num ? Number(v) : v.toLowerCase();
  }
  function matches(row, f) {
    if (!f) return true;
    var hay = (row.textContent + ' ' + row.dataset.file + ' ' + row.dataset.fingerprint).toLowerCase();
    return hay.indexOf(f) >= 0;
  }
  function apply() {
    var h = header(state.sort);
    if (!h) { state.sort = 'id'; h = header('id'); }
    if (state.dir !== 'desc') state.dir = 'asc';
    var num = h.dataset.type === 'num';
    var sorted = rows.slice().sort(function (a, b) {
      var x = value(a, state.sort, num), y = value(b, state.sort, num);
      var c = x < y ? -1 : x > y ? 1 : 0;
      if (state.dir === 'desc') c = -c;
      return c || Number(a.dataset.id) - Number(b.dataset.id);
    });
    sorted.forEach(function (r) { tbody.appendChild(r); });
    var f = state.filter.toLowerCase(), n = 0;
    rows.forEach(function (r) {
      var hit = matches(r, f);
      r.hidden = !hit;
      var section = document.getElementById('race-' + r.dataset.id);
      if (section) section.hidden = !hit;
      if (hit) n++;
    });
    headers.forEach(function (x) {
      x.classList.remove('asc', 'desc');
      x.setAttribute('aria-sort', 'none');
    });
    h.classList.add(state.dir);
    h.setAttribute('aria-sort', state.dir === 'asc' ? 'ascending' : 'descending');
    shown.textContent = n + ' of ' + rows.length + ' races shown';
    noMatch.hidden = n !== 0;
    if (filterBox.value !== state.filter) filterBox.value = state.filter;
  }
  function writeHash() {
    var h = 'sort=' + encodeURIComponent(state.sort) + '&dir=' + state.dir;
    if (state.filter) h += '&filter=' + encodeURIComponent(state.filter);
    try { history.replaceState(null, '', '#' + h); } catch (e) { /* file: URLs may refuse */ }
  }
  // A hand-written or cut link may hold a stray '%' ("#filter=100%"): that
  // part is taken as written rather than stopping the script.
  function decode(text) {
    try { return decodeURIComponent(text); } catch (e) { return text; }
  }
  function readParams(text) {
    text.replace(/^[#?]/, '').split('&').forEach(function (kv) {
      var i = kv.indexOf('=');
      if (i < 0) return;
      var k = decode(kv.slice(0, i)), v = decode(kv.slice(i + 1).replace(/\+/g, ' '));
      if (k === 'sort' || k === 'dir' || k === 'filter') state[k] = v;
    });
  }
  headers.forEach(function (h) {
    h.tabIndex = 0;
    function sortBy() {
      if (state.sort === h.dataset.key) state.dir = state.dir === 'asc' ? 'desc' : 'asc';
      else { state.sort = h.dataset.key; state.dir = h.dataset.type === 'num' && h.dataset.key !== 'id' ? 'desc' : 'asc'; }
      apply(); writeHash();
    }
    h.addEventListener('click', sortBy);
    h.addEventListener('keydown', function (e) { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); sortBy(); } });
  });
  filterBox.addEventListener('input', function () { state.filter = filterBox.value; apply(); writeHash(); });
  window.addEventListener('hashchange', function () {
    if (location.hash.indexOf('=') >= 0) { readParams(location.hash); apply(); }
  });

  readParams(location.search);
  if (location.hash.indexOf('=') >= 0) readParams(location.hash);
  apply();
  if (/[?&]selftest\b/.test(location.search)) selftest();

  function visible() { return Array.prototype.slice.call(tbody.rows).filter(function (r) { return !r.hidden; }); }
  function selftest() {
    var out = [], ok = true;
    function check(name, cond) { out.push((cond ? 'PASS ' : 'FAIL ') + name); if (!cond) ok = false; }
    var saved = { sort: state.sort, dir: state.dir, filter: state.filter };
    headers.forEach(function (h) {
      ['asc', 'desc'].forEach(function (dir) {
        state.sort = h.dataset.key; state.dir = dir; state.filter = ''; apply();
        var num = h.dataset.type === 'num', vis = visible(), ordered = true;
        for (var i = 1; i < vis.length; i++) {
          var a = value(vis[i - 1], state.sort, num), b = value(vis[i], state.sort, num);
          if (dir === 'asc' ? a > b : a < b) ordered = false;
        }
        check('sort ' + h.dataset.key + ' ' + dir, ordered && vis.length === rows.length);
      });
    });
    state.sort = 'id'; state.dir = 'asc'; apply();
    var countHeader = header('count');
    countHeader.click();
    check('click on Count sorts by count descending', state.sort === 'count' && state.dir === 'desc' &&
          countHeader.getAttribute('aria-sort') === 'descending');
    countHeader.click();
    check('second click reverses the order', state.dir === 'asc');
    var fn = rows[0].dataset.function.toLowerCase();
    state.filter = fn; apply();
    var vis = visible();
    check('filter "' + fn + '" keeps only matching rows', vis.length >= 1 &&
          vis.every(function (r) { return r.textContent.toLowerCase().indexOf(fn) >= 0; }));
    state.filter = 'no-such-race-zzz'; apply();
    check('filter without a match hides every row and race', visible().length === 0 && !noMatch.hidden &&
          document.querySelectorAll('section.race:not([hidden])').length === 0);
    filterBox.value = fn;
    filterBox.dispatchEvent(new Event('input'));
    check('typing in the filter box filters', state.filter === fn && visible().length >= 1);
    state = saved; apply(); writeHash();
    var external = Array.prototype.slice.call(document.querySelectorAll('[src],[href]')).filter(function (e) {
      return /^\s*(https?:)?\/\//i.test(e.getAttribute('src') || e.getAttribute('href') || '');
    });
    check('no external src or href', external.length === 0);
    var res = (window.performance && performance.getEntriesByType) ? performance.getEntriesByType('resource') : [];
    check('no resource was fetched', res.length === 0);
    var blocked = window.goraceBlocked || [];
    check('no request was blocked by the CSP' + (blocked.length ? ': ' + blocked.join(', ') : ''), blocked.length === 0);
    check('one timeline per detailed race', document.querySelectorAll('svg.timeline').length ===
          document.querySelectorAll('section.race').length && document.querySelectorAll('section.race').length > 0);
    // A long source line scrolls inside its snippet: the stack cards stay
    // within their race's section.
    var overflowing = Array.prototype.slice.call(document.querySelectorAll('.stacks > *')).filter(function (card) {
      return card.getBoundingClientRect().right > card.parentElement.getBoundingClientRect().right + 1;
    });
    check('stack cards stay within their section', overflowing.length === 0 &&
          document.querySelectorAll('.stacks > *').length > 0);
    // clientWidth: the width inside a vertical scroll bar, which a page
    // wider than it would need a horizontal one to show.
    var viewWidth = document.documentElement.clientWidth;
    check('the page needs no sideways scrolling at ' + viewWidth + ' px',
          document.documentElement.scrollWidth <= viewWidth);
    // A race's link in the table brings its section's title into view, not
    // under the sticky header.
    var firstRace = document.querySelector('section.race');
    var scrolled = window.scrollY;
    firstRace.scrollIntoView();
    check('a race scrolled to shows its title below the header', firstRace.getBoundingClientRect().top >=
          document.querySelector('header.top').getBoundingClientRect().bottom);
    window.scrollTo(0, scrolled);
    var pre = document.getElementById('selftest');
    pre.textContent = out.join('\n');
    pre.dataset.result = ok ? 'pass' : 'fail';
    pre.hidden = false;
  }
})();
)JS";

}  // namespace gorace::report::html_detail
