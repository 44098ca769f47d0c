#!/usr/bin/env bash
# A/B of two chargemall builds on routing benchmark instances: for each instance, A then B, one right after
# the other, so that the machine's drift hits both alike. Prints one line per run and a summary.
# Usage: scripts/ab-routing.sh A_BINARY B_BINARY SET SECONDS [INSTANCE ...]   (default: every instance of SET)
# For evrptw a run's cost is 10,000 per vehicle plus its distance (vehicles first, as the benchmark ranks).
# Example (before/after an engine change):
#   git worktree add /tmp/before HEAD~1 && (cd /tmp/before && swift build -c release --product chargemall)
#   scripts/ab-routing.sh /tmp/before/.build/release/chargemall .build/release/chargemall solomon 10
set -euo pipefail
A=$1; B=$2; SET=$3; SECONDS_PER=$4; shift 4
DATA=${DATA:-../shared/bench/vrp}
EVRPTW_DATA=${EVRPTW_DATA:-../shared/bench/evrptw}
if [ $# -eq 0 ]; then
  if [ "$SET" = evrptw ]; then set -- $(ls "$EVRPTW_DATA/100" | sed -n 's/_21\.txt$//p' | sort -V)
  else set -- $(ls "$DATA/$SET" | sed -n 's/\.vrp$//p' | sort -V); fi
fi
field() { sed -n "s/.*\"$1\" : \([0-9.e+-]*\).*/\1/p" | head -1; }
cost() {
  if [ "$SET" = evrptw ]; then awk -v v="$(echo "$1" | field vehicles)" -v d="$(echo "$1" | field distance)" 'BEGIN { printf "%.4f", 10000 * v + d }'
  else echo "$1" | field cost; fi
}
total=$#; n=0
for instance in "$@"; do
  n=$((n + 1))
  for side in A B; do
    binary=$A; [ $side = B ] && binary=$B
    out=$("$binary" bench routing --set "$SET" --seconds "$SECONDS_PER" --instances "$instance" --json 2>/dev/null)
    echo "$instance $side $(cost "$out") $(echo "$out" | field iterations)"
  done
  echo "[$n/$total] $instance" >&2
done | awk '
  { print; cost[$2] += $3; iterations[$2] += $4; c[$1 " " $2] = $3 }
  END {
    for (k in c) { split(k, p, " "); if (p[2] == "A") { d = c[p[1] " B"] - c[k]; if (d < 0) better++; else if (d > 0) worse++; else equal++ } }
    printf "mean cost A %.2f, B %.2f; B better on %d, equal on %d, worse on %d; iterations A %d, B %d (B/A %.3f)\n",
      cost["A"] / (NR / 2), cost["B"] / (NR / 2), better, equal, worse, iterations["A"], iterations["B"], (iterations["A"] > 0 ? iterations["B"] / iterations["A"] : 0)
  }'
