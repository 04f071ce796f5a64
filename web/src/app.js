// Fulcrum dashboard. Served by `fulcrum serve` (editor + live analysis over
// the JSON API) and inlined by `fulcrum report` (no editor; the views are
// embedded in the page as JSON). Nothing here talks to any host but the
// page's own origin.
import * as echarts from 'echarts/core';
import { BarChart, LineChart, ScatterChart } from 'echarts/charts';
import {
  GridComponent, TooltipComponent, LegendComponent, DataZoomComponent,
  MarkLineComponent, MarkPointComponent, MarkAreaComponent,
} from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';

echarts.use([BarChart, LineChart, ScatterChart, GridComponent, TooltipComponent, LegendComponent,
  DataZoomComponent, MarkLineComponent, MarkPointComponent, MarkAreaComponent, SVGRenderer]);

const $ = (id) => document.getElementById(id);
const params = new URLSearchParams(location.search);
const testMode = params.has('test');
const PALETTE = ['#2563eb', '#16a34a', '#d97706', '#9333ea', '#dc2626', '#0891b2', '#65a30d', '#c026d3',
  '#ea580c', '#4f46e5', '#0d9488', '#b45309', '#7c3aed', '#be123c', '#15803d', '#1e40af'];
const PLATFORM_NAMES = {
  'aws-lambda': 'AWS Lambda', 'gcp-cloud-run': 'Cloud Run', 'gcp-cloud-functions': 'Cloud Functions',
  'cloudflare-workers': 'Cloudflare Workers', 'vercel-functions': 'Vercel Functions',
  'azure-functions': 'Azure Functions', 'aws-fargate': 'AWS Fargate', eks: 'EKS', gke: 'GKE', aks: 'AKS',
};
const pname = (p) => PLATFORM_NAMES[p] || p;
const usdFmt = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });
const usd = (x) => (x === null || x === undefined ? '–' : usdFmt.format(Number(x)));
const num = (x) => new Intl.NumberFormat('en-US', { maximumSignificantDigits: 4 }).format(x);
const esc = (s) => String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));

const state = { views: null, analysis: null, charts: {}, component: null, diagram: 'recommended', runSeq: 0, es: null };

// ---------- charts ----------

function chart(id) {
  if (!state.charts[id]) {
    state.charts[id] = echarts.init($(id), null, { renderer: 'svg' });
    window.addEventListener('resize', () => state.charts[id].resize());
  }
  return state.charts[id];
}

const baseOption = () => ({
  animation: !testMode,
  textStyle: { color: '#1f2933', fontFamily: 'system-ui, "DejaVu Sans", sans-serif' },
  color: PALETTE,
});

// Tooltips are built from classes only (no inline styles: the page's CSP
// allows none).
const tooltip = (formatter) => ({
  trigger: 'item', confine: true, formatter, className: 'tip',
  backgroundColor: '#ffffff', borderColor: '#cbd2d9', textStyle: { color: '#1f2933', fontSize: 12 },
});

function option(comp, platform) {
  return comp.options.find((o) => o.platform === platform);
}

// ---------- rendering ----------

function render(views) {
  state.views = views;
  const a = typeof views.analysis === 'string' ? JSON.parse(views.analysis) : views.analysis;
  state.analysis = a;
  renderSummary(a, views.warnings || []);
  renderArchitectures(a);
  renderUncertainty(a);
  renderDiagram(views);
  const sel = $('component-select');
  const keep = state.component;
  sel.innerHTML = a.components.map((c) => `<option value="${esc(c.name)}">${esc(c.name)} (${esc(c.type)})</option>`).join('');
  state.component = a.components.some((c) => c.name === keep) ? keep : (a.components[0] || {}).name;
  sel.value = state.component;
  $('per-component').hidden = a.components.length === 0;
  renderComponent();
  renderGrowth(views);
  document.body.dataset.ready = '1';
  document.body.dataset.renders = String(Number(document.body.dataset.renders || 0) + 1);
}

function renderSummary(a, warnings) {
  $('summary').hidden = false;
  $('summary-title').textContent = `Summary: ${a.name}`;
  $('summary-meta').textContent = `Region ${a.region}, ${a.hours_per_month} hours a month, free tiers ${a.free_tier ? 'on' : 'off'}, prices as of ${a.prices_as_of}, seed ${a.seed}.`;
  $('foot-meta').textContent = `Prices as of ${a.prices_as_of} from Fulcrum's embedded, dated and sourced catalog (analysis format version ${a.version}). Nothing is fetched from the network.`;
  const rec = a.architectures.find((x) => x.name === 'recommended');
  $('totals').innerHTML = a.architectures.map((arch, i) => {
    const best = rec && arch.name === 'recommended';
    const value = arch.feasible ? `<button class="money" data-arch="${i}">${usd(arch.monthly_usd)}</button>` : 'not feasible';
    const why = (arch.reasons || [])[0];
    return `<div class="total${best ? ' best' : ''}"><div class="label">${esc(arch.name)}</div><div class="value">${value}</div>${why ? `<div class="why">${esc(why)}</div>` : ''}</div>`;
  }).join('');
  const tbody = $('component-table').querySelector('tbody');
  tbody.innerHTML = a.components.map((c, i) => {
    const r = c.recommendation;
    const marg = r.kind === 'kubernetes' ? ' <span class="meta">(adds)</span>' : '';
    return `<tr><td>${esc(c.name)}</td><td>${esc(c.type)}</td><td>${esc(pname(r.platform))}<span class="kind ${esc(r.kind)}">${esc(r.kind)}</span></td>`
      + `<td class="num"><button class="money" data-comp="${i}" data-platform="${esc(r.platform)}">${usd(r.monthly_usd)}</button>${marg}</td>`
      + `<td class="why">${whyCell(r.reasons || [])}</td></tr>`;
  }).join('');
  $('warnings').innerHTML = warnings.map((w) => `<li>${esc(posText(w))}${esc(w.message)}</li>`).join('')
    + (a.notes || []).map((n) => `<li class="note">${esc(n)}</li>`).join('');
}

// whyCell shows the first reason and keeps the others one click away.
function whyCell(reasons) {
  if (reasons.length <= 1) return esc(reasons[0] || '');
  return `<details><summary>${esc(reasons[0])}</summary><ul>${reasons.slice(1).map((x) => `<li>${esc(x)}</li>`).join('')}</ul></details>`;
}

function posText(p) {
  return p.line ? `line ${p.line}${p.column ? `, column ${p.column}` : ''}: ` : '';
}

// The parts of an architecture's cost: each serverless component (without
// its account-level fees), each platform's account-level fees counted once
// (the largest, as the advisor's totals do), and the cluster as the rest.
function archParts(a, arch) {
  const parts = [];
  let serverless = 0;
  let clusterPlatform = null;
  const account = new Map();
  for (const p of arch.placement || []) {
    const c = a.components.find((x) => x.name === p.component);
    const o = c && option(c, p.platform);
    if (!o) continue;
    if (o.kind === 'kubernetes') { clusterPlatform = p.platform; continue; }
    let own = Number(o.monthly_usd);
    for (const li of o.line_items) {
      if (li.scope !== 'account') continue;
      own -= Number(li.amount_usd);
      const k = `${p.platform}|${li.name}`;
      const prev = account.get(k);
      if (!prev || Math.abs(Number(li.amount_usd)) > Math.abs(prev.value)) account.set(k, { platform: p.platform, line: li.name, value: Number(li.amount_usd) });
    }
    own = Math.round(own * 100) / 100;
    serverless += own;
    parts.push({ name: p.component, platform: p.platform, value: own });
  }
  for (const acc of account.values()) {
    serverless += acc.value;
    parts.push({ name: `${pname(acc.platform)}: ${acc.line}`, platform: acc.platform, account: true, line: acc.line, value: acc.value });
  }
  if (clusterPlatform) {
    const members = (arch.placement || []).filter((p) => p.platform === clusterPlatform).map((p) => p.component);
    parts.push({ name: `${pname(clusterPlatform)} cluster`, cluster: true, platform: clusterPlatform, members,
      value: Math.round((Number(arch.monthly_usd) - serverless) * 100) / 100 });
  }
  return parts;
}

