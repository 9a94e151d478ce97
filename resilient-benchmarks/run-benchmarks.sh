#!/usr/bin/env bash
# Runs the JMH suite of resilient-benchmarks with 1 and then 2 threads and writes
#   resilient-benchmarks/target/jmh-results-t1.json, -t2.json  (raw JMH results)
#   docs/benchmarks.json                                        (summary)
#   docs/benchmarks.md                                          (tables, targets, how to run)
#
# The default settings finish in about 6 minutes on 2 cores: every benchmark forks one JVM and runs
# 2 warm-up and 3 measured iterations of 1 s each, with the GC profiler for B/op.
#
# Environment overrides:
#   BENCH_FILTER   JMH benchmark regex (default: the comparison, core and proxy; not the diagnostics)
#   BENCH_THREADS  thread counts to run, space-separated (default: "1 2")
#   BENCH_OPTS     JMH options (default: "-f 1 -wi 2 -w 1s -i 3 -r 1s")
#   SKIP_BUILD=1   reuse resilient-benchmarks/target/benchmarks.jar
#   REPORT_ONLY=1  only regenerate the report from the existing raw results
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
jar="$here/target/benchmarks.jar"
filter="${BENCH_FILTER:-benchmarks\.(core|proxy)\.}"
threads="${BENCH_THREADS:-1 2}"
opts="${BENCH_OPTS:--f 1 -wi 2 -w 1s -i 3 -r 1s}"

results=()
for t in $threads; do
  results+=("$here/target/jmh-results-t$t.json")
done

if [[ "${REPORT_ONLY:-0}" != 1 ]]; then
  if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
    echo "== building $jar"
    (cd "$root" && ./mvnw -B -q -pl resilient-benchmarks -am package -DskipTests)
  fi
  mkdir -p "$here/target"
  uptime > "$here/target/load-before.txt" || true
  start=$(date +%s)
  for t in $threads; do
    echo "== running with $t thread(s): $opts -t $t ${filter:+($filter)}"
    # shellcheck disable=SC2086
    java -jar "$jar" $opts -t "$t" -prof gc -rf json -rff "$here/target/jmh-results-t$t.json" $filter
  done
  echo "== benchmarks took $(( $(date +%s) - start )) s"
fi

python3 "$here/report.py" \
  --settings "$opts" \
  --load "$(cat "$here/target/load-before.txt" 2>/dev/null || true)" \
  --notes "$here/notes.md" \
  --json "$root/docs/benchmarks.json" \
  --markdown "$root/docs/benchmarks.md" \
  "${results[@]}"
echo "== wrote docs/benchmarks.md and docs/benchmarks.json"
