#!/usr/bin/env python3
"""Benchmark peer for `urban-sdg 11.2.1`: networkx multi-source Dijkstra with cutoffs on the same
streets, stops and population, with the common simplification of snapping stops and cell centres to
their nearest network node (scipy cKDTree) rather than to the nearest point of the nearest street.
Prints one JSON line: wallMs, maxRssKb and the served share (%).

  peer_transit.py STREETS.geojson STOPS.geojson POPULATION.tif
"""
import json
import resource
import sys
import time

import networkx as nx
import numpy as np
import rasterio
from scipy.spatial import cKDTree

started = time.perf_counter()
streets = json.load(open(sys.argv[1]))["features"]
stops = json.load(open(sys.argv[2]))["features"]
g = nx.Graph()
for f in streets:
    pts = [tuple(p) for p in f["geometry"]["coordinates"]]
    for a, b in zip(pts, pts[1:]):
        g.add_edge(a, b, weight=float(np.hypot(b[0] - a[0], b[1] - a[1])))
nodes = list(g.nodes)
tree = cKDTree(np.array(nodes))
reach = {}
for capacity, cutoff in (("low", 500.0), ("high", 1000.0)):
    pts = np.array([s["geometry"]["coordinates"] for s in stops if s["properties"]["capacity"] == capacity])
    _, idx = tree.query(pts)
    reach[capacity] = nx.multi_source_dijkstra_path_length(g, {nodes[i] for i in idx}, cutoff=cutoff, weight="weight")
with rasterio.open(sys.argv[3]) as src:
    pop = src.read(1).astype(np.float64)
    t = src.transform
rows, cols = np.indices(pop.shape)
xs = t.c + (cols + 0.5) * t.a
ys = t.f + (rows + 0.5) * t.e
offset, idx = tree.query(np.column_stack([xs.ravel(), ys.ravel()]))
served = np.zeros(pop.size, bool)
for capacity, cutoff in (("low", 500.0), ("high", 1000.0)):
    d = np.array([reach[capacity].get(nodes[i], np.inf) for i in idx])
    served |= d + offset <= cutoff
share = 100 * pop.ravel()[served].sum() / pop.sum()
wall_ms = (time.perf_counter() - started) * 1000
print(json.dumps({"wallMs": wall_ms, "maxRssKb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, "sums": share}))