// wrapName breaks a long hyphenated name into lines of about 20 characters.
function wrapName(name) {
  const lines = [];
  let cur = '';
  for (const part of String(name).split('-')) {
    const next = cur ? `${cur}-${part}` : part;
    if (cur && next.length > 20) { lines.push(`${cur}-`); cur = part; } else cur = next;
  }
  lines.push(cur);
  return lines.join('\n');
}

function renderArchitectures(a) {
  // Every architecture the analysis lists, however many; an infeasible one
  // keeps its place with "not feasible" and its reasons one click away.
  const archs = a.architectures;
  $('architectures').hidden = archs.length === 0;
  if (!archs.length) return;
  const names = [];
  const rows = archs.map((arch) => (arch.feasible ? archParts(a, arch) : []));
  rows.forEach((parts) => parts.forEach((p) => { if (!names.includes(p.name)) names.push(p.name); }));
  const series = names.map((n) => ({
    name: n, type: 'bar', stack: 'total', barMaxWidth: 90, emphasis: { focus: 'series' },
    data: rows.map((parts) => {
      const p = parts.find((x) => x.name === n);
      return p ? p.value : null;
    }),
  }));
  const un = a.uncertainty;
  if (un) {
    // P10–P90 error bars from analysis.uncertainty.architectures.
    const spread = (name) => (un.architectures || []).find((x) => x.name === name);
    const bars = archs.map((arch) => [arch, spread(arch.name)]).filter(([arch, s]) => arch.feasible && s && s.monthly_usd);
    document.body.dataset.errorBars = String(bars.length);
    series.push({
      name: 'P10–P90', type: 'scatter', symbolSize: 0, data: [], silent: false,
      markLine: {
        symbol: ['rect', 'rect'], symbolSize: [14, 2], lineStyle: { color: '#1f2933', width: 2, type: 'solid' }, label: { show: false },
        tooltip: { formatter: (p) => `<div><b>${esc(p.data.arch)}</b></div><div>P10 ${usd(p.data.p10)}, P50 ${usd(p.data.p50)}, P90 ${usd(p.data.p90)}</div>` },
        data: bars.map(([arch, s]) => [
          { coord: [arch.name, Number(s.monthly_usd.p10)], arch: arch.name, p10: s.monthly_usd.p10, p50: s.monthly_usd.p50, p90: s.monthly_usd.p90 },
          { coord: [arch.name, Number(s.monthly_usd.p90)] },
        ]),
      },
    });
  }
  series.push({
    name: 'total', type: 'scatter', symbolSize: 0, data: archs.map((arch) => (arch.feasible ? Number(arch.monthly_usd) : 0)), silent: true,
    label: { show: true, position: 'top', formatter: (p) => (archs[p.dataIndex].feasible ? usd(p.value) : 'not feasible'), color: '#1f2933', fontWeight: 600 },
    tooltip: { show: false },
  });
  const c = chart('chart-architectures');
  c.setOption({
    ...baseOption(),
    legend: { type: 'scroll', bottom: 0, data: names },
    grid: { left: 70, right: 20, top: 30, bottom: 90 },
    xAxis: { type: 'category', data: archs.map((x) => x.name), axisLabel: { fontSize: 12, interval: 0, formatter: wrapName } },
    yAxis: { type: 'value', name: 'USD / month', axisLabel: { formatter: (v) => usd(v).replace('.00', '') } },
    tooltip: tooltip((p) => {
      const arch = archs[p.dataIndex];
      const part = archParts(a, arch).find((x) => x.name === p.seriesName);
      const where = part && part.cluster ? `shared by ${part.members.join(', ')}` : (part && part.account ? 'charged once per account' : (part ? pname(part.platform) : ''));
      return `<div><b>${esc(arch.name)}</b>: ${esc(p.seriesName)}</div><div>${usd(p.value)} a month</div><div>${esc(where)}</div><div>click for details</div>`;
    }),
    series,
  }, true);
  c.off('click');
  c.getZr().off('click');
  c.getZr().on('click', (ev) => {
    // A click on an infeasible architecture's column shows why.
    if (ev.target) return;
    const [i] = c.convertFromPixel({ seriesIndex: series.length - 1 }, [ev.offsetX, ev.offsetY]);
    const arch = archs[Math.round(i)];
    if (arch && !arch.feasible) showArchitecture(arch);
  });
  c.on('click', (p) => {
    const arch = archs[p.dataIndex];
    if (!arch.feasible) { showArchitecture(arch); return; }
    const part = archParts(a, arch).find((x) => x.name === p.seriesName);
    if (part && part.cluster) showCluster(part.platform, arch);
    else if (part && part.account) showArchitecture(arch);
    else if (part) showOption(a.components.find((x) => x.name === part.name), part.platform);
  });
}

// ---------- uncertainty (analyze --uncertainty N: analysis.uncertainty) ----------

const pctText = (p) => `${Math.round(p * 100)} %`;

// inputLabel names a tornado input: a spec path with its component's name,
// or a catalog price.
function inputLabel(a, path) {
  if (path.startsWith('catalog:')) return `price ${path.slice(8)}`;
  const m = /^components\[(\d+)\]\.(.+)$/.exec(path);
  if (m && a.components[Number(m[1])]) return `${a.components[Number(m[1])].name} ${m[2]}`;
  return path;
}

