"""Kill and resume: SIGKILL runs at random moments, resume them, compare with an uninterrupted run.

For each case (a population run with agent snapshots; an ensemble of 40 replicates,
checkpointing every 3 finished replicates; a market run with batteries and per-community
output), checkpointing every generation so that kills often land inside a checkpoint write:
  1. the uninterrupted reference runs once (its wall time is the run's expected duration);
  2. each trial starts the same run and kills it with SIGKILL at a moment drawn uniformly over
     that duration, then resumes from "<out>.checkpoint" (or starts again when there is none);
     a resume is itself killed at a random moment with probability --resume-kill-probability
     (up to --max-kills kills a trial), and resumed again, until a run completes;
  3. the final results file must be bit-identical to the reference (scripts/compare-results),
     and every file left beside it or in the run's TMPDIR must be the results file, the
     checkpoint, or a temporary ("<file>.tmp-<pid>", the synthetic store
     "evomarket-<tag>-<pid>.h5") of a process this script killed.
A kill "landed in a checkpoint write" when the killed process left "<out>.checkpoint.tmp-<pid>"
(the checkpoint is written under that name and renamed). Prints a summary; exit status 1 when
a trial differs, fails to resume or leaves a stray file, 2 when the reference run fails.
"""
import argparse
import os
import re
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time

import h5py

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
COMPARE = os.path.join(os.path.dirname(HERE), "compare-results")
OUT = "run.h5"  # relative, the same in every run: the stored config names --out as given
CHECKPOINT = OUT + ".checkpoint"

POPULATION_CONFIG = """\
[experiment]
seed = 11
[game]
kind = "matrix"
matrix.strategies = ["Rock", "Paper", "Scissors"]
matrix.payoffs = [[0, -1, 1], [1, 0, -1], [-1, 1, 0]]
[population]
agents = 3000
partners = "random"
matches_per_agent = 3
shares = [0.5, 0.3, 0.2]
generations = 30
[dynamics]
rule = "fermi"
beta = 2.0
mutation = 0.001
[output]
snapshot_every = 3
checkpoint_every = 1
"""

# An ensemble checkpoints whole replicates: killed, it resumes the replicates it had not
# finished from their start.
ENSEMBLE_CONFIG = """\
[experiment]
seed = 5
replicates = 40
[game]
kind = "matrix"
matrix.strategies = ["Hawk", "Dove"]
matrix.payoffs = [[-1, 4], [0, 2]]
[population]
agents = 1000
partners = "random"
matches_per_agent = 2
shares = [0.5, 0.5]
generations = 40
[dynamics]
rule = "fermi"
beta = 0.5
mutation = 0.01
[output]
checkpoint_every = 3
"""

MARKET_SETTINGS = [
    "market.agents=2000", "market.days=2", "market.generations=8", "market.battery.share=0.5",
    "market.per_community=true", "output.community_counts=true", "output.checkpoint_every=1",
]


class Case:
    def __init__(self, name, args, generations):
        self.name = name
        self.args = args  # evomarket arguments after "run", without --out and --resume
        self.generations = generations


def default_binary():
    for candidate in ("build/evomarket", "build-cpu/evomarket"):
        path = os.path.join(REPO, candidate)
        if os.access(path, os.X_OK):
            return path
    return os.path.join(REPO, "build/evomarket")


