#!/usr/bin/env bash
# Runs the JMH suite of resilient-benchmarks with 1 and then 2 threads (the redis group: 1 and 8)
# and writes
#   resilient-benchmarks/target/jmh-<group>-t<threads>.json  (raw JMH results)
#   resilient-benchmarks/target/jmh-<group>-t<threads>.log   (JMH's console output)
#   docs/benchmarks.json                                     (summary)
#   docs/benchmarks.md                                       (tables, targets, how to run)
#
# Four groups, every benchmark in one forked JVM with the GC profiler:
#   core         the framework-free API, 1 and 2 threads: 20 benchmarks x (2 x 1 s warm-up + 3 x 1 s)
#   proxy        the Spring AOP annotation path, 1 and 2 threads: 7 benchmarks x (6 x 2 s warm-up
#                + 3 x 1 s); the proxies take ~10 s to reach a steady state (resilience4j's the longest)
#   diagnostics  where resilient's time goes (clock reads), 1 thread: 6 benchmarks, as core
#   redis        the distributed rate limiter against a real Redis on loopback that the benchmark
#                starts itself (the system's redis-server, else embedded-redis's binary), next to
#                Bucket4j's Lettuce backend, 1 and 8 threads: 4 benchmarks x (2 x 2 s warm-up + 3 x 3 s);
#                round trips per acquire are read from its console output
# About 11 minutes of benchmarks on 2 cores, plus the build.
#
# Environment overrides:
#   BENCH_THREADS     thread counts, space-separated (default: "1 2")
#   BENCH_CORE_OPTS   JMH options of the core group  (default: "-f 1 -wi 2 -w 1s -i 3 -r 1s")
#   BENCH_PROXY_OPTS  JMH options of the proxy group (default: "-f 1 -wi 6 -w 2s -i 3 -r 1s")
#   BENCH_REDIS_OPTS  JMH options of the redis group (default: "-f 1 -wi 2 -w 2s -i 3 -r 3s")
#   BENCH_REDIS_THREADS  thread counts of the redis group (default: "1 8")
#   BENCH_GROUPS      the groups to run, space-separated (default: "core proxy diagnostics redis");
#                     e.g. BENCH_GROUPS=redis runs only the distributed limiter
#   BENCH_FILTER      run only the benchmarks matching this JMH regex, with BENCH_OPTS
#                     (default BENCH_CORE_OPTS), as group "custom"; e.g. BENCH_FILTER=Resilient
#   BENCH_BEFORE_REF  a git commit to compare with: its benchmarks jar is built in a temporary
#                     worktree and the core group is measured with it first, with the same options;
#                     the report then has a "Before and after" table of resilient's numbers
#   SKIP_BUILD=1      reuse resilient-benchmarks/target/benchmarks.jar
#   REPORT_ONLY=1     only regenerate the report from the raw results already in target/
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
jar="$here/target/benchmarks.jar"
threads="${BENCH_THREADS:-1 2}"
core_opts="${BENCH_CORE_OPTS:--f 1 -wi 2 -w 1s -i 3 -r 1s}"
proxy_opts="${BENCH_PROXY_OPTS:--f 1 -wi 6 -w 2s -i 3 -r 1s}"
redis_opts="${BENCH_REDIS_OPTS:--f 1 -wi 2 -w 2s -i 3 -r 3s}"
redis_threads="${BENCH_REDIS_THREADS:-1 8}"
selected=" ${BENCH_GROUPS:-core proxy diagnostics redis} "

if [[ -n "${BENCH_FILTER:-}" ]]; then
  groups=("custom|$BENCH_FILTER|${BENCH_OPTS:-$core_opts}|$threads")