function renderUncertainty(a) {
  const u = a.uncertainty;
  $('uncertainty').hidden = !u;
  if (!u) return;
  const rec = u.recommendation || {};
  const q = rec.monthly_usd || {};
  const cat = u.catalog;
  $('uncertainty-hint').textContent = `${u.samples} samples of the spec's ${(u.inputs || []).length} range(s) (seed ${u.seed}). `
    + `Recommended architecture: P10 ${usd(q.p10)}, P50 ${usd(q.p50)}, P90 ${usd(q.p90)} a month; its placement is the cheapest in ${pctText(rec.probability_cheapest || 0)} of the samples (confidence ${rec.confidence}).`
    + (cat && cat.varied ? ` The catalog's prices varied too: ${cat.varied} prices (${cat.unverified} tagged U ±${num(cat.spread_unverified * 100)} %, ${cat.secondary} tagged S ±${num(cat.spread_secondary * 100)} %).` : ' The catalog\'s prices are as listed.')
    + ((u.notes || []).length ? ` ${u.notes.join(' ')}` : '');
  const archs = (u.architectures || []).filter((x) => x.monthly_usd);
  const c = chart('chart-uncertainty');
  c.setOption({
    ...baseOption(),
    grid: { left: 160, right: 40, top: 20, bottom: 40 },
    yAxis: { type: 'category', data: archs.map((x) => x.name), inverse: true },
    xAxis: { type: 'value', name: 'USD / month', nameLocation: 'middle', nameGap: 26, scale: true, axisLabel: { formatter: (v) => usd(v).replace('.00', '') } },
    tooltip: tooltip((p) => {
      const x = archs[p.dataIndex];
      return `<div><b>${esc(x.name)}</b></div><div>P10 ${usd(x.monthly_usd.p10)}, P50 ${usd(x.monthly_usd.p50)}, P90 ${usd(x.monthly_usd.p90)}</div><div>cheapest in ${pctText(x.probability_cheapest)} of the samples</div>`;
    }),
    series: [
      { name: 'P10', type: 'bar', stack: 'q', silent: true, itemStyle: { color: 'transparent' }, data: archs.map((x) => Number(x.monthly_usd.p10)), tooltip: { show: false } },
      { name: 'P10–P90', type: 'bar', stack: 'q', barMaxWidth: 24, itemStyle: { color: '#93c5fd' }, data: archs.map((x) => Number(x.monthly_usd.p90) - Number(x.monthly_usd.p10)) },
      { name: 'P50', type: 'scatter', symbol: 'diamond', symbolSize: 12, itemStyle: { color: '#1e40af' }, data: archs.map((x) => Number(x.monthly_usd.p50)) },
    ],
  }, true);
  $('uncertainty-table').querySelector('tbody').innerHTML = (u.components || []).map((cs) => {
    // The recommended option first, then the ones that are ever the
    // cheapest or tie with it (the JSON has every feasible option).
    const tied = new Set(((u.ties || []).find((t) => t.component === cs.name) || { with: [] }).with);
    const opts = [...(cs.options || [])].filter((o) => o.platform === cs.recommended || o.probability_cheapest > 0 || tied.has(o.platform))
      .sort((x, y) => (y.platform === cs.recommended) - (x.platform === cs.recommended));
    return opts.map((o, i) => `<tr${o.platform === cs.recommended ? ' class="rec"' : ''}><td>${i === 0 ? esc(cs.name) : ''}</td><td>${esc(pname(o.platform))}${o.platform === cs.recommended ? ' (recommended)' : ''}</td>`
      + `<td class="num">${usd(o.monthly_usd.p10)}</td><td class="num">${usd(o.monthly_usd.p50)}</td><td class="num">${usd(o.monthly_usd.p90)}</td>`
      + `<td class="num">${pctText(o.probability_cheapest)}</td><td class="num">${i === 0 ? pctText(cs.confidence) : ''}</td></tr>`).join('');
  }).join('');
  const ties = u.ties || [];
  $('uncertainty-ties-block').hidden = !ties.length;
  $('uncertainty-ties').innerHTML = ties.map((t) => `<li><b>${esc(t.component)}</b>: ${esc(pname(t.recommended))} ties with ${esc(t.with.map(pname).join(', '))} (gap up to ${num(t.gap_pct)} %); decided by <b>${esc(t.decided_by)}</b>: ${esc(t.why)}</li>`).join('');
  const bars = u.tornado || [];
  $('tornado').hidden = !bars.length;
  if (bars.length) {
    const mid = Number(q.p50 || 0);
    const lo = bars.map((b) => Math.min(Number(b.low_usd), Number(b.high_usd)));
    const hi = bars.map((b) => Math.max(Number(b.low_usd), Number(b.high_usd)));
    const centre = bars.map((b, i) => Math.min(Math.max((Number(b.low_usd) + Number(b.high_usd)) / 2, lo[i]), hi[i]));
    const floor = Math.min(...lo);
    const pad = Math.max((Math.max(...hi) - floor) * 0.05, 1);
    const labels = bars.map((b) => inputLabel(a, b.input));
    chart('chart-tornado').setOption({
      ...baseOption(),
      legend: { bottom: 0, data: ['at P10', 'at P90'] },
      grid: { left: 260, right: 40, top: 10, bottom: 60 },
      yAxis: { type: 'category', data: labels, inverse: true, axisLabel: { fontSize: 11 } },
      xAxis: { type: 'value', min: Math.floor(floor - pad), name: 'recommended architecture, USD / month', nameLocation: 'middle', nameGap: 26, axisLabel: { formatter: (v) => usd(v).replace('.00', '') } },
      tooltip: tooltip((p) => {
        const b = bars[p.dataIndex];
        const moves = (b.changes_recommendation || []).length ? `moves ${b.changes_recommendation.join(', ')}` : 'the decision stands';
        return `<div><b>${esc(labels[p.dataIndex])}</b></div><div>at P10 (${num(b.low)}): ${usd(b.low_usd)}</div><div>at P90 (${num(b.high)}): ${usd(b.high_usd)}</div><div>swing ${usd(b.swing_usd)}; ${esc(moves)}</div>`;
      }),
      series: [
        { name: 'base', type: 'bar', stack: 't', silent: true, itemStyle: { color: 'transparent' }, data: lo, tooltip: { show: false } },
        { name: 'at P10', type: 'bar', stack: 't', barMaxWidth: 22, itemStyle: { color: '#60a5fa' }, data: bars.map((b, i) => centre[i] - lo[i]) },
        { name: 'at P90', type: 'bar', stack: 't', barMaxWidth: 22, itemStyle: { color: '#f59e0b' }, data: bars.map((b, i) => hi[i] - centre[i]),
          markLine: mid ? { symbol: 'none', silent: true, data: [{ xAxis: mid }], lineStyle: { color: '#1f2933', type: 'dashed' }, label: { formatter: 'P50', color: '#1f2933' } } : undefined },
      ],
    }, true);
    $('tornado-table').querySelector('tbody').innerHTML = bars.map((b, i) => {
      const price = b.input.startsWith('catalog:');
      const moves = (b.changes_recommendation || []).length ? `moves ${b.changes_recommendation.join(', ')}` : 'stands';
      return `<tr><td>${esc(labels[i])}</td><td class="num">${price ? '×' : ''}${num(b.low)}</td><td class="num">${price ? '×' : ''}${num(b.high)}</td>`
        + `<td class="num">${usd(b.low_usd)}</td><td class="num">${usd(b.high_usd)}</td><td class="num">${usd(b.swing_usd)}</td><td>${esc(moves)}</td></tr>`;
    }).join('');
  }
  const flips = u.flip_points || [];
  $('uncertainty-flips-block').hidden = !flips.length;
  $('uncertainty-flips').innerHTML = flips.map((f) => {
    const parts = [];
    if (f.below !== null && f.below !== undefined) parts.push(`below ${num(f.below)} requests a month it moves to ${esc(pname(f.below_to))}`);
    if (f.above !== null && f.above !== undefined) parts.push(`from ${num(f.above)} it moves to ${esc(pname(f.above_to))}`);
    if (!parts.length) parts.push('no flip in the range searched');
    return `<li><b>${esc(f.component)}</b> (${esc(pname(f.from))}): ${parts.join('; ')}</li>`;
  }).join('');
}

function renderDiagram(views) {
  const order = views.diagram_order || [];
  $('diagram').hidden = order.length === 0;
  if (!order.length) return;
  if (!order.includes(state.diagram)) state.diagram = order.includes('recommended') ? 'recommended' : order[0];
  $('diagram-select').innerHTML = order.map((n) => `<option value="${esc(n)}">${esc(n)}</option>`).join('');
  $('diagram-select').value = state.diagram;
  drawDiagram();
}

function drawDiagram() {
  const svg = (state.views.diagrams || {})[state.diagram] || '';
  // The SVG comes from our own server (Graphviz output: no scripts); parse it
  // as SVG rather than HTML.
  const doc = new DOMParser().parseFromString(svg, 'image/svg+xml');
  const box = $('diagram-svg');
  box.replaceChildren();
  if (doc.documentElement && doc.documentElement.nodeName === 'svg') {
    box.appendChild(document.importNode(doc.documentElement, true));
  }
  const a = state.analysis;
  const arch = a.architectures.find((x) => x.name === state.diagram);
  box.querySelectorAll('g.node, g.cluster').forEach((g) => {
    const t = g.querySelector('title');
    const id = t ? t.textContent : '';
    let open = null;
    if (id.startsWith('c_')) {
      const name = id.slice(2);
      const pl = arch && (arch.placement || []).find((p) => p.component === name);
      const comp = a.components.find((c) => c.name === name);
      if (comp && pl) open = () => showOption(comp, pl.platform);
    } else if (id.startsWith('svc_') || id.startsWith('door_') || id.startsWith('acct_')) {
      open = () => showService(arch, id, g.textContent.trim().split('\n')[0]);
    } else if (id === 'cluster_kube') {
      const kube = (arch.placement || []).map((p) => p.platform).find((p) => ['eks', 'gke', 'aks'].includes(p));
      if (kube) open = () => showCluster(kube, arch);
    }
    if (!open) return;
    g.setAttribute('role', 'button');
    g.classList.add('clickable');
    g.addEventListener('click', (ev) => { ev.stopPropagation(); open(); });
  });
}

// The line items behind a front door, a managed service or an account fee
// in the diagram: the matching lines of every placed option.
function serviceMatcher(id) {
  if (id === 'svc_dynamodb') return (li) => li.name.startsWith('downstream:') && /dynamodb/i.test(li.source || '');
  if (id === 'svc_s3') return (li) => li.name.startsWith('downstream:') && /\/s3\//i.test(li.source || '');
  if (id === 'svc_sqs') return (li) => li.name.startsWith('downstream:') && /sqs/i.test(li.source || '');
  if (id === 'svc_other') return (li) => li.name.startsWith('downstream:') && !/dynamodb|\/s3\/|sqs/i.test(li.source || '');
  if (id === 'door_apigw') return (li) => /API requests/.test(li.name);
  if (id === 'door_alb' || id === 'door_cluster_alb') return (li) => ['ALB hours', 'LCU hours'].includes(li.name) || li.name.startsWith('Public IPv4');
  if (id.startsWith('acct_')) return (li) => li.scope === 'account';
  return () => false;
}

