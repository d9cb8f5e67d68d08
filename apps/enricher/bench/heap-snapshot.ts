// A V8 .heapsnapshot as a graph with dominators and retained sizes (bench tooling, not shipped).
// Dominators by Cooper, Harvey and Kennedy's iterative algorithm ("A Simple, Fast Dominance
// Algorithm"); weak edges do not retain, as in Chrome DevTools.

interface RawSnapshot {
  snapshot: {
    meta: {
      node_fields: string[];
      node_types: [string[], ...unknown[]];
      edge_fields: string[];
      edge_types: [string[], ...unknown[]];
    };
    node_count: number;
  };
  nodes: number[];
  edges: number[];
  strings: string[];
}

export interface HeapGraph {
  count: number;
  id: Uint32Array;
  selfSize: Float64Array;
  retained: Float64Array;
  /** Immediate dominator (node index); the root (0) is its own. */
  idom: Int32Array;
  reachable: Uint8Array;
  totalSelf: number;
  indexOfId: Map<number, number>;
  /** "type:name" for the kinds table: objects by constructor, the rest by V8 type. */
  kindOf(i: number): string;
  /** Readable name: constructor, and the edge that first reached it (e.g. `Map (.states)`). */
  label(i: number): string;
  domChildren(i: number): number[];
}

export function parseHeapSnapshot(text: string): HeapGraph {
  const raw = JSON.parse(text) as RawSnapshot;
  const { meta } = raw.snapshot;
  const nf = meta.node_fields.length;
  const ef = meta.edge_fields.length;
  const fType = meta.node_fields.indexOf('type');
  const fName = meta.node_fields.indexOf('name');
  const fId = meta.node_fields.indexOf('id');
  const fSelf = meta.node_fields.indexOf('self_size');
  const fEdges = meta.node_fields.indexOf('edge_count');
  const eType = meta.edge_fields.indexOf('type');
  const eName = meta.edge_fields.indexOf('name_or_index');
  const eTo = meta.edge_fields.indexOf('to_node');
  const nodeTypes = meta.node_types[0];
  const edgeTypes = meta.edge_types[0];
  const weak = edgeTypes.indexOf('weak');
  const shortcut = edgeTypes.indexOf('shortcut');
  const elementEdge = edgeTypes.indexOf('element');
  const hiddenEdge = edgeTypes.indexOf('hidden');
  const { nodes, edges, strings } = raw;
  const n = nodes.length / nf;

  const firstEdge = new Uint32Array(n + 1);
  for (let i = 0; i < n; i++) firstEdge[i + 1] = firstEdge[i]! + nodes[i * nf + fEdges]! * ef;
  const retains = (e: number) => {
    const t = edges[e + eType];
    return t !== weak && t !== shortcut;
  };

  // Depth-first from the root: postorder numbers, and the edge that first reached each node.
  const post = new Int32Array(n).fill(-1);
  const order = new Int32Array(n);
  const viaEdge = new Int32Array(n).fill(-1);
  const reachable = new Uint8Array(n);
  const stack = [0];
  const cursor = new Uint32Array(n);
  reachable[0] = 1;
  for (let i = 0; i < n; i++) cursor[i] = firstEdge[i]!;
  let counter = 0;
  while (stack.length > 0) {
    const v = stack[stack.length - 1]!;
    let pushed = false;
    while (cursor[v]! < firstEdge[v + 1]!) {
      const e = cursor[v]!;
      cursor[v] = e + ef;
      if (!retains(e)) continue;
      const w = edges[e + eTo]! / nf;
      if (reachable[w]) continue;
      reachable[w] = 1;
      viaEdge[w] = e;
      stack.push(w);
      pushed = true;
      break;
    }
    if (!pushed) {
      stack.pop();
      post[v] = counter;
      order[counter++] = v;
    }
  }

  // Predecessors (retaining edges between reachable nodes), as compressed rows.
  const predCount = new Uint32Array(n + 1);
  for (let v = 0; v < n; v++) {
    if (!reachable[v]) continue;
    for (let e = firstEdge[v]!; e < firstEdge[v + 1]!; e += ef)
      if (retains(e)) predCount[edges[e + eTo]! / nf + 1]! += 1;
  }
  for (let i = 0; i < n; i++) predCount[i + 1]! += predCount[i]!;
  const preds = new Int32Array(predCount[n]!);
  const fill = predCount.slice(0, n);
  for (let v = 0; v < n; v++) {
    if (!reachable[v]) continue;
    for (let e = firstEdge[v]!; e < firstEdge[v + 1]!; e += ef)
      if (retains(e)) preds[fill[edges[e + eTo]! / nf]!++] = v;
  }

  const idom = new Int32Array(n).fill(-1);
  idom[0] = 0;
  const intersect = (a: number, b: number): number => {
    while (a !== b) {
      while (post[a]! < post[b]!) a = idom[a]!;
      while (post[b]! < post[a]!) b = idom[b]!;
    }
    return a;
  };
  for (let changed = true; changed;) {
    changed = false;
    for (let k = counter - 1; k >= 0; k--) {
      const v = order[k]!;
      if (v === 0) continue;
      let d = -1;
      for (let p = predCount[v]!; p < predCount[v + 1]!; p++) {
        const u = preds[p]!;
        if (idom[u] === -1) continue;
        d = d === -1 ? u : intersect(u, d);
      }
      if (d !== -1 && idom[v] !== d) {
        idom[v] = d;
        changed = true;
      }
    }
  }

  const id = new Uint32Array(n);
  const selfSize = new Float64Array(n);
  const retained = new Float64Array(n);
  let totalSelf = 0;
  for (let i = 0; i < n; i++) {
    id[i] = nodes[i * nf + fId]!;
    selfSize[i] = nodes[i * nf + fSelf]!;
    if (reachable[i]) {
      retained[i] = selfSize[i]!;
      totalSelf += selfSize[i]!;
    }
  }
  // Postorder visits everything a node dominates before the node itself.
  for (let k = 0; k < counter; k++) {
    const v = order[k]!;
    if (v !== 0) retained[idom[v]!]! += retained[v]!;
  }
  const indexOfId = new Map<number, number>();
  for (let i = 0; i < n; i++) if (reachable[i]) indexOfId.set(id[i]!, i);

  let children: Map<number, number[]> | undefined;
  const typeOf = (i: number) => nodeTypes[nodes[i * nf + fType]!]!;
  const nameOf = (i: number) => strings[nodes[i * nf + fName]!]!;
  return {
    count: n,
    id,
    selfSize,
    retained,
    idom,
    reachable,
    totalSelf,
    indexOfId,
    kindOf(i) {
      const t = typeOf(i);
      if (t === 'object' || t === 'native' || t === 'closure' || t === 'hidden')
        return `${t}:${nameOf(i).slice(0, 60)}`;
      return t;
    },
    label(i) {
      const t = typeOf(i);
      const name = t === 'string' ? 'string' : nameOf(i).slice(0, 50);
      const e = viaEdge[i]!;
      if (e < 0) return `${t}:${name}`;
      const et = edges[e + eType];
      const en = edges[e + eName]!;
      const edge =
        et === elementEdge || et === hiddenEdge
          ? `[${en}]`
          : `.${String(strings[en]).slice(0, 40)}`;
      return `${name} (${edge})`;
    },
    domChildren(i) {
      if (!children) {
        children = new Map();
        for (let v = 1; v < n; v++) {
          if (!reachable[v]) continue;
          const d = idom[v]!;
          const list = children.get(d);
          if (list) list.push(v);
          else children.set(d, [v]);
        }
      }
      return children.get(i) ?? [];
    },
  };
}
