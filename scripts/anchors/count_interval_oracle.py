"""How close to nominal can count intervals get on the car-parts set? An outside check for BENCHMARKS.md.

For each complete series, the last 6 months are the test. An *oracle* that knows each part's own test months
picks, for each part, the count interval [a, b] whose share of those months is nearest the level (the rule
`DiscreteIntervals.central` applies to the history). Its coverage bounds what any interval rule that must
choose integer bounds per part can reach.  Usage: python3 count_interval_oracle.py [../shared/bench/demand/carparts.csv]
"""
import csv
import sys


def central(counts, level):
    s = sorted(counts)
    n = len(s)
    values = sorted(set(s))
    at_or_below = lambda v: sum(1 for x in s if x <= v) / n
    below = lambda v: sum(1 for x in s if x < v) / n
    lower = min(values, key=lambda v: abs(below(v) - (1 - level) / 2))
    base = below(lower)
    upper = min((v for v in values if v >= lower), key=lambda v: abs(at_or_below(v) - base - level))
    return lower, upper


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else "../shared/bench/demand/carparts.csv"
    series = []
    for row in list(csv.reader(open(path)))[1:]:
        cells = row[1:]
        if all(c != "" for c in cells):
            series.append([float(c) for c in cells])
    months = 6 * len(series)
    zeros = sum(1 for y in series for v in y[-6:] if v == 0)
    print(f"{len(series)} series, {months} test months, {100 * zeros / months:.1f} % of them zero")
    sales = months - zeros
    print(f"an 80 % interval set that holds every zero month stays within 2 points (<= 82 %) only by leaving out "
          f"{100 * (1 - (0.82 * months - zeros) / sales):.0f} % of the {sales} months with a sale")
    print("| level | oracle (test months' own distribution) | history's last 24 months |")
    print("|---|---|---|")
    for level in (0.8, 0.95):
        oracle = history = 0
        for y in series:
            test = y[-6:]
            lo, up = central(test, level)
            oracle += sum(1 for v in test if lo <= v <= up)
            lo, up = central(y[:-6][-24:], level)
            history += sum(1 for v in test if lo <= v <= up)
        print(f"| {int(level * 100)} % | {100 * oracle / months:.1f} % | {100 * history / months:.1f} % |")


if __name__ == "__main__":
    main()