function showService(arch, id, label) {
  const a = state.analysis;
  const match = serviceMatcher(id);
  const rows = [];
  for (const p of arch.placement || []) {
    const comp = a.components.find((c) => c.name === p.component);
    const o = comp && option(comp, p.platform);
    if (!o) continue;
    if (o.kind === 'kubernetes' && id !== 'door_cluster_alb' && !id.startsWith('svc_')) continue;
    o.line_items.filter(match).forEach((li) => rows.push({ ...li, name: `${p.component} (${pname(p.platform)}): ${li.name}` }));
  }
  let html = id === 'door_cluster_alb'
    ? '<p>The cluster\'s load balancer is billed with the cluster; these are the lines of each component\'s own cluster.</p>'
    : '<p>The lines of every component in this architecture that the box adds up.</p>';
  if (id.startsWith('acct_')) html += '<p>Charged once per account: the largest of these is counted in the architecture\'s total.</p>';
  html += rows.length ? itemsTable(rows) : '<p>No line items.</p>';
  openDetails(label || id, html);
}

function renderComponent() {
  const a = state.analysis;
  const comp = a.components.find((c) => c.name === state.component);
  if (!comp) return;
  renderCosts(comp);
  renderTimeline(comp);
  renderKubeWeek(comp);
  renderColdStarts(comp);
  renderBreakeven(comp);
}

function renderCosts(comp) {
  const own = $('kube-mode').value === 'own';
  const hasKube = comp.options.some((o) => o.feasible && o.kind === 'kubernetes');
  $('costs-hint').textContent = (hasKube
    ? (own ? 'Kubernetes bars are a cluster of the component\'s own (control plane, nodes, NAT, people); the diamond is what it adds to the cluster shared with the other components. '
      : 'Kubernetes bars are what the component adds to the cluster shared with the other components (a difference of two cluster bills, so it has no line items of its own). ')
    : '') + 'Click a bar for its line items and sources.';
  const cost = (o) => (!own && o.kind === 'kubernetes' && o.marginal_usd != null ? Number(o.marginal_usd) : Number(o.monthly_usd));
  const stacked = (o) => own || o.kind !== 'kubernetes';
  const feasible = comp.options.filter((o) => o.feasible && o.monthly_usd !== null)
    .sort((x, y) => cost(x) - cost(y));
  $('infeasible').innerHTML = comp.options.filter((o) => !o.feasible)
    .map((o) => `<li><b>${esc(pname(o.platform))}</b> cannot run it: ${esc((o.reasons || []).join('; '))}</li>`).join('');
  // One series per line item, largest first; items under 1% of the largest
  // bar are summed into "other line items" to keep the legend readable.
  const totals = new Map();
  feasible.filter(stacked).forEach((o) => o.line_items.forEach((li) => totals.set(li.name, (totals.get(li.name) || 0) + Number(li.amount_usd))));
  const maxBar = Math.max(1e-9, ...feasible.map(cost));
  const big = [...totals.entries()].filter(([, v]) => v > 0).sort((x, y) => y[1] - x[1]).map(([k]) => k);
  const shown = big.filter((n) => feasible.filter(stacked).some((o) => o.line_items.some((li) => li.name === n && Number(li.amount_usd) >= maxBar * 0.01)));
  const other = (o) => o.line_items.filter((li) => !shown.includes(li.name)).reduce((s, li) => s + Number(li.amount_usd), 0);
  const series = shown.map((n) => ({
    name: n, type: 'bar', stack: 'cost', barMaxWidth: 56, emphasis: { focus: 'series' },
    data: feasible.map((o) => {
      if (!stacked(o)) return null;
      const v = o.line_items.filter((li) => li.name === n).reduce((s, li) => s + Number(li.amount_usd), 0);
      return v || null;
    }),
  }));
  if (feasible.some((o) => stacked(o) && other(o) > 0)) {
    series.push({ name: 'other line items', type: 'bar', stack: 'cost', itemStyle: { color: '#9aa5b1' }, data: feasible.map((o) => (stacked(o) && other(o)) || null) });
  }
  if (!own && hasKube) {
    series.push({ name: 'adds to the shared cluster', type: 'bar', stack: 'cost', barMaxWidth: 56, itemStyle: { color: '#15803d' },
      data: feasible.map((o) => (stacked(o) ? null : cost(o))) });
  }
  series.push({
    name: 'total', type: 'scatter', symbolSize: 0, silent: true, tooltip: { show: false }, legendHoverLink: false,
    data: feasible.map(cost),
    label: { show: true, position: 'top', formatter: (p) => usd(p.value), color: '#1f2933', fontSize: 11 },
  });
  if (own && feasible.some((o) => o.marginal_usd != null)) {
    series.push({
      name: 'adds to the shared cluster', type: 'scatter', symbol: 'diamond', symbolSize: 14, itemStyle: { color: '#111827' },
      data: feasible.map((o) => (o.marginal_usd != null ? Number(o.marginal_usd) : null)),
    });
  }
  const c = chart('chart-costs');
  c.setOption({
    ...baseOption(),
    legend: { type: 'scroll', bottom: 0, data: series.filter((x) => x.name !== 'total').map((x) => x.name) },
    grid: { left: 70, right: 20, top: 30, bottom: 90 },
    xAxis: { type: 'category', data: feasible.map((o) => pname(o.platform)), axisLabel: { interval: 0, rotate: feasible.length > 6 ? 20 : 0 } },
    yAxis: { type: 'value', name: 'USD / month', axisLabel: { formatter: (v) => usd(v).replace('.00', '') } },
    tooltip: tooltip((p) => {
      const o = feasible[p.dataIndex];
      if (p.seriesName === 'adds to the shared cluster') {
        return `<div><b>${esc(pname(o.platform))}</b></div><div>adds ${usd(o.marginal_usd)} a month to the shared cluster</div><div>a cluster of its own: ${usd(o.monthly_usd)}</div><div>click for that cluster's line items</div>`;
      }
      const items = p.seriesName === 'other line items'
        ? o.line_items.filter((li) => !shown.includes(li.name))
        : o.line_items.filter((li) => li.name === p.seriesName);
      return `<div><b>${esc(pname(o.platform))}</b>: ${usd(o.monthly_usd)} a month</div>`
        + items.map((li) => `<div class="row"><span>${esc(li.name)}</span><span>${usd(li.amount_usd)}</span></div>`).join('')
        + '<div>click for every line item and its source</div>';
    }),
    series,
  }, true);
  c.off('click');
  c.on('click', (p) => { const o = feasible[p.dataIndex]; if (o) showOption(comp, o.platform); });
}

