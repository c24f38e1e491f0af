#!/usr/bin/env python3
"""Benchmark peer: GDAL (through rasterio) doing the same work as urban-sdg, on the same files.

  zonal  ZONES.geojson RASTER...  per zone, read the zone's window of each raster and sum the cells
                                  whose centre is inside (rasterio.features.geometry_mask): the usual
                                  rasterio practice; urban-sdg computes exact fractional coverage instead
  decode RASTER                   read the whole raster in block-row windows and sum it
Prints one JSON line: wallMs, maxRssKb and the sums.
"""
import json
import resource
import sys
import time

import numpy as np
import rasterio
from rasterio.features import geometry_mask
from rasterio.windows import Window, from_bounds
from shapely.geometry import shape


def zonal(zones_path, raster_paths):
    zones = json.load(open(zones_path))["features"]
    sources = [rasterio.open(p) for p in raster_paths]
    sums = {}
    for feature in zones:
        geom = shape(feature["geometry"])
        out = []
        for src in sources:
            window = from_bounds(*geom.bounds, transform=src.transform).round_offsets().round_lengths()
            window = window.intersection(Window(0, 0, src.width, src.height))
            values = src.read(1, window=window, masked=True)
            inside = ~geometry_mask([feature["geometry"]], out_shape=values.shape, transform=src.window_transform(window))
            out.append(float(values[inside].sum()))
        sums[feature["properties"]["id"]] = out
    return sums


def decode(path):
    total = 0.0
    with rasterio.open(path) as src:
        block_rows = src.block_shapes[0][0]
        for row0 in range(0, src.height, block_rows):
            values = src.read(1, window=Window(0, row0, src.width, min(block_rows, src.height - row0)), masked=True)
            total += float(values.sum())
    return total


if __name__ == "__main__":
    started = time.perf_counter()
    result = zonal(sys.argv[2], sys.argv[3:]) if sys.argv[1] == "zonal" else decode(sys.argv[2])
    wall_ms = (time.perf_counter() - started) * 1000
    print(json.dumps({"wallMs": wall_ms, "maxRssKb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, "sums": result}))
