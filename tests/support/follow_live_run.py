"""Follows an evomarket run's results file while it runs, as docs/results.md tells readers to.

Usage: follow_live_run.py OUT SERIES EVOMARKET ARG...

Starts `EVOMARKET ARG...` (a run whose --out is OUT), opens its temporary file OUT.tmp-<pid>
with h5py's SWMR read access as soon as the run lets readers in, and polls
/observables/SERIES/generation (or slot) and .../value until the run exits, keeping the file open to the end
(the run must finish beside a reader that holds it). Then checks that it saw the series grow
while the run went on, that every row it read matched the finished file, and that OUT is
complete. Prints what it saw; exits 0 when every check holds, 1 otherwise.
"""
import subprocess
import sys
import time

import h5py
import numpy as np


def follow(out, series, command):
    run = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    live_path = f"{out}.tmp-{run.pid}"
    live = None
    seen = []  # (rows, last step, last row) each time the row count changed
    while run.poll() is None:
        try:
            if live is None:
                live = h5py.File(live_path, "r", swmr=True)
            group = live[f"observables/{series}"]
            steps = group["slot" if "slot" in group else "generation"]
            values = live[f"observables/{series}/value"]
            steps.refresh()
            values.refresh()
            rows = min(steps.shape[0], values.shape[0])
            if rows > 0 and (not seen or seen[-1][0] != rows):
                seen.append((rows, int(steps[rows - 1]), np.array(values[rows - 1])))
        except (OSError, KeyError, RuntimeError):
            pass  # not live yet (before the layout is complete), or leaving SWMR at the end
        time.sleep(0.01)
    stderr = run.stderr.read().decode()
    if live is not None:
        live.close()
    return run.returncode, stderr, seen


def main(argv):
    if len(argv) < 4:
        print(__doc__, file=sys.stderr)
        return 2
    out, series, command = argv[1], argv[2], argv[3:]
    code, stderr, seen = follow(out, series, command)
    print("rows seen while running:", [rows for rows, _, _ in seen])
    problems = []
    if code != 0:
        problems.append(f"the run exited with {code}: {stderr}")
    else:
        with h5py.File(out, "r") as f:
            status = f.attrs["status"]
            status = status.decode() if isinstance(status, bytes) else status
            if status != "complete":
                problems.append(f"{out}: status {status}")
            group = f[f"observables/{series}"]
            steps = group["slot" if "slot" in group else "generation"][...]
            values = f[f"observables/{series}/value"][...]
        final = len(steps)
        print("rows in the finished file:", final)
        growing = [rows for rows, _, _ in seen if rows < final]
        if len(growing) < 2:
            problems.append(f"saw fewer than two row counts below the final {final} while running")
        if any(b[0] <= a[0] for a, b in zip(seen, seen[1:])):
            problems.append("the row count went backwards")
        for rows, step, row in seen:
            same = row.tobytes() == values[rows - 1].tobytes()  # NaN-safe, bit for bit
            if rows > final or step != steps[rows - 1] or not same:
                problems.append(f"row {rows - 1} read while running differs from the finished file")
    for p in problems:
        print("FAIL:", p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