function renderTimeline(comp) {
  const tl = state.views.timeline;
  const s = tl && tl.components.find((x) => x.name === comp.name);
  $('timeline').hidden = !s;
  if (!s) return;
  $('timeline-hint').textContent = `Requests per second each hour of the month (mean, and the busiest minute), from the component's traffic shape: ${s.traffic}. Requests in flight = mean rate × duration (Little's law); the instances or replicas needed are at least that divided by the requests one serves at once.`;
  const hours = s.mean_rps.map((_, h) => h);
  const c = chart('chart-timeline');
  c.setOption({
    ...baseOption(),
    legend: { bottom: 0 },
    grid: { left: 70, right: 70, top: 30, bottom: 80 },
    tooltip: { trigger: 'axis', confine: true, className: 'tip', backgroundColor: '#fff', borderColor: '#cbd2d9', textStyle: { color: '#1f2933', fontSize: 12 },
      formatter: (ps) => `<div><b>day ${Math.floor(ps[0].dataIndex / 24) + 1}, ${String(ps[0].dataIndex % 24).padStart(2, '0')}:00 UTC</b></div>`
        + ps.map((p) => `<div class="row"><span>${esc(p.seriesName)}</span><span>${num(p.value)}${p.seriesIndex < 2 ? ' req/s' : ''}</span></div>`).join('') },
    xAxis: { type: 'category', data: hours, axisLabel: { formatter: (v) => `day ${Math.floor(v / 24) + 1}`, interval: (i) => i % (24 * (s.mean_rps.length > 24 * 10 ? 3 : 1)) === 0 } },
    yAxis: [{ type: 'value', name: 'requests / s' }, { type: 'value', name: 'in flight', position: 'right', splitLine: { show: false } }],
    dataZoom: [{ type: 'inside' }, { type: 'slider', bottom: 28, height: 18 }],
    series: [
      { name: 'mean rate', type: 'line', showSymbol: false, data: s.mean_rps, lineStyle: { width: 1.5 } },
      { name: 'busiest minute', type: 'line', showSymbol: false, data: s.peak_rps, lineStyle: { width: 1, type: 'dashed' } },
      ...(s.in_flight ? [{ name: 'requests in flight (Little\'s law)', type: 'line', yAxisIndex: 1, showSymbol: false, data: s.in_flight, lineStyle: { width: 1 }, color: '#d97706' }] : []),
    ],
  }, true);
}

// The Kubernetes simulator's week, hour by hour (clusters[].simulation.
// timeline): the component's request rate, its replicas on each shared
// cluster, and each cluster's nodes.
function renderKubeWeek(comp) {
  const cls = (state.analysis.clusters || []).filter((cl) => cl.simulation && cl.simulation.timeline
    && cl.simulation.timeline.replicas && cl.simulation.timeline.replicas[comp.name]);
  $('kube-week').hidden = cls.length === 0;
  if (!cls.length) return;
  const tl0 = cls[0].simulation.timeline;
  const colors = { eks: '#d97706', gke: '#16a34a', aks: '#2563eb' };
  const series = [{ name: 'requests / s (simulated)', type: 'line', showSymbol: false, data: tl0.rps[comp.name], color: '#9aa5b1', areaStyle: { opacity: 0.15 }, lineStyle: { width: 1 } }];
  cls.forEach((cl) => {
    const tl = cl.simulation.timeline;
    const col = colors[cl.platform] || undefined;
    series.push({ name: `${pname(cl.platform)} replicas`, type: 'line', yAxisIndex: 1, showSymbol: false, step: 'middle', data: tl.replicas[comp.name], color: col, lineStyle: { width: 2 } });
    series.push({ name: `${pname(cl.platform)} nodes (whole cluster)`, type: 'line', yAxisIndex: 1, showSymbol: false, step: 'middle', data: tl.nodes, color: col, lineStyle: { width: 1, type: 'dashed' } });
  });
  const hours = tl0.hour.length;
  $('kube-week-hint').textContent = `The HPA and the cluster autoscaler following ${comp.name}'s traffic on each shared cluster it can run on, `
    + `${hours} hours simulated (means of each hour); the nodes are the whole cluster's, shared with ${cls[0].components.filter((c) => c !== comp.name).join(', ') || 'no other component'}.`;
  chart('chart-kube-week').setOption({
    ...baseOption(),
    legend: { type: 'scroll', bottom: 0 },
    grid: { left: 70, right: 70, top: 30, bottom: 80 },
    tooltip: { trigger: 'axis', confine: true, className: 'tip', backgroundColor: '#fff', borderColor: '#cbd2d9', textStyle: { color: '#1f2933', fontSize: 12 },
      formatter: (ps) => `<div><b>day ${Math.floor(ps[0].dataIndex / 24) + 1}, ${String(ps[0].dataIndex % 24).padStart(2, '0')}:00</b></div>`
        + ps.map((p) => `<div class="row"><span>${esc(p.seriesName)}</span><span>${num(p.value)}</span></div>`).join('') },
    xAxis: { type: 'category', data: tl0.hour, axisLabel: { formatter: (v) => `day ${Math.floor(v / 24) + 1}`, interval: (i) => i % 24 === 0 } },
    yAxis: [{ type: 'value', name: 'requests / s' }, { type: 'value', name: 'replicas, nodes', position: 'right', minInterval: 1, splitLine: { show: false } }],
    dataZoom: [{ type: 'inside' }, { type: 'slider', bottom: 28, height: 18 }],
    series,
  }, true);
}

// Simulation results per option: the serverless simulator's month (cold
// starts, latency percentiles, the SLO) and the Kubernetes simulator's
// latency on the shared cluster (options[].simulation, .cluster_simulation).
function renderColdStarts(comp) {
  const sims = comp.options.filter((o) => o.feasible && (o.simulation || o.cluster_simulation));
  $('coldstarts').hidden = sims.length === 0;
  if (!sims.length) return;
  const lat = (o, k) => {
    const sm = o.simulation || o.cluster_simulation;
    const v = sm[`${k}_ms`];
    return v === undefined || v === null ? null : Math.round(v * 10) / 10;
  };
  const slo = sims.map((o) => (o.simulation || o.cluster_simulation).slo_p99_ms).find((v) => v) || null;
  const missed = sims.filter((o) => (o.simulation && o.simulation.slo_met === false)
    || (o.cluster_simulation && o.cluster_simulation.slo_violation_minutes > 0)).map((o) => pname(o.platform));
  $('coldstarts-hint').textContent = (slo ? `p99 latency objective ${num(slo)} ms${missed.length ? `; missed on ${missed.join(', ')}` : '; every simulated option meets it'}. ` : 'No latency objective in the spec. ')
    + 'Serverless: a simulated month of arrivals, cold starts and keep-alive; Kubernetes: the HPA and cluster autoscaler on the shared cluster. Latency axis is logarithmic.';
  const c = chart('chart-coldstarts');
  c.setOption({
    ...baseOption(),
    legend: { bottom: 0 },
    grid: { left: 70, right: 80, top: 40, bottom: 70 },
    tooltip: { trigger: 'axis', confine: true, className: 'tip', backgroundColor: '#fff', borderColor: '#cbd2d9', textStyle: { color: '#1f2933', fontSize: 12 },
      formatter: (ps) => {
        const o = sims[ps[0].dataIndex];
        const sm = o.simulation;
        const cl = o.cluster_simulation;
        let h = `<div><b>${esc(pname(o.platform))}</b></div>`;
        h += ps.filter((p) => p.value !== null && p.value !== undefined).map((p) => `<div class="row"><span>${esc(p.seriesName)}</span><span>${num(p.value)}${p.seriesName === 'cold starts' ? ' %' : ' ms'}</span></div>`).join('');
        if (sm) {
          h += `<div>${num(sm.mean_instances)} instances on average, ${sm.max_instances} at most; ${esc(sm.method)}</div>`;
          if (sm.slo_met === false) h += `<div>misses the SLO${sm.provisioned ? `; ${sm.provisioned} provisioned instances bring p99 to ${num(sm.provisioned_p99_ms)} ms for ${usd(sm.provisioned_usd)} a month` : ''}</div>`;
        }
        if (cl) h += `<div>${num(cl.replicas_mean)} replicas on average, ${num(cl.replicas_max)} at most; ${cl.slo_violation_minutes} minute(s) over the SLO</div>`;
        return h;
      } },
    xAxis: { type: 'category', data: sims.map((o) => pname(o.platform)), axisLabel: { interval: 0, rotate: sims.length > 6 ? 20 : 0 } },
    yAxis: [{ type: 'log', name: 'latency ms', min: 1 }, { type: 'value', name: 'cold starts %', position: 'right', splitLine: { show: false } }],
    series: [
      ...['p50', 'p95', 'p99', 'p999'].map((k) => ({
        name: k === 'p999' ? 'p99.9' : k, type: 'bar', barMaxWidth: 18, data: sims.map((o) => lat(o, k)),
        markLine: k === 'p99' && slo ? { symbol: 'none', silent: true, data: [{ yAxis: slo }], label: { formatter: `p99 SLO ${num(slo)} ms`, color: '#b42318' }, lineStyle: { color: '#b42318', type: 'dashed' } } : undefined,
      })),
      { name: 'cold starts', type: 'line', yAxisIndex: 1, symbolSize: 7,
        data: sims.map((o) => (o.simulation ? Math.round(o.simulation.cold_start_fraction * 1e5) / 1e3 : null)) },
    ],
  }, true);
}

