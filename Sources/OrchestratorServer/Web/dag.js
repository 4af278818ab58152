// Layered DAG layout and its SVG drawing.
//
// layout(graph) is pure (no DOM), so it runs in node: longest-path layering from the sources,
// virtual nodes on edges spanning several layers, barycenter ordering sweeps (keeping the order
// with the fewest crossings), then evenly spaced coordinates. Layers are columns, left to right,
// so a wide fan becomes a tall column that still scales to a phone's width.
import { esc } from './dom.js';
import { stateKey, stateLabel } from './format.js';

export const DEFAULTS = {
  nodeHeight: 44,
  minNodeWidth: 136,
  maxNodeWidth: 420,
  charWidth: 7.3,   // 12px monospace
  padX: 12,
  rowGap: 14,       // between nodes of a layer
  dummyHeight: 6,   // the slot an edge passing through a layer takes
  colGap: 64,       // between layers
  margin: 12,
  sweeps: 16,
};

/** The set of edges (as index pairs) from `edges` and `depends_on`, deduplicated, unknown ids dropped. */
function collect(graph) {
  const ids = [];
  const index = new Map();
  const nodes = Array.isArray(graph?.nodes) ? graph.nodes : [];
  for (const n of nodes) {
    const id = String(n.id);
    if (!index.has(id)) { index.set(id, ids.length); ids.push(id); }
  }
  const seen = new Set();
  const edges = [];
  const add = (from, to) => {
    from = String(from); to = String(to);
    const a = index.get(from), b = index.get(to);
    if (a === undefined || b === undefined || a === b) return;
    const key = a + ',' + b;
    if (seen.has(key)) return;
    seen.add(key);
    edges.push([a, b]);
  };
  for (const e of Array.isArray(graph?.edges) ? graph.edges : []) add(e.from, e.to);
  for (const n of nodes) for (const d of Array.isArray(n.depends_on) ? n.depends_on : []) add(d, n.id);
  return { ids, edges };
}

/** Marks edges that close a cycle (found by depth-first search) so the layering can ignore them. */
function backEdges(count, edges) {
  const out = Array.from({ length: count }, () => []);
  edges.forEach(([a, b], i) => out[a].push([b, i]));
  const color = new Uint8Array(count); // 0 new, 1 on stack, 2 done
  const back = new Set();
  for (let root = 0; root < count; root++) {
    if (color[root]) continue;
    const stack = [[root, 0]];
    color[root] = 1;
    while (stack.length) {
      const top = stack[stack.length - 1];
      const [v, k] = top;
      if (k < out[v].length) {
        top[1]++;
        const [w, i] = out[v][k];
        if (color[w] === 1) back.add(i);
        else if (color[w] === 0) { color[w] = 1; stack.push([w, 0]); }
      } else {
        color[v] = 2;
        stack.pop();
      }
    }
  }
  return back;
}

/** Crossings between two adjacent layers: inversions of the lower ends, counted with a Fenwick tree. */
function crossings(pairs, size) {
  pairs.sort((p, q) => p[0] - q[0] || p[1] - q[1]);
  const tree = new Int32Array(size + 1);
  let total = 0, seen = 0;
  for (const [, b] of pairs) {
    let s = 0;
    for (let i = b + 1; i > 0; i -= i & -i) s += tree[i];
    total += seen - s;
    for (let i = b + 1; i <= size; i += i & -i) tree[i]++;
    seen++;
  }
  return total;
}

/**
 * Lays out a graph {nodes:[{id, depends_on}], edges:[{from, to}]}.
 * Returns {nodes:[{id, x, y, width, height, layer, order}], edges:[{from, to, points:[[x,y]...]}],
 * width, height}; node boxes never overlap. Edge points run from the right side of `from` to the
 * left side of `to`, through the slots of the layers in between.
 */
