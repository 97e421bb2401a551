#!/usr/bin/env bash
# Issue 14's GEMM target, measured the way it is judged: vecgrad's one-thread GEMM
# (GemmBenchmark, 512^3 and 1024^3) and numpy's OpenBLAS on the same core, alternated round
# by round, so both see the same minutes of this shared machine. Prints each round and, per
# size, vecgrad / OpenBLAS from the round's two figures.
#
#   bench/python/gemm_vs_openblas.sh [ROUNDS] [CORE]      (defaults: 3 rounds, core 1)
#
# Needs bench/target/benchmarks.jar (mvn -q package -DskipTests) and Debian's python3-numpy.
# JAVA picks the JDK (default: java on the PATH). OpenBLAS runs with this machine's
# OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE overrides lifted, for its command only, as issue 14 asks.
set -euo pipefail
rounds=${1:-3}; core=${2:-1}; java=${JAVA:-java}
here=$(cd "$(dirname "$0")" && pwd); jar="$here/../target/benchmarks.jar"
[ -f "$jar" ] || { echo "no $jar: run mvn -q package -DskipTests first" >&2; exit 2; }
echo "cpu family $(grep -m1 'cpu family' /proc/cpuinfo | cut -d: -f2 | tr -d ' '), $("$java" -version 2>&1 | head -1), core $core"
for r in $(seq "$rounds"); do
  ours=$(taskset -c "$core" "$java" -jar "$jar" '^dev.vecgrad.bench.GemmBenchmark\.gemm$' -p impl=simd -p size=512,1024 \
           -wi 4 -w 1 -i 4 -r 1 -f 1 2>/dev/null | awk '/^GemmBenchmark.gemm/ {print $3, $6}')
  theirs=$(env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 \
             taskset -c "$core" python3 "$here/numpy_gemm.py" | awk '{print $1, $6}')
  while read -r size us; do
    vg=$(awk -v n="$size" -v t="$us" 'BEGIN {printf "%.0f", 2 * n^3 / t / 1e3}')
    ob=$(echo "$theirs" | awk -v n="$size" '$1 == n {print $2}')
    echo "round $r, $size^3: vecgrad $us us = $vg GFLOP/s, OpenBLAS (median) $ob GFLOP/s, vecgrad / OpenBLAS $(awk -v a="$vg" -v b="$ob" 'BEGIN {printf "%.2f", a / b}')"
  done <<< "$ours"
done