// Break-even curves (cost against requests per month, log scale, crossing
// marked) are drawn when the views carry them (internal/planner).
function breakevenOption(be) {
  const pts = be.curve || [];
  const line = (name, key, extra) => ({
    name, type: 'line', showSymbol: true, symbolSize: 4, connectNulls: false, ...extra,
    data: pts.map((p) => [p.requests_per_month, p[key] === null || p[key] === undefined ? null : Number(p[key])]),
  });
  const marks = [{ xAxis: be.requests_per_month, name: 'today', lineStyle: { color: '#52606d', type: 'dotted' }, label: { formatter: 'today' } }];
  if (be.breakeven_requests_per_month) {
    marks.push({ xAxis: be.breakeven_requests_per_month, name: 'break-even', lineStyle: { color: '#b42318' },
      label: { formatter: `break-even\n${num(be.breakeven_requests_per_month)}/mo` } });
  }
  if (be.breakeven_requests_per_month_with_people) {
    marks.push({ xAxis: be.breakeven_requests_per_month_with_people, name: 'with people', lineStyle: { color: '#9333ea' },
      label: { formatter: `with people\n${num(be.breakeven_requests_per_month_with_people)}/mo` } });
  }
  const series = [
    line('cheapest serverless', 'serverless_usd', { color: '#2563eb' }),
    line('cheapest cluster of its own', 'kubernetes_usd', { color: '#16a34a' }),
    line('cluster with the people who run it', 'kubernetes_with_people_usd', { color: '#9333ea', lineStyle: { type: 'dashed' } }),
  ];
  series[0].markLine = { symbol: 'none', silent: true, data: marks, label: { color: '#1f2933', fontSize: 11 } };
  return {
    ...baseOption(), legend: { bottom: 0 }, grid: { left: 80, right: 60, top: 60, bottom: 60 },
    tooltip: { trigger: 'axis', confine: true, className: 'tip', backgroundColor: '#fff', borderColor: '#cbd2d9', textStyle: { color: '#1f2933', fontSize: 12 },
      formatter: (ps) => {
        const p = pts[ps[0].dataIndex] || {};
        return `<div><b>${num(p.requests_per_month)} requests a month</b></div>`
          + `<div class="row"><span>serverless (${esc(pname(p.serverless_platform || ''))})</span><span>${usd(p.serverless_usd)}</span></div>`
          + `<div class="row"><span>cluster (${esc(pname(p.kubernetes_platform || ''))})</span><span>${usd(p.kubernetes_usd)}</span></div>`
          + `<div class="row"><span>cluster with people</span><span>${usd(p.kubernetes_with_people_usd)}</span></div>`;
      } },
    xAxis: { type: 'log', name: 'requests / month', nameLocation: 'middle', nameGap: 28, axisLabel: { formatter: (v) => num(v) } },
    yAxis: { type: 'log', name: 'USD / month', axisLabel: { formatter: (v) => usd(v).replace('.00', '') } },
    series,
  };
}

function breakevenText(be) {
  const parts = [];
  parts.push(be.breakeven_requests_per_month
    ? `A cluster of its own costs no more than ${pname(be.serverless_platform)} from ${num(be.breakeven_requests_per_month)} requests a month (people left out).`
    : (be.reason || 'The lines do not cross in the range.'));
  parts.push(be.breakeven_requests_per_month_with_people
    ? `Counting the people who run the cluster (${usd(be.people_usd)} a month): from ${num(be.breakeven_requests_per_month_with_people)} requests a month.`
    : (be.reason_with_people || ''));
  parts.push(`Today: ${num(be.requests_per_month)} requests a month.`);
  return [...new Set(parts.filter(Boolean).map((x) => (/[.!?]$/.test(x) ? x : `${x}.`)))].join(' ');
}

function renderBreakeven(comp) {
  const be = (state.views.breakeven || []).find((x) => x.component === comp.name && (x.curve || []).length);
  $('breakeven').hidden = !be;
  if (!be) return;
  $('breakeven-hint').textContent = breakevenText(be);
  chart('chart-breakeven').setOption(breakevenOption(be), true);
}

// The growth plan and the whole system's break-even (internal/planner).
function renderGrowth(views) {
  const plan = views.plan;
  const sys = (views.breakeven || []).find((x) => x.component === '(system)' && (x.curve || []).length);
  const months = (plan && plan.timeline) || [];
  $('growth').hidden = !months.length && !sys;
  $('system-breakeven').hidden = !sys;
  if (sys) {
    $('system-breakeven-hint').textContent = `Every component that can run both ways (${(sys.components || []).join(', ')}) scaled together. ${breakevenText(sys)}`;
    chart('chart-system-breakeven').setOption(breakevenOption(sys), true);
  }
  $('plan').hidden = !months.length;
  if (!months.length) {
    $('growth').hidden = !sys && document.body.classList.contains('report');
    return;
  }
  const g = plan.growth_per_month;
  $('plan-hint').textContent = `${plan.months} months, ${g !== null && g !== undefined ? `every component growing ${num(g * 100)}% a month` : 'each component growing at its own rate'}; `
    + `keeping today's placement costs ${usd(plan.stay_usd)}, following the plan ${usd(plan.plan_usd)} including ${usd(plan.migrations_usd)} of migrations `
    + `(${num(plan.migration_weeks)} engineer-weeks each): it saves ${usd(plan.saving_usd)}.`;
  const moves = months.filter((m) => (m.moves || []).length).map((m) => ({ xAxis: String(m.month), label: { formatter: `month ${m.month}: ${m.moves.join(', ')}` } }));
  chart('chart-growth').setOption({
    ...baseOption(), legend: { bottom: 0 }, grid: { left: 80, right: 40, top: 40, bottom: 60 },
    tooltip: { trigger: 'axis', confine: true, className: 'tip', backgroundColor: '#fff', borderColor: '#cbd2d9', textStyle: { color: '#1f2933', fontSize: 12 },
      formatter: (ps) => {
        const m = months[ps[0].dataIndex];
        return `<div><b>month ${m.month}</b>: ${num(m.requests_per_month)} requests</div>`
          + ps.map((p) => `<div class="row"><span>${esc(p.seriesName)}</span><span>${usd(p.value)}</span></div>`).join('')
          + ((m.moves || []).length ? `<div>moves: ${esc(m.moves.join(', '))}</div>` : '');
      } },
    xAxis: { type: 'category', data: months.map((m) => String(m.month)), name: 'month', nameLocation: 'middle', nameGap: 28 },
    yAxis: { type: 'value', name: 'USD / month', axisLabel: { formatter: (v) => usd(v).replace('.00', '') } },
    series: [
      { name: 'the plan', type: 'line', data: months.map((m) => Number(m.monthly_usd)), color: '#16a34a',
        markLine: moves.length ? { symbol: 'none', silent: true, data: moves, lineStyle: { color: '#b42318', type: 'dashed' }, label: { color: '#1f2933', fontSize: 11 } } : undefined },
      { name: "keep today's placement", type: 'line', data: months.map((m) => Number(m.stay_usd)), color: '#2563eb' },
      { name: 'cheapest each month (no migration cost)', type: 'line', data: months.map((m) => Number(m.recommended_usd)), color: '#9aa5b1', lineStyle: { type: 'dashed' } },
    ],
  }, true);
  $('plan-table').querySelector('tbody').innerHTML = (plan.components || []).map((c) => `<tr><td>${esc(c.component)}</td><td>${esc(pname(c.start_platform))}</td>`
    + `<td>${c.moves_to ? `${esc(pname(c.moves_to))} in month ${c.move_month}` : 'stays'}</td><td>${c.payback_month ? `month ${c.payback_month}` : '–'}</td>`
    + `<td class="num">${usd(c.saving_usd)}</td><td class="why">${esc(c.reason || '')}</td></tr>`).join('');
}

// ---------- details panel: every number's line items and sources ----------

