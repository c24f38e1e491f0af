#!/usr/bin/env python3
"""Benchmark peer: `gdalinfo -stats` on RASTER (GDAL decodes every block and computes min, max, mean and
standard deviation), run as a child process so that its own wall time and peak RSS are measured, not
Python's. GDAL_PAM_ENABLED=NO: the statistics are neither read from nor written to a .aux.xml file,
so every run decodes the whole raster.

Prints one JSON line: wallMs and maxRssKb of gdalinfo, and sums: [mean, valid percent] as GDAL reports them.
"""
import json
import re
import resource
import subprocess
import sys
import time

started = time.perf_counter()
out = subprocess.run(["gdalinfo", "-stats", "--config", "GDAL_PAM_ENABLED", "NO", sys.argv[1]], check=True, capture_output=True, text=True).stdout
wall_ms = (time.perf_counter() - started) * 1000
mean = float(re.search(r"STATISTICS_MEAN=([-0-9.eE+]+)", out).group(1))
valid = float(re.search(r"STATISTICS_VALID_PERCENT=([-0-9.eE+]+)", out).group(1))
print(json.dumps({"wallMs": wall_ms, "maxRssKb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, "sums": [mean, valid]}))
