#!/usr/bin/env python3
"""Benchmark peer for `urban-sdg 11.7.1`: shapely unions of the same open spaces (access != private)
and streets (lines buffered with flat caps and bevel joins) inside the city, in the files' UTM CRS.
Prints one JSON line: wallMs, maxRssKb and the open public space + street share (%).

  peer_public_space.py ZONES.geojson OPEN_SPACES.geojson STREETS.geojson
"""
import json
import resource
import sys
import time

from shapely.geometry import shape
from shapely.ops import unary_union

started = time.perf_counter()
zone = shape(json.load(open(sys.argv[1]))["features"][0]["geometry"])
spaces = [shape(f["geometry"]) for f in json.load(open(sys.argv[2]))["features"] if f["properties"].get("access") != "private"]
streets = [shape(f["geometry"]).buffer(f["properties"]["width"] / 2, cap_style=2, join_style=3) for f in json.load(open(sys.argv[3]))["features"]]
union = unary_union([unary_union(spaces), unary_union(streets)]).intersection(zone)
share = 100 * union.area / zone.area
wall_ms = (time.perf_counter() - started) * 1000
print(json.dumps({"wallMs": wall_ms, "maxRssKb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, "sums": share}))