function itemsTable(items) {
  return `<table class="grid"><thead><tr><th>line item</th><th class="num">quantity</th><th>unit</th><th class="num">unit price</th><th class="num">amount</th><th>source</th></tr></thead><tbody>${
    items.map((li) => `<tr><td>${esc(li.name)}</td><td class="num">${num(li.quantity)}</td><td>${esc(li.unit)}</td><td class="num">${esc(li.unit_price)}</td><td class="num">${usd(li.amount_usd)}</td><td>${srcLink(li.source)}</td></tr>`).join('')
  }</tbody></table>`;
}

function srcLink(s) {
  if (!s) return '';
  if (/^https:\/\//.test(s)) return `<a href="${esc(s)}" rel="noreferrer noopener" target="_blank">${esc(new URL(s).hostname)}</a>`;
  return esc(s);
}

function openDetails(title, html) {
  $('details-title').textContent = title;
  $('details-body').innerHTML = html;
  $('details').hidden = false;
}

function showOption(comp, platform) {
  const o = comp && option(comp, platform);
  if (!o) return;
  let html = `<p class="meta">${esc(comp.type)}, ${num(comp.requests_per_month)} requests a month, mean ${num(comp.mean_rps)} req/s, peak ${num(comp.peak_rps)} req/s, traffic ${esc(comp.traffic)}.</p>`;
  html += `<p><b>${usd(o.monthly_usd)}</b> a month${o.kind === 'kubernetes' ? ' on a cluster of its own' : ''}`;
  if (o.marginal_usd !== undefined && o.marginal_usd !== null) html += `; it adds <b>${usd(o.marginal_usd)}</b> to the shared cluster`;
  html += '.</p>';
  html += itemsTable(o.line_items);
  if ((o.reasons || []).length) html += `<h3>Reasons</h3><ul class="reasons">${o.reasons.map((r) => `<li>${esc(r)}</li>`).join('')}</ul>`;
  if ((o.sources || []).length) html += `<h3>Sources</h3><ul class="sources">${o.sources.map((s) => `<li>${srcLink(s)} ${/^https/.test(s) ? `<span class="meta">${esc(s)}</span>` : ''}</li>`).join('')}</ul>`;
  openDetails(`${comp.name} on ${pname(platform)}`, html);
}

function showCluster(platform, arch) {
  const a = state.analysis;
  const cl = (a.clusters || []).find((c) => c.platform === platform);
  const members = (arch.placement || []).filter((p) => p.platform === platform).map((p) => p.component);
  let html = `<p>In <b>${esc(arch.name)}</b> the ${esc(pname(platform))} cluster runs ${members.map(esc).join(', ')}.</p>`;
  if (cl) {
    const same = cl.components.length === members.length && cl.components.every((m) => members.includes(m));
    html += `<p class="meta">${same ? 'The cluster' : 'The shared cluster sized for every component that can run there'} (${cl.components.map(esc).join(', ')}): `
      + `${num(cl.mean_nodes)} ${esc(cl.node_type)} nodes on average (peak ${cl.max_nodes})${cl.gpu_node_type ? `, ${num(cl.gpu_node_hours)} ${esc(cl.gpu_node_type)} node-hours` : ''}, `
      + `CPU ${Math.round(cl.cpu_utilization * 100)}% used, ${usd(cl.monthly_usd)} a month.</p>`;
    html += itemsTable(cl.line_items);
  }
  html += `<h3>What each component adds</h3><ul>${members.map((m) => {
    const c = a.components.find((x) => x.name === m);
    const o = c && option(c, platform);
    return `<li>${esc(m)}: ${o && o.marginal_usd !== undefined ? usd(o.marginal_usd) : '–'}</li>`;
  }).join('')}</ul>`;
  openDetails(`${pname(platform)} cluster`, html);
}

function showArchitecture(arch) {
  const a = state.analysis;
  const parts = arch.feasible ? archParts(a, arch) : [];
  let html = arch.feasible ? `<p><b>${usd(arch.monthly_usd)}</b> a month.</p>` : '<p><b>Not feasible.</b></p>';
  if (parts.length) {
    html += '<table class="grid"><thead><tr><th>part</th><th>platform</th><th class="num">monthly</th></tr></thead><tbody>';
    parts.forEach((p, i) => { html += `<tr><td>${esc(p.name)}</td><td>${esc(pname(p.platform))}</td><td class="num"><button class="money" data-part="${i}">${usd(p.value)}</button></td></tr>`; });
    html += '</tbody></table>';
  }
  if ((arch.reasons || []).length) html += `<ul>${arch.reasons.map((r) => `<li>${esc(r)}</li>`).join('')}</ul>`;
  openDetails(`Architecture ${arch.name}`, html);
  $('details-body').querySelectorAll('button[data-part]').forEach((b) => b.addEventListener('click', () => {
    const p = parts[Number(b.dataset.part)];
    if (p.cluster) showCluster(p.platform, arch);
    else if (!p.account) showOption(a.components.find((c) => c.name === p.name), p.platform);
  }));
}

document.addEventListener('click', (ev) => {
  const b = ev.target.closest('button.money');
  if (!b || !state.analysis) return;
  if (b.dataset.comp !== undefined) showOption(state.analysis.components[Number(b.dataset.comp)], b.dataset.platform);
  if (b.dataset.arch !== undefined) showArchitecture(state.analysis.architectures[Number(b.dataset.arch)]);
});
$('details-close').addEventListener('click', () => { $('details').hidden = true; });
document.addEventListener('keydown', (ev) => { if (ev.key === 'Escape') $('details').hidden = true; });
$('component-select').addEventListener('change', (ev) => { state.component = ev.target.value; renderComponent(); });
$('kube-mode').addEventListener('change', () => { if (state.analysis) renderComponent(); });
$('diagram-select').addEventListener('change', (ev) => { state.diagram = ev.target.value; drawDiagram(); });

// ---------- the editor (served page only) ----------

const ta = $('spec');
let problems = [];
let warnings = [];

function paintEditor() {
  const lines = ta.value.split('\n');
  const byLine = new Map();
  problems.forEach((p) => { if (p.line) byLine.set(p.line, 'error'); });
  warnings.forEach((p) => { if (p.line && !byLine.has(p.line)) byLine.set(p.line, 'warning'); });
  $('gutter').innerHTML = lines.map((_, i) => {
    const cls = byLine.get(i + 1);
    const msgs = [...problems, ...warnings].filter((p) => p.line === i + 1).map((p) => p.message).join('\n');
    return `<div${cls ? ` class="${cls}" title="${esc(msgs)}"` : ''} data-line="${i + 1}">${i + 1}</div>`;
  }).join('');
  $('overlay').innerHTML = lines.map((line, i) => {
    const cls = byLine.get(i + 1);
    if (!cls) return `<div>${esc(line) || ' '}</div>`;
    const p = [...problems, ...warnings].find((x) => x.line === i + 1);
    const col = Math.max(1, p.column || 1) - 1;
    const rest = line.slice(col);
    const word = (rest.match(/^\S+/) || [' '])[0];
    return `<div class="line-${cls}">${esc(line.slice(0, col))}<mark class="${cls}">${esc(word)}</mark>${esc(rest.slice(word.length))}${line ? '' : ' '}</div>`;
  }).join('');
  syncScroll();
  $('problems').innerHTML = [...problems.map((p) => ({ ...p, cls: 'error' })), ...warnings.map((p) => ({ ...p, cls: 'warning' }))]
    .map((p) => `<li class="${p.cls}" data-line="${p.line || ''}" data-column="${p.column || ''}"><span class="pos">${p.line ? `${p.line}:${p.column || 1}` : ''}</span>${p.field ? `${esc(p.field)}: ` : ''}${esc(p.message)}</li>`).join('');
}

function syncScroll() {
  $('overlay').scrollTop = ta.scrollTop;
  $('overlay').scrollLeft = ta.scrollLeft;
  $('gutter').scrollTop = ta.scrollTop;
}

function jumpTo(line, column) {
  const lines = ta.value.split('\n');
  let pos = 0;
  for (let i = 0; i < line - 1 && i < lines.length; i++) pos += lines[i].length + 1;
  pos += Math.max(0, (column || 1) - 1);
  ta.focus();
  ta.setSelectionRange(pos, pos);
  ta.scrollTop = Math.max(0, (line - 5) * 20);
  syncScroll();
}

function setStatus(text, { error = false, progress = null } = {}) {
  $('status-text').textContent = text;
  $('status').classList.toggle('error', error);
  const bar = $('progress');
  bar.hidden = progress === null;
  if (progress !== null) bar.value = progress;
}

async function post(path, body) {
  const r = await fetch(path, { method: 'POST', body, headers: { 'Content-Type': 'application/yaml' } });
  let data = null;
  try { data = await r.json(); } catch (e) { data = null; }
  return { status: r.status, data };
}

let timer = null;
let lastRun = null;
let validateSeq = 0;

function scheduleCheck(delay = 350) {
  clearTimeout(timer);
  timer = setTimeout(check, delay);
}

async function check() {
  const text = ta.value;
  const seq = ++validateSeq;
  if (!text.trim()) { problems = []; warnings = []; paintEditor(); return; }
  const { status, data } = await post('/api/validate', text);
  if (seq !== validateSeq) return; // a newer edit is on its way
  if (status !== 200 || !data) {
    problems = [{ message: (data && data.error) || `validation failed (HTTP ${status})` }];
    warnings = [];
    paintEditor();
    setStatus('The spec could not be checked.', { error: true });
    return;
  }
  problems = data.problems || [];
  warnings = data.warnings || [];
  paintEditor();
  if (!data.valid) {
    setStatus(`${problems.length} problem${problems.length === 1 ? '' : 's'} in the spec; the results show the last valid version.`, { error: true });
    document.body.dataset.valid = '0';
    return;
  }
  document.body.dataset.valid = '1';
  if (text === lastRun) { setStatus('Up to date.'); return; }
  lastRun = text;
  startRun(text);
}

// runQuery is the query of a run or report: ?growth= and ?uncertainty=.
function runQuery() {
  const q = new URLSearchParams();
  const growth = $('growth-rate').value.trim();
  if (growth) q.set('growth', growth);
  const n = Math.round(Number($('uncertainty-samples').value));
  if (n > 0) q.set('uncertainty', String(Math.min(n, 2000)));
  const s = q.toString();
  return s ? `?${s}` : '';
}

// Analyses run on the server; their progress streams over server-sent events.
async function startRun(text) {
  const seq = ++state.runSeq;
  if (state.es) { state.es.close(); state.es = null; }
  if (state.runID) { fetch(`/api/runs/${state.runID}`, { method: 'DELETE' }).catch(() => {}); state.runID = null; }
  setStatus('Analysing…', { progress: 0 });
  const { status, data } = await post(`/api/runs${runQuery()}`, text);
  if (seq !== state.runSeq) return;
  if (status !== 202) {
    if (data && data.problems) { problems = data.problems; paintEditor(); }
    setStatus((data && data.error) || `analysis failed (HTTP ${status})`, { error: true });
    lastRun = null;
    return;
  }
  const es = new EventSource(data.events);
  state.es = es;
  state.runID = data.id;
  es.addEventListener('progress', (ev) => {
    if (seq !== state.runSeq) return;
    const p = JSON.parse(ev.data);
    document.body.dataset.progressEvents = String(Number(document.body.dataset.progressEvents || 0) + 1);
    // fraction is the share of the whole run done (the plan reports each
    // month); older servers sent only step of of.
    const f = typeof p.fraction === 'number' && p.fraction > 0 ? p.fraction : (p.of ? p.step / p.of : 0.5);
    document.body.dataset.progress = String(Math.round(f * 100));
    setStatus(`${p.message} (${Math.round(f * 100)} %)`, { progress: f });
  });
  es.addEventListener('result', (ev) => {
    if (seq !== state.runSeq) { es.close(); return; }
    render(JSON.parse(ev.data));
    $('download-report').disabled = false;
  });
  // Views that take longer (break-even curves, the growth plan) arrive as
  // updates merged into the result.
  es.addEventListener('update', (ev) => {
    if (seq !== state.runSeq) { es.close(); return; }
    render({ ...state.views, ...JSON.parse(ev.data) });
  });
  es.addEventListener('done', () => {
    es.close();
    if (state.runID === data.id) state.runID = null;
    if (seq !== state.runSeq) return;
    setStatus('Up to date.');
    document.body.dataset.done = String(Number(document.body.dataset.done || 0) + 1);
  });
  es.addEventListener('error', (ev) => {
    es.close();
    if (seq !== state.runSeq) return;
    let msg = 'the analysis failed';
    try { msg = JSON.parse(ev.data).error; } catch (e) { /* connection error */ }
    setStatus(msg, { error: true });
    lastRun = null;
  });
}

// downloadReport saves the last analysed spec's report (POST /api/report,
// the file `fulcrum report` writes) through a same-page blob link.
async function downloadReport() {
  if (!lastRun) return;
  const btn = $('download-report');
  btn.disabled = true;
  setStatus('Building the report…', { progress: 0.5 });
  try {
    const r = await fetch(`/api/report${runQuery()}`, { method: 'POST', body: lastRun });
    if (!r.ok) throw new Error(`HTTP ${r.status}`);
    const blob = await r.blob();
    const name = (/filename="([^"]+)"/.exec(r.headers.get('Content-Disposition') || '') || [])[1] || 'fulcrum-report.html';
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = name;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 10000);
    setStatus('Report saved.');
    document.body.dataset.reportSaved = name;
  } catch (e) {
    setStatus(`could not build the report: ${e.message}`, { error: true });
  } finally {
    btn.disabled = false;
  }
}

