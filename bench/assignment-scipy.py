"""Times scipy.optimize.linear_sum_assignment on matrices written by bench/assignment.ts.

Input: a JSON list of {"file", "rows", "cols", "maximize", "runs"}; each file holds float64
row-major data. Output: JSON list of {"ms": median solve time (I/O excluded), "total"}.
"""
import json
import sys
import time

import numpy as np
from scipy.optimize import linear_sum_assignment

jobs = json.load(sys.stdin)
out = []
for job in jobs:
    cost = np.fromfile(job["file"], dtype=np.float64).reshape(job["rows"], job["cols"])
    linear_sum_assignment(cost, maximize=job["maximize"])  # warm-up
    times = []
    total = 0.0
    for _ in range(job["runs"]):
        start = time.perf_counter()
        rows, cols = linear_sum_assignment(cost, maximize=job["maximize"])
        times.append((time.perf_counter() - start) * 1000)
        total = float(cost[rows, cols].sum())
    times.sort()
    out.append({"ms": times[len(times) // 2], "total": total})
json.dump(out, sys.stdout)