export function layout(graph, options = {}) {
  const o = { ...DEFAULTS, ...options };
  const { ids, edges } = collect(graph);
  const n = ids.length;
  if (n === 0) return { nodes: [], edges: [], width: 2 * o.margin, height: 2 * o.margin };

  // Layering: longest path from the sources, over the edges minus those closing cycles.
  const back = backEdges(n, edges);
  const dag = edges.map(([a, b], i) => (back.has(i) ? [b, a, true] : [a, b, false]));
  const succ = Array.from({ length: n }, () => []);
  const indeg = new Int32Array(n);
  for (const [a, b] of dag) { succ[a].push(b); indeg[b]++; }
  const layerOf = new Int32Array(n);
  const queue = [];
  for (let v = 0; v < n; v++) if (indeg[v] === 0) queue.push(v);
  for (let qi = 0; qi < queue.length; qi++) {
    const v = queue[qi];
    for (const w of succ[v]) {
      if (layerOf[v] + 1 > layerOf[w]) layerOf[w] = layerOf[v] + 1;
      if (--indeg[w] === 0) queue.push(w);
    }
  }
  let layerCount = 0;
  for (let v = 0; v < n; v++) layerCount = Math.max(layerCount, layerOf[v] + 1);

  // Virtual nodes: an edge spanning k layers becomes a chain through k-1 virtual nodes.
  const layerOfAll = Array.from(layerOf);
  const up = Array.from({ length: n }, () => []);
  const down = Array.from({ length: n }, () => []);
  const chains = []; // per dag edge: the node sequence
  for (const [a, b] of dag) {
    const chain = [a];
    let prev = a;
    for (let l = layerOf[a] + 1; l < layerOf[b]; l++) {
      const d = layerOfAll.length;
      layerOfAll.push(l); up.push([]); down.push([]);
      down[prev].push(d); up[d].push(prev);
      chain.push(d);
      prev = d;
    }
    down[prev].push(b); up[b].push(prev);
    chain.push(b);
    chains.push(chain);
  }
  const total = layerOfAll.length;
  const isDummy = (v) => v >= n;

  // Initial order: real nodes in the order given (which is how the workflow file lists them),
  // virtual nodes after them; the first sweep sorts by barycenter.
  const layers = Array.from({ length: layerCount }, () => []);
  for (let v = 0; v < total; v++) layers[layerOfAll[v]].push(v);
  const pos = new Float64Array(total);
  const setPositions = () => { for (const layer of layers) layer.forEach((v, i) => { pos[v] = i; }); };
  setPositions();

  const countAll = () => {
    let c = 0;
    for (let l = 0; l + 1 < layerCount; l++) {
      const pairs = [];
      for (const v of layers[l]) for (const w of down[v]) pairs.push([pos[v], pos[w]]);
      c += crossings(pairs, layers[l + 1].length);
    }
    return c;
  };
  const sortLayer = (layer, neighbours) => {
    const keyed = layer.map((v) => {
      const ns = neighbours[v];
      if (ns.length === 0) return [v, pos[v]];
      let s = 0;
      for (const w of ns) s += pos[w];
      return [v, s / ns.length];
    });
    keyed.sort((p, q) => p[1] - q[1] || pos[p[0]] - pos[q[0]]);
    for (let i = 0; i < keyed.length; i++) { layer[i] = keyed[i][0]; pos[layer[i]] = i; }
  };

  let best = layers.map((l) => l.slice());
  let bestCrossings = countAll();
  let stale = 0;
  for (let sweep = 0; sweep < o.sweeps && bestCrossings > 0; sweep++) {
    if (sweep % 2 === 0) for (let l = 1; l < layerCount; l++) sortLayer(layers[l], up);
    else for (let l = layerCount - 2; l >= 0; l--) sortLayer(layers[l], down);
    const c = countAll();
    if (c < bestCrossings) { bestCrossings = c; best = layers.map((l) => l.slice()); stale = 0; }
    else if (++stale >= 4) break;
  }
  for (let l = 0; l < layerCount; l++) layers[l] = best[l];
  setPositions();

  // Coordinates: columns as wide as their widest label; nodes stacked evenly, each column centred.
  const width = new Float64Array(layerCount);
  const nodeWidth = (id) => Math.min(o.maxNodeWidth, Math.max(o.minNodeWidth, Math.ceil(id.length * o.charWidth + 2 * o.padX)));
  for (let v = 0; v < n; v++) width[layerOf[v]] = Math.max(width[layerOf[v]], nodeWidth(ids[v]));
  const colX = new Float64Array(layerCount);
  let x = o.margin;
  for (let l = 0; l < layerCount; l++) { colX[l] = x; x += width[l] + o.colGap; }
  const totalWidth = x - o.colGap + o.margin;

  const slot = (v) => (isDummy(v) ? o.dummyHeight : o.nodeHeight);
  const columnHeight = layers.map((layer) => layer.reduce((h, v) => h + slot(v), 0) + Math.max(0, layer.length - 1) * o.rowGap);
  const maxHeight = Math.max(...columnHeight);
  const top = new Float64Array(total);
  layers.forEach((layer, l) => {
    let y = o.margin + (maxHeight - columnHeight[l]) / 2;
    for (const v of layer) { top[v] = y; y += slot(v) + o.rowGap; }
  });

  const nodes = [];
  for (let v = 0; v < n; v++) {
    const l = layerOf[v];
    nodes.push({ id: ids[v], x: colX[l], y: top[v], width: width[l], height: o.nodeHeight, layer: l, order: pos[v] });
  }
  const outEdges = dag.map(([a, b, reversed], i) => {
    const chain = chains[i];
    const points = [[colX[layerOf[a]] + width[layerOf[a]], top[a] + o.nodeHeight / 2]];
    for (let k = 1; k < chain.length - 1; k++) {
      const d = chain[k], l = layerOfAll[d], y = top[d] + o.dummyHeight / 2;
      points.push([colX[l], y], [colX[l] + width[l], y]);
    }
    points.push([colX[layerOf[b]], top[b] + o.nodeHeight / 2]);
    if (reversed) points.reverse();
    return { from: ids[reversed ? b : a], to: ids[reversed ? a : b], points, reversed };
  });
  return { nodes, edges: outEdges, width: totalWidth, height: maxHeight + 2 * o.margin, crossings: bestCrossings };
}