def parse_args(argv):
    p = argparse.ArgumentParser(prog="scripts/kill-resume", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("trials", nargs="?", type=int, default=20, help="trials per case (default 20)")
    p.add_argument("--seed", type=int, default=None,
                   help="seed of the random kill moments (default: drawn and printed)")
    p.add_argument("--binary", default=None,
                   help="evomarket binary (default build/evomarket, else build-cpu/evomarket)")
    p.add_argument("--cases", default="population,ensemble,market",
                   help="comma-separated: population, ensemble, market (default all)")
    p.add_argument("--threads", type=int, default=1, help="evomarket --threads (default 1)")
    p.add_argument("--max-kills", type=int, default=6,
                   help="kills per trial at most; after that the run completes (default 6)")
    p.add_argument("--resume-kill-probability", type=float, default=0.5,
                   help="chance that a resume (or restart) is killed too (default 0.5)")
    p.add_argument("--work", default=None,
                   help="directory for the runs (default: a new temporary directory)")
    p.add_argument("--keep", action="store_true", help="keep the run directories")
    return p.parse_args(argv)


def make_cases(args, work):
    common = ["--quiet", "--backend", "cpu", "--threads", str(args.threads)]
    config = os.path.join(work, "population.toml")
    with open(config, "w") as f:
        f.write(POPULATION_CONFIG)
    ensemble = os.path.join(work, "ensemble.toml")
    with open(ensemble, "w") as f:
        f.write(ENSEMBLE_CONFIG)
    cases = {
        "population": Case("population", [config] + common, 30),
        "ensemble": Case("ensemble", [ensemble] + common, 40),
        "market": Case("market", common + [a for s in MARKET_SETTINGS for a in ("--set", s)], 8),
    }
    chosen = [c.strip() for c in args.cases.split(",") if c.strip()]
    for c in chosen:
        if c not in cases:
            sys.exit(f"kill-resume: unknown case {c!r} (population, ensemble, market)")
    return [cases[c] for c in chosen]


def start(binary, case, directory, resume, log):
    command = [binary, "run"] + case.args + ["--out", OUT]
    if resume:
        command += ["--resume", CHECKPOINT]
    env = dict(os.environ, TMPDIR=os.path.join(directory, "tmp"))
    return subprocess.Popen(command, cwd=directory, env=env, stdin=subprocess.DEVNULL,
                            stdout=log, stderr=subprocess.STDOUT)


def checkpoint_generation(directory):
    try:
        with h5py.File(os.path.join(directory, CHECKPOINT), "r") as f:
            return int(f.attrs["generation"])
    except Exception:  # damaged: the resume will say so
        return None


def tail(path, lines=6):
    try:
        with open(path, errors="replace") as f:
            return "".join(f.readlines()[-lines:]).strip()
    except OSError:
        return ""


def run_reference(binary, case, directory):
    os.makedirs(os.path.join(directory, "tmp"))
    log_path = os.path.join(directory, "reference.log")
    with open(log_path, "w") as log:
        began = time.monotonic()
        rc = start(binary, case, directory, False, log).wait()
        seconds = time.monotonic() - began
    if rc != 0:
        sys.stderr.write(f"kill-resume: the {case.name} reference run failed ({rc}):\n"
                         f"{tail(log_path, 20)}\n")
        sys.exit(2)
    return seconds


# "<target>.tmp-<pid>" or "<target>.tmp-<pid>-<n>" (io/staged_output.cpp); the market's
# synthetic default community "evomarket-<tag>-<pid>.h5" (host/run/temporary_store.cpp), itself
# written as a staged temporary.
STAGED = re.compile(r"^(?P<target>.+)\.tmp-(?P<pid>\d+)(?:-\d+)?$")
STORE = re.compile(r"^evomarket-.+-(?P<pid>\d+)\.h5$")


def staged_by(directory, target, pid):
    """True when `pid` left a staged temporary of `target` in `directory`."""
    for name in os.listdir(directory):
        m = STAGED.match(name)
        if m and m.group("target") == target and int(m.group("pid")) == pid:
            return True
    return False


def classify(sub, name):
    """(kind, pid) of a temporary file the runs may leave, or (None, None)."""
    m = STAGED.match(name)
    if sub == "" and m and m.group("target") in (OUT, CHECKPOINT):
        return ("results" if m.group("target") == OUT else "checkpoint"), int(m.group("pid"))
    if sub == "tmp":
        store = STORE.match(m.group("target") if m else name)
        if store and (not m or m.group("pid") == store.group("pid")):
            return "store", int(store.group("pid"))
    return None, None


def check_leftovers(directory, killed_pids, result):
    """Counts what killed processes left; any other file is a stray and fails the trial."""
    counts = {"results": 0, "checkpoint": 0, "store": 0}
    strays = []
    for sub in ("", "tmp"):
        for name in sorted(os.listdir(os.path.join(directory, sub))):
            if sub == "" and name in (OUT, CHECKPOINT, "tmp", "logs"):
                continue
            kind, pid = classify(sub, name)
            if kind and pid in killed_pids:
                counts[kind] += 1
            else:
                strays.append(os.path.join(sub, name))
    result["leftovers"] = counts
    result["strays"] = strays


def run_trial(binary, case, directory, expected, rng, args):
    """One trial: start, kill, resume until complete; returns a dict describing what happened."""
    os.makedirs(os.path.join(directory, "tmp"))
    os.makedirs(os.path.join(directory, "logs"))
    result = {"kills": 0, "kills_in_write": 0, "resumes": 0, "restarts": 0, "outcome": None,
              "detail": "", "completed_before_kill": 0, "killed_after_commit": 0}
    killed_pids = set()
    attempt = 0
    while True:
        resume = os.path.exists(os.path.join(directory, CHECKPOINT))
        if attempt > 0:
            result["resumes" if resume else "restarts"] += 1
        # The first run is always killed; resumes and restarts sometimes, up to --max-kills.
        kill = result["kills"] < args.max_kills and (
            attempt == 0 or rng.random() < args.resume_kill_probability)
        duration = expected
        if resume:
            generation = checkpoint_generation(directory)
            if generation is not None:  # what is left to run, plus a start-up margin
                duration = expected * (0.1 + max(0, case.generations - generation) / case.generations)
        delay = rng.uniform(0, duration)
        log_path = os.path.join(directory, "logs", f"attempt-{attempt}.log")
        with open(log_path, "w") as log:
            process = start(binary, case, directory, resume, log)
            began = time.monotonic()
            try:
                rc = process.wait(timeout=delay if kill else max(120, 30 * expected))
                if kill:
                    result["completed_before_kill"] += 1
                if kill and attempt == 0 and rc == 0 and result["completed_before_kill"] <= 5:
                    # Finished before the moment drawn (the machine was faster than when the
                    # reference ran): draw again, over at most the time this run took; the kill
                    # moment stays uniform over the run's duration.
                    expected = min(expected, time.monotonic() - began)
                    for name in os.listdir(directory):
                        if name not in ("tmp", "logs"):
                            os.remove(os.path.join(directory, name))
                    continue
            except subprocess.TimeoutExpired:
                if not kill:
                    process.kill()
                    process.wait()
                    result["outcome"] = "failed"
                    result["detail"] = f"attempt {attempt} hung (killed after the time limit)"
                    return result
                os.kill(process.pid, signal.SIGKILL)  # a zombie by now is still not reaped
                rc = process.wait()
        attempt += 1
        if rc == -signal.SIGKILL:
            result["kills"] += 1
            killed_pids.add(process.pid)
            if staged_by(directory, CHECKPOINT, process.pid):
                result["kills_in_write"] += 1
            if os.path.exists(os.path.join(directory, OUT)):
                # Killed between the rename onto --out and exiting: the run is complete.
                result["killed_after_commit"] += 1
                break
            continue
        if rc != 0:
            result["outcome"] = "failed"
            what = "resume" if resume else "run"
            result["detail"] = f"attempt {attempt - 1} ({what}) exited {rc}: {tail(log_path)}"
            check_leftovers(directory, killed_pids, result)
            return result
        break
    compare = subprocess.run([COMPARE, os.path.join(os.path.dirname(directory), "reference", OUT),
                              os.path.join(directory, OUT)],
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if compare.returncode == 0:
        result["outcome"] = "identical"
    else:
        result["outcome"] = "different"
        result["detail"] = " | ".join(compare.stdout.strip().splitlines()[:6])
    check_leftovers(directory, killed_pids, result)
    if result["outcome"] == "identical" and result["strays"]:
        result["outcome"] = "stray files"
        result["detail"] = ", ".join(result["strays"])
    return result


def main(argv):
    args = parse_args(argv)
    binary = os.path.abspath(args.binary or default_binary())
    if not os.access(binary, os.X_OK):
        sys.exit(f"kill-resume: no evomarket binary at {binary} (build it, or pass --binary)")
    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(2**31)
    work = os.path.abspath(args.work) if args.work else tempfile.mkdtemp(prefix="kill-resume-")
    os.makedirs(work, exist_ok=True)
    print(f"kill-resume: {args.trials} trials per case, --seed {seed}, binary {binary}, "
          f"work {work}", flush=True)
    began = time.monotonic()
    failed = False
    totals = []
    for case in make_cases(args, work):
        case_dir = os.path.join(work, case.name)
        if os.path.exists(case_dir):
            shutil.rmtree(case_dir)
        os.makedirs(case_dir)
        expected = run_reference(binary, case, os.path.join(case_dir, "reference"))
        print(f"{case.name}: reference run {expected:.2f} s", flush=True)
        results = []
        for i in range(args.trials):
            rng = random.Random(f"{seed}/{case.name}/{i}")
            r = run_trial(binary, case, os.path.join(case_dir, f"trial-{i}"), expected, rng, args)
            results.append(r)
            line = (f"  trial {i}: {r['outcome']}, {r['kills']} kills "
                    f"({r['kills_in_write']} in a checkpoint write), {r['resumes']} resumes, "
                    f"{r['restarts']} restarts")
            if r["detail"]:
                line += f": {r['detail']}"
            print(line, flush=True)
        totals.append((case, results))

    print(f"\nsummary (--seed {seed}, {time.monotonic() - began:.0f} s):")
    for case, results in totals:
        def total(key):
            return sum(r[key] for r in results)

        def leftover(key):
            return sum(r.get("leftovers", {}).get(key, 0) for r in results)

        outcomes = {}
        for r in results:
            outcomes[r["outcome"]] = outcomes.get(r["outcome"], 0) + 1
        print(f"  {case.name}: {len(results)} trials, {total('kills')} kills "
              f"({total('kills_in_write')} during a checkpoint write, "
              f"{total('killed_after_commit')} after the results file was renamed into place), "
              f"{total('resumes')} resumes, {total('restarts')} restarts from scratch, "
              f"{total('completed_before_kill')} runs finished before their kill moment")
        print(f"    outcomes: " + ", ".join(f"{n} {o}" for o, n in sorted(outcomes.items())))
        print(f"    left by killed processes: {leftover('results')} {OUT}.tmp-<pid>, "
              f"{leftover('checkpoint')} {CHECKPOINT}.tmp-<pid>, "
              f"{leftover('store')} synthetic stores in TMPDIR")
        for i, r in enumerate(results):
            if r["outcome"] != "identical":
                failed = True
                print(f"    trial {i} {r['outcome']}: {r['detail']}")
    if failed:
        print(f"kill-resume: FAILED; the runs are kept in {work}")
        return 1
    if not args.keep and not args.work:
        shutil.rmtree(work, ignore_errors=True)
    print("kill-resume: every trial identical to its uninterrupted run")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
