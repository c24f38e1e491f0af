#!/usr/bin/env python3
"""Benchmark peer for `urban-sdg degurba`: the level-2 Degree of Urbanisation (R2023A rules, no land
grid) in vectorised numpy/scipy.ndimage, on the same GeoTIFFs. Prints wallMs, maxRssKb, class counts.

  peer_degurba.py POPULATION.tif BUILT.tif OUT_CLASSES.tif
"""
import json
import resource
import sys
import time

import numpy as np
import rasterio
from scipy import ndimage

ROOK = ndimage.generate_binary_structure(2, 1)
QUEEN = ndimage.generate_binary_structure(2, 2)
SHIFTS = [(dr, dc) for dr in (-1, 0, 1) for dc in (-1, 0, 1) if (dr, dc) != (0, 0)]


def clusters(mask, pop, structure, min_pop):
    labels, n = ndimage.label(mask, structure=structure)
    if n == 0:
        return labels
    sums = ndimage.sum(pop, labels, index=np.arange(1, n + 1))
    keep = np.concatenate([[False], sums >= min_pop])
    return np.where(keep[labels], labels, 0)


def neighbours(a, fill):
    padded = np.pad(a, 1, constant_values=fill)
    rows, cols = a.shape
    return np.stack([padded[1 + dr:rows + 1 + dr, 1 + dc:cols + 1 + dc] for dr, dc in SHIFTS])


def majority_r2023a(labels, water, ignored):
    while True:
        n = neighbours(labels, 0)
        valid = neighbours(~(((water | ignored)) & (labels == 0)), True)
        member = (n > 0) & valid
        counts = np.zeros(n.shape, np.int16)
        for k in range(8):
            counts[k] = np.sum((n == n[k]) & member, axis=0) * member[k]
        best = np.argmax(counts, axis=0)
        top = np.take_along_axis(counts, best[None], axis=0)[0]
        label = np.take_along_axis(n, best[None], axis=0)[0]
        joins = (labels == 0) & ~water & (top > 0) & (2 * top > valid.sum(axis=0)) & (neighbours(labels > 0, False).any(axis=0))
        if not joins.any():
            return labels
        labels = np.where(joins, label, labels)


def fill_gaps(labels, max_cells):
    background, n = ndimage.label(labels == 0, structure=ROOK)
    if n == 0:
        return labels
    rows, cols = labels.shape
    sizes = np.bincount(background.ravel(), minlength=n + 1)
    edge = np.zeros(n + 1, bool)
    edge[np.unique(np.concatenate([background[0], background[-1], background[:, 0], background[:, -1]]))] = True
    pairs = []
    padded_b = np.pad(background, 1)
    padded_l = np.pad(labels, 1)
    for dr, dc in [(-1, 0), (1, 0), (0, -1), (0, 1)]:
        b = padded_b[1:rows + 1, 1:cols + 1]
        l = padded_l[1 + dr:rows + 1 + dr, 1 + dc:cols + 1 + dc]
        sel = (b > 0) & (l > 0)
        pairs.append(np.stack([b[sel], l[sel]], axis=1))
    pairs = np.unique(np.concatenate(pairs), axis=0)
    owners = np.bincount(pairs[:, 0], minlength=n + 1)
    owner = np.zeros(n + 1, labels.dtype)
    owner[pairs[:, 0]] = pairs[:, 1]
    fill = (owners == 1) & ~edge & (sizes < max_cells)
    fill[0] = False
    return np.where(fill[background], owner[background], labels)


def classify(pop, built):
    density = pop
    built_share = built / 1e6
    water = (pop <= 0) & (built <= 0) & False  # no land grid: no water cells
    ignored = np.zeros_like(water)
    dense = (density >= 1500) | (built_share >= 0.2)
    centres = fill_gaps(majority_r2023a(clusters(dense, pop, ROOK, 50_000), water, ignored), 15)
    out = np.zeros(pop.shape, np.uint8)
    out[centres > 0] = 30
    out[(out == 0) & (clusters(dense, pop, ROOK, 5000) > 0)] = 23
    near = ndimage.binary_dilation(out > 0, structure=QUEEN, iterations=3)
    semi = clusters(density >= 300, pop, QUEEN, 5000)
    near_ids = np.unique(semi[near & (semi > 0)])
    out[(out == 0) & (semi > 0) & ~np.isin(semi, near_ids)] = 22
    out[(out == 0) & (semi > 0)] = 21
    out[(out == 0) & (clusters(density >= 300, pop, QUEEN, 500) > 0)] = 13
    out[(out == 0) & (density >= 50)] = 12
    out[out == 0] = 11
    return out


if __name__ == "__main__":
    started = time.perf_counter()
    with rasterio.open(sys.argv[1]) as src:
        pop = src.read(1).astype(np.float64)
        profile = src.profile
    with rasterio.open(sys.argv[2]) as src:
        built = src.read(1).astype(np.float64)
    classes = classify(pop, built)
    profile.update(dtype="uint8", nodata=None, compress="deflate")
    with rasterio.open(sys.argv[3], "w", **profile) as dst:
        dst.write(classes, 1)
    wall_ms = (time.perf_counter() - started) * 1000
    counts = {int(k): int(v) for k, v in zip(*np.unique(classes, return_counts=True))}
    print(json.dumps({"wallMs": wall_ms, "maxRssKb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, "sums": counts}))
