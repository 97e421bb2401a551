#!/usr/bin/env bash
# Same-JVM A/B of two source trees: both are loaded side by side, each by a class loader of its
# own, given the same arrays, and timed in windows alternated between them, pinned to one core.
# Prints best and median per task. Used for the figures BENCHMARKS.md marks "same-JVM A/B".
#
#   bench/ab/run.sh step|cnn TREE_A TREE_B [ROUNDS] [CORE]
#
# Each tree must be built first (mvn -q -DskipTests install in it; "step" also needs
# autodiff/target/test-classes, which that builds). Run it once with each tree first: the
# order moves the figures a few percent. JAVA picks the JDK (default: java on the PATH).
set -euo pipefail
suite=$1; a=$(cd "$2" && pwd); b=$(cd "$3" && pwd); rounds=${4:-9}; core=${5:-1}
java=${JAVA:-java}; javac=${JAVAC:-javac}
here=$(cd "$(dirname "$0")" && pwd); work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
case $suite in
  step) harness=dev/vecgrad/autodiff/StepHarness.java; driver=StepAB;
        cp="$b/autodiff/target/test-classes:$b/autodiff/target/classes:$b/core/target/classes" ;;
  cnn)  harness=dev/vecgrad/layers/CnnHarness.java; driver=CnnAB;
        cp="$b/layers/target/classes:$b/autodiff/target/classes:$b/core/target/classes" ;;
  *) echo "usage: $0 step|cnn TREE_A TREE_B [ROUNDS] [CORE]" >&2; exit 2 ;;
esac
mkdir -p "$work/h" "$work/d"
# The harness compiles against tree B, or against A when B predates a task it names (a
# tree without a task reports NaN for it).
"$javac" -nowarn -d "$work/h" -cp "$cp" --add-modules jdk.incubator.vector "$here/$harness" 2>/dev/null \
  || "$javac" -nowarn -d "$work/h" -cp "${cp//$b/$a}" --add-modules jdk.incubator.vector "$here/$harness"
"$javac" -nowarn -d "$work/d" "$here/$driver.java"
taskset -c "$core" "$java" --add-modules jdk.incubator.vector -cp "$work/d" "$driver" "$a" "$b" "$rounds" "$work/h/"