const r1 = (v) => Math.round(v * 10) / 10;

/** An SVG path through the points: straight along a layer, smooth curves between layers. */
export function edgePath(points) {
  let d = `M${r1(points[0][0])},${r1(points[0][1])}`;
  for (let i = 1; i < points.length; i++) {
    const [x0, y0] = points[i - 1], [x1, y1] = points[i];
    if (y0 === y1) { d += ` L${r1(x1)},${r1(y1)}`; continue; }
    const c = (x1 - x0) / 2;
    d += ` C${r1(x0 + c)},${r1(y0)} ${r1(x1 - c)},${r1(y1)} ${r1(x1)},${r1(y1)}`;
  }
  return d;
}

/** Squeezes a label that would overflow its box (ids are never cut: the text stays the full id). */
function fit(chars, boxWidth, o) {
  const room = boxWidth - 2 * o.padX;
  return chars * o.charWidth > room ? ` textLength="${r1(room)}" lengthAdjust="spacingAndGlyphs"` : '';
}

function nodeMarkup(node, info, o) {
  const { state, subtitle, selected } = info;
  const hasState = state !== undefined && state !== null;
  const second = hasState ? stateLabel(state) : (subtitle ?? '');
  const label = hasState ? `${node.id}: ${stateLabel(state)}` : (subtitle ? `${node.id} (${subtitle})` : node.id);
  const cls = `node${hasState ? ' state-' + stateKey(state) : ''}${selected ? ' selected' : ''}`;
  const tx = r1(node.x + o.padX);
  return `<g class="${cls}" data-task="${esc(node.id)}"${hasState ? ` data-state="${esc(state)}"` : ''}` +
    (o.interactive ? ` tabindex="0" role="button"` : ` role="img"`) +
    ` aria-label="${esc(label)}"${selected ? ' aria-current="true"' : ''}>` +
    `<title>${esc(info.title ?? label)}</title>` +
    `<rect x="${r1(node.x)}" y="${r1(node.y)}" width="${r1(node.width)}" height="${r1(node.height)}" rx="6" ry="6"></rect>` +
    `<text class="node-id" x="${tx}" y="${r1(node.y + 18)}"${fit(node.id.length, node.width, o)}>${esc(node.id)}</text>` +
    `<text class="${hasState ? 'state state-' + stateKey(state) : 'node-type'}" x="${tx}" y="${r1(node.y + 34)}">${esc(second)}</text>` +
    `</g>`;
}