async function loadExamples() {
  const r = await fetch('/api/examples');
  const list = await r.json();
  const sel = $('examples');
  sel.innerHTML = '<option value="">choose…</option>' + list.map((e) => `<option value="${esc(e.name)}" title="${esc(e.description)}">${esc(e.name)}</option>`).join('');
  return list;
}

async function loadExample(name) {
  const r = await fetch(`/api/examples/${encodeURIComponent(name)}`);
  if (!r.ok) { setStatus(`could not load ${name}`, { error: true }); return; }
  ta.value = await r.text();
  $('examples').value = name;
  ta.scrollTop = 0;
  scheduleCheck(0);
}

function initEditor() {
  ta.addEventListener('input', () => { paintEditor(); scheduleCheck(); });
  ta.addEventListener('scroll', syncScroll);
  $('growth-rate').addEventListener('change', () => { lastRun = null; scheduleCheck(0); });
  $('uncertainty-samples').addEventListener('change', () => { lastRun = null; scheduleCheck(0); });
  $('download-report').addEventListener('click', downloadReport);
  ta.addEventListener('keydown', (ev) => {
    if (ev.key === 'Tab') { ev.preventDefault(); ta.setRangeText('  ', ta.selectionStart, ta.selectionEnd, 'end'); ta.dispatchEvent(new Event('input')); }
  });
  $('problems').addEventListener('click', (ev) => {
    const li = ev.target.closest('li');
    if (li && li.dataset.line) jumpTo(Number(li.dataset.line), Number(li.dataset.column));
  });
  $('examples').addEventListener('change', (ev) => { if (ev.target.value) loadExample(ev.target.value); });
  $('file').addEventListener('change', async (ev) => {
    const f = ev.target.files[0];
    if (!f) return;
    if (f.size > 1 << 20) { setStatus('That file is larger than 1 MiB.', { error: true }); return; }
    ta.value = await f.text();
    $('examples').value = '';
    scheduleCheck(0);
  });
  if (params.has('uncertainty')) $('uncertainty-samples').value = params.get('uncertainty');
  paintEditor();
  loadExamples().then((list) => {
    const def = list.find((e) => e.default) || list[0];
    const want = params.get('example') || (def && def.name);
    if (want) loadExample(want);
  }).catch(() => setStatus('could not list the examples', { error: true }));
}

// ---------- start ----------

const embedded = document.getElementById('fulcrum-data');
if (embedded) {
  document.body.classList.add('report');
  const views = JSON.parse(embedded.textContent);
  render(views);
  setStatus(`Report of ${state.analysis.name}, prices as of ${state.analysis.prices_as_of}.`);
} else {
  initEditor();
}
