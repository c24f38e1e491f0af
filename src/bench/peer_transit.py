#!/usr/bin/env python3
"""Benchmark peer for `urban-sdg 11.2.1`: multi-source Dijkstra with cutoffs on the same streets,
stops and population — networkx (a graph of Python objects) or scipy's csgraph (compiled Dijkstra on
a sparse matrix, nodes numbered with numpy) — with the common simplification of snapping stops and
cell centres to their nearest network node (scipy cKDTree) rather than to the nearest point of the
nearest street. Prints one JSON line: wallMs, maxRssKb and the served share (%).

  peer_transit.py networkx|scipy STREETS.geojson STOPS.geojson POPULATION.tif
"""
import json
import resource
import sys
import time

import networkx as nx
import numpy as np
import rasterio
from scipy.spatial import cKDTree

engine = sys.argv[1]
started = time.perf_counter()
streets = json.load(open(sys.argv[2]))["features"]
stops = json.load(open(sys.argv[3]))["features"]
segments = [(a, b) for f in streets for a, b in zip(f["geometry"]["coordinates"], f["geometry"]["coordinates"][1:])]
ends = np.array(segments, dtype=np.float64)  # (edges, 2, 2)
coords, inverse = np.unique(ends.reshape(-1, 2), axis=0, return_inverse=True)
inverse = inverse.reshape(-1, 2)
lengths = np.hypot(ends[:, 1, 0] - ends[:, 0, 0], ends[:, 1, 1] - ends[:, 0, 1])
tree = cKDTree(coords)
dist = {}
for capacity, cutoff in (("low", 500.0), ("high", 1000.0)):
    pts = np.array([s["geometry"]["coordinates"] for s in stops if s["properties"]["capacity"] == capacity])
    _, idx = tree.query(pts)
    if engine == "scipy":
        from scipy.sparse import csr_matrix
        from scipy.sparse.csgraph import dijkstra
        n = len(coords)
        graph = csr_matrix((lengths, (inverse[:, 0], inverse[:, 1])), shape=(n, n))
        dist[capacity] = dijkstra(graph, directed=False, indices=np.unique(idx), limit=cutoff, min_only=True)
    else:
        g = nx.Graph()
        g.add_weighted_edges_from((int(u), int(v), float(w)) for (u, v), w in zip(inverse, lengths))
        reach = nx.multi_source_dijkstra_path_length(g, set(int(i) for i in idx), cutoff=cutoff, weight="weight")
        d = np.full(len(coords), np.inf)
        d[list(reach.keys())] = list(reach.values())
        dist[capacity] = d
with rasterio.open(sys.argv[4]) as src:
    pop = src.read(1).astype(np.float64)
    t = src.transform
rows, cols = np.indices(pop.shape)
xs = t.c + (cols + 0.5) * t.a
ys = t.f + (rows + 0.5) * t.e
offset, idx = tree.query(np.column_stack([xs.ravel(), ys.ravel()]))
served = np.zeros(pop.size, bool)
for capacity, cutoff in (("low", 500.0), ("high", 1000.0)):
    served |= dist[capacity][idx] + offset <= cutoff
share = 100 * pop.ravel()[served].sum() / pop.sum()
wall_ms = (time.perf_counter() - started) * 1000
print(json.dumps({"wallMs": wall_ms, "maxRssKb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, "sums": share}))