/**
 * Draws the graph into `svg` (replacing its content) in one innerHTML assignment.
 * `info(id)` returns {state, subtitle, title, selected} for a node: with a state the second line
 * is the state word and the node carries data-state; without, the second line is `subtitle`.
 * `onSelect(id)` is called when a node is clicked or activated with Enter/Space; nodes are
 * focusable buttons (tabindex=0, role=button, aria-label "ID: STATE") unless `interactive` is false.
 */
export function renderDag(svg, graph, { info = () => ({}), onSelect, label = 'Task graph', interactive = true } = {}) {
  const o = { ...DEFAULTS, interactive };
  const result = layout(graph);
  const parts = [
    '<defs><marker id="dag-arrow" viewBox="0 0 10 10" refX="9.5" refY="5" markerWidth="7" markerHeight="7" ' +
    'orient="auto-start-reverse" markerUnits="userSpaceOnUse"><path d="M0,0 L10,5 L0,10 z"></path></marker></defs>',
    '<g class="edges">',
  ];
  for (const e of result.edges) {
    parts.push(`<path class="edge" data-from="${esc(e.from)}" data-to="${esc(e.to)}" d="${edgePath(e.points)}" marker-end="url(#dag-arrow)"></path>`);
  }
  parts.push('</g><g class="nodes">');
  for (const node of result.nodes) parts.push(nodeMarkup(node, info(node.id) || {}, o));
  parts.push('</g>');
  if (result.nodes.length === 0) {
    parts.push('<text class="empty" x="12" y="28">No tasks.</text>');
    result.width = 200; result.height = 44;
  }
  svg.setAttribute('viewBox', `0 0 ${Math.ceil(result.width)} ${Math.ceil(result.height)}`);
  svg.setAttribute('role', 'group');
  svg.setAttribute('aria-label', label);
  svg.style.maxWidth = `${Math.ceil(result.width)}px`;
  svg.innerHTML = parts.join('');
  svg.dagSelect = onSelect;
  if (!svg.dagListening) {
    svg.dagListening = true;
    const pick = (target) => target.closest?.('g.node')?.getAttribute('data-task');
    svg.addEventListener('click', (ev) => {
      const id = pick(ev.target);
      if (id !== null && id !== undefined) svg.dagSelect?.(id);
    });
    svg.addEventListener('keydown', (ev) => {
      if (ev.key !== 'Enter' && ev.key !== ' ') return;
      const id = pick(ev.target);
      if (id === null || id === undefined) return;
      ev.preventDefault();
      svg.dagSelect?.(id);
    });
  }
  return result;
}

/** Updates node states in place (no new layout): `states` maps task id → state. */
export function updateDagStates(svg, states, { selected } = {}) {
  for (const g of svg.querySelectorAll('g.node')) {
    const id = g.getAttribute('data-task');
    const state = states instanceof Map ? states.get(id) : states[id];
    if (state !== undefined) setNodeState(g, id, state);
    if (selected !== undefined) markSelected(g, id === selected);
  }
}

function markSelected(g, on) {
  g.classList.toggle('selected', on);
  if (on) g.setAttribute('aria-current', 'true'); else g.removeAttribute('aria-current');
}

function setNodeState(g, id, state) {
  if (g.getAttribute('data-state') === state) return;
  const key = stateKey(state);
  g.setAttribute('data-state', state);
  for (const c of [...g.classList]) if (c.startsWith('state-')) g.classList.remove(c);
  g.classList.add(`state-${key}`);
  const label = `${id}: ${stateLabel(state)}`;
  g.setAttribute('aria-label', label);
  const title = g.querySelector('title');
  if (title) title.textContent = label;
  const text = g.querySelector('text.state, text.node-type');
  if (text) {
    text.setAttribute('class', `state state-${key}`);
    text.textContent = stateLabel(state);
  }
}

/** Sets one task's state (from a live `task` event). */
export function setTaskState(svg, task, state) {
  for (const g of svg.querySelectorAll('g.node')) {
    if (g.getAttribute('data-task') === task) { setNodeState(g, task, state); return true; }
  }
  return false;
}
