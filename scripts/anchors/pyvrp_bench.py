"""Runs PyVRP on a benchmark set with the same rounding and time budget as `chargemall bench routing`.

Usage (a virtualenv outside the repo): ../venv-sf/bin/pip install pyvrp
  ../venv-sf/bin/python scripts/anchors/pyvrp_bench.py --set solomon --seconds 10 [--instances C101,R101]
Prints one row per instance (cost, vehicles, gap to the .sol where present) and the mean cost. PyVRP runs on
one core (it is single-threaded).
"""
import argparse, glob, os, re
from pyvrp import read, solve
from pyvrp.stop import MaxRuntime

def bks(path):
    sol = path[:-4] + ".sol"
    if not os.path.exists(sol):
        return None
    for line in open(sol):
        if line.lower().startswith("cost"):
            return float(line.split()[-1])
    return None

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--set", default="solomon")
    ap.add_argument("--data", default="../shared/bench/vrp")
    ap.add_argument("--seconds", type=float, default=10)
    ap.add_argument("--instances")
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    rounding = "dimacs" if a.set in ("solomon", "homberger") else "round"
    scale = 10 if rounding == "dimacs" else 1
    files = sorted(glob.glob(f"{a.data}/{a.set}/*.vrp"), key=lambda p: [int(t) if t.isdigit() else t for t in re.split(r"(\d+)", p)])
    if a.instances:
        wanted = a.instances.split(",")
        files = [f for f in files if os.path.basename(f)[:-4] in wanted]
    costs, gaps = [], []
    print(f"PyVRP, set {a.set}, {a.seconds} s per instance, seed {a.seed}")
    print("| instance | cost | vehicles | feasible | best known | gap % |")
    print("|---|---|---|---|---|---|")
    for f in files:
        data = read(f, round_func=rounding)
        res = solve(data, stop=MaxRuntime(a.seconds), seed=a.seed, display=False)
        cost = res.best.distance() / scale
        b = bks(f)
        gap = 100 * (cost - b) / b if b else None
        costs.append(cost)
        if gap is not None:
            gaps.append(gap)
        print(f"| {os.path.basename(f)[:-4]} | {cost:.1f} | {res.best.num_routes()} | {'yes' if res.best.is_feasible() else 'NO'} | "
              f"{'' if b is None else b} | {'' if gap is None else f'{gap:.2f}'} |", flush=True)
    line = f"mean cost {sum(costs)/len(costs):.2f} over {len(costs)} instances"
    if gaps:
        line += f"; mean gap {sum(gaps)/len(gaps):.2f} %"
    print(line)

if __name__ == "__main__":
    main()