else
  all_groups=("core|benchmarks\\.core\\.|$core_opts|$threads"
              "proxy|benchmarks\\.proxy\\.|$proxy_opts|$threads"
              "diagnostics|benchmarks\\.diagnostics\\.|$core_opts|1"
              "redis|benchmarks\\.redis\\.|$redis_opts|$redis_threads")
  groups=()
  for g in "${all_groups[@]}"; do
    if [[ "$selected" == *" ${g%%|*} "* ]]; then
      groups+=("$g")
    fi
  done
  if [[ ${#groups[@]} -eq 0 ]]; then
    echo "BENCH_GROUPS names no group (core, proxy, diagnostics, redis): '${BENCH_GROUPS:-}'" >&2
    exit 1
  fi
fi

settings=""
for g in "${groups[@]}"; do
  IFS='|' read -r name filter opts group_threads <<< "$g"
  settings+="${settings:+; }$name (threads $group_threads): $opts"
done

if [[ "${REPORT_ONLY:-0}" != 1 ]]; then
  if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
    echo "== building $jar"
    (cd "$root" && ./mvnw -B -q -pl resilient-benchmarks -am package -DskipTests)
  fi
  mkdir -p "$here/target"
  rm -f "$here"/target/jmh-*-t*.json "$here"/target/jmh-*-t*.log "$here"/target/before/jmh-*-t*.json
  if [[ -n "${BENCH_BEFORE_REF:-}" ]]; then
    before_src="$here/target/before-src"
    echo "== building the benchmarks of $BENCH_BEFORE_REF in $before_src"
    (cd "$root" && git worktree remove --force "$before_src" 2>/dev/null || true)
    (cd "$root" && git worktree add --detach "$before_src" "$BENCH_BEFORE_REF" >/dev/null)
    (cd "$before_src" && ./mvnw -B -q -pl resilient-benchmarks -am package -DskipTests)
    mkdir -p "$here/target/before"
    echo "$BENCH_BEFORE_REF" > "$here/target/before/ref.txt"
    for t in $threads; do
      echo "== core with $BENCH_BEFORE_REF, $t thread(s): $core_opts"
      # shellcheck disable=SC2086
      java -jar "$before_src/resilient-benchmarks/target/benchmarks.jar" $core_opts -t "$t" -prof gc -rf json \
        -rff "$here/target/before/jmh-core-t$t.json" 'benchmarks\.core\.ResilientBenchmark|benchmarks\.core\.BaselineBenchmark'
    done
    (cd "$root" && git worktree remove --force "$before_src")
  fi
  echo "$settings" > "$here/target/jmh-settings.txt"
  uptime > "$here/target/load-before.txt" || true
  start=$(date +%s)
  for g in "${groups[@]}"; do
    IFS='|' read -r name filter opts group_threads <<< "$g"
    for t in $group_threads; do
      echo "== $name, $t thread(s): $opts"
      # shellcheck disable=SC2086
      java -jar "$jar" $opts -t "$t" -prof gc -rf json -rff "$here/target/jmh-$name-t$t.json" "$filter" \
        | tee "$here/target/jmh-$name-t$t.log"
    done
  done
  echo "== benchmarks took $(( $(date +%s) - start )) s"
fi

shopt -s nullglob
results=("$here"/target/jmh-*-t*.json)
before=("$here"/target/before/jmh-*-t*.json)
before_args=()
if (( ${#before[@]} )); then
  before_args=(--before-label "$(cat "$here/target/before/ref.txt" 2>/dev/null || echo before)" --before "${before[@]}")
fi
python3 "$here/report.py" \
  "${before_args[@]}" \
  --settings "$(cat "$here/target/jmh-settings.txt" 2>/dev/null || echo "$settings")" \
  --load "$(cat "$here/target/load-before.txt" 2>/dev/null || true)" \
  --notes "$here/notes.md" \
  --logs "$here"/target/jmh-*-t*.log \
  --json "$root/docs/benchmarks.json" \
  --markdown "$root/docs/benchmarks.md" \
  "${results[@]}"
echo "== wrote docs/benchmarks.md and docs/benchmarks.json"
