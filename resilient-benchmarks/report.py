#!/usr/bin/env python3
"""Turns JMH JSON results of resilient-benchmarks into docs/benchmarks.md and docs/benchmarks.json.

Usage: report.py [--settings S] [--load L] [--notes FILE] [--logs LOG...]
                 [--before-label REF --before BEFORE.json...] --json OUT.json --markdown OUT.md RESULTS.json...
"""
import argparse
import datetime
import json
import math
import os
import platform
import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "dev.resilient.benchmarks."

# allocation below this many bytes per operation is JMH's measurement noise, i.e. no allocation
ZERO_ALLOCATION_BYTES = 0.5

CORE_OPERATIONS = [
    ("retryNoFailure", "Retry, no failure", "3 attempts allowed; the call succeeds at once."),
    ("breakerClosed", "Circuit breaker, closed", "Count window of 100 calls, 50% failure rate; every call succeeds."),
    ("limiterFreePermits", "Rate limiter, free permits", "10^9 permits per second: taking a permit never waits."),
    ("composed", "Composed pipeline", "Retry → circuit breaker → rate limiter → bulkhead (1000 concurrent) → call."),
    ("oneRetryZeroDelay", "One retry, zero delay",
     "The call fails once (a preallocated exception without a stack trace), then succeeds on the retry."),
]


def pom_property(name, default="?"):
    try:
        text = (ROOT / "pom.xml").read_text()
        m = re.search(r"<%s>([^<]+)</%s>" % (re.escape(name), re.escape(name)), text)
        return m.group(1) if m else default
    except OSError:
        return default


def spring_framework_version():
    boot = pom_property("spring-boot.version", None)
    if boot:
        bom = Path.home() / (".m2/repository/org/springframework/boot/spring-boot-dependencies/%s/"
                             "spring-boot-dependencies-%s.pom" % (boot, boot))
        try:
            m = re.search(r"<spring-framework.version>([^<]+)<", bom.read_text())
            if m:
                return m.group(1)
        except OSError:
            pass
    return "7"


R4J = "resilience4j " + pom_property("resilience4j.version")
FAILSAFE = "Failsafe " + pom_property("failsafe.version")
SPRING = "Spring Framework " + spring_framework_version()
SPRING_RETRY = "Spring Retry " + pom_property("spring-retry.version")

# benchmark class (relative to PACKAGE) -> library label
CORE_LIBRARIES = [
    ("core.ResilientBenchmark", "resilient"),
    ("core.Resilience4jBenchmark", R4J),
    ("core.FailsafeBenchmark", FAILSAFE),
    ("core.SpringCoreRetryBenchmark", SPRING + " `RetryTemplate`"),
    ("core.SpringRetryBenchmark", SPRING_RETRY + " `RetryTemplate`"),
]
BASELINE = "core.BaselineBenchmark.baseline"

PROXY_ROWS = [
    ("proxy.ProxyFloorBenchmark.direct", "bean called directly, no proxy", False),
    ("proxy.ProxyFloorBenchmark.plainProxy", "plain proxy: one no-op `MethodInterceptor` (the floor)", False),
    ("proxy.ProxyFloorBenchmark.noOpAspect", "no-op `@Around` aspect (`@EnableAspectJAutoProxy`)", False),
    ("proxy.ResilientAnnotationBenchmark.composed", "resilient `@Resilient`", True),
    ("proxy.ResilientAnnotationBenchmark.composedDefaultLogging",
     "resilient `@Resilient` with the default logging on (nothing fails, nothing is logged)", True),
    ("proxy.Resilience4jAnnotationBenchmark.composed",
     R4J + " `@Retry @CircuitBreaker @RateLimiter @Bulkhead`", True),
    ("proxy.SpringResilienceAnnotationBenchmark.composed",
     SPRING + " `@Retryable @ConcurrencyLimit` (partial: no breaker, no limiter)", True),
]
PROXY_FLOOR = "proxy.ProxyFloorBenchmark.plainProxy"
RESILIENT_ANNOTATION = "proxy.ResilientAnnotationBenchmark.composed"
REDIS_BENCHMARK = "redis.DistributedRateLimiterBenchmark"
REDIS_ROWS = [
    ("resilientTokenBucket", "resilient token bucket"),
    ("resilientSlidingWindow", "resilient sliding window"),
    ("resilientTokenBucketPerKey", "resilient token bucket, per key (1024 keys)"),
    ("bucket4jLettuce", "Bucket4j Lettuce (CAS)"),
]


def round_trips(logs):
    """(short benchmark name, threads) -> round trips per acquire, from JMH's console output."""
    trips, benchmark, threads = {}, None, None
    for f in logs or []:
        if not os.path.exists(f):
            continue
        for line in Path(f).read_text(errors="replace").splitlines():
            m = re.match(r"# Benchmark: (\S+)", line)
            if m:
                name = m.group(1)
                benchmark = name[len(PACKAGE):] if name.startswith(PACKAGE) else name
                continue
            m = re.match(r"# Threads: (\d+) thread", line)
            if m:
                threads = int(m.group(1))
                continue
            m = re.match(r"round trips per acquire: ([0-9.]+)", line.strip())
            if m and benchmark and threads:
                trips[(benchmark, threads)] = float(m.group(1))
    return trips


def load(files):
    """(short benchmark name, threads) -> result dict; plus the VM description of the first file."""
    results, vm = {}, {}
    for f in files:
        if not os.path.exists(f):
            continue
        with open(f) as fh:
            data = json.load(fh)
        for entry in data:
            name = entry["benchmark"]
            short = name[len(PACKAGE):] if name.startswith(PACKAGE) else name
            alloc = entry.get("secondaryMetrics", {}).get("gc.alloc.rate.norm", {})
            raw = [x for fork in entry["primaryMetric"].get("rawData", []) for x in fork]
            results[(short, entry["threads"])] = {
                "best": min(raw) if raw else None,
                "score": entry["primaryMetric"]["score"],
                "error": as_float(entry["primaryMetric"]["scoreError"]),
                "unit": entry["primaryMetric"]["scoreUnit"],
                "bytes": alloc.get("score"),
            }
            if not vm:
                vm = {"jdk": entry.get("jdkVersion"), "vm": entry.get("vmName"),
                      "vmVersion": entry.get("vmVersion"), "jvmArgs": entry.get("jvmArgs", [])}
    return results, vm


def as_float(x):
    try:
        return float(x)
    except (TypeError, ValueError):
        return None


def finite(x):
    """x as a float, 0 when it is missing or not a number (a single iteration has no error)."""
    x = as_float(x)
    return 0.0 if x is None or math.isnan(x) or math.isinf(x) else x


def num(x, digits=1):
    x = as_float(x) if x is not None else None
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "–"
    return f"{x:,.{digits}f}"


def bytes_str(b):
    if b is None:
        return "–"
    return "0" if b < ZERO_ALLOCATION_BYTES else f"{b:,.0f}"


def ratio_str(r):
    return "–" if r is None else f"{r:.2f}×"


def ratio(overhead, resilient_overhead):
    """How many times resilient's overhead the given overhead is."""
    if overhead is None or resilient_overhead is None or resilient_overhead <= 0:
        return None
    return overhead / resilient_overhead


def machine(vm, load_line):
    cpu = "?"
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "os": " ".join([platform.system(), platform.release(), platform.machine()]),
        "jdk": vm.get("jdk"),
        "vm": "%s %s" % (vm.get("vm"), vm.get("vmVersion")),
        "jvmArgs": vm.get("jvmArgs"),
        "loadBefore": load_line.strip() if load_line else None,
    }


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--settings", default="")
    ap.add_argument("--load", default="")
    ap.add_argument("--notes")
    ap.add_argument("--logs", nargs="*", default=[])
    ap.add_argument("--json", required=True)
    ap.add_argument("--markdown", required=True)
    ap.add_argument("--before", nargs="*", default=[],
                    help="JMH results of the core group measured with an earlier commit in the same session")
    ap.add_argument("--before-label", default="")
    ap.add_argument("results", nargs="+")
    args = ap.parse_args()

    results, vm = load(args.results)
    if not results:
        raise SystemExit("no results in " + ", ".join(args.results))
    threads = sorted({t for (_, t) in results})
    # the redis group runs its own thread counts (1 and 8): tables and targets of the others use theirs
    core_threads = sorted({t for (k, t) in results if not k.startswith("redis.")}) or threads
    trips = round_trips(args.logs)
    mach = machine(vm, args.load)
    summary = []
    md = []
    out = md.append

    out("# Benchmarks")
    out("")
    out("The cost `resilient` adds to a call, measured with [JMH](https://github.com/openjdk/jmh) side by side "
        f"with {R4J}, {FAILSAFE}, {SPRING}'s core retry and {SPRING_RETRY}, on the same call and the "
        "same configuration. The protected call is a static function returning a constant, so every number "
        "is the library's own cost: *overhead* is a benchmark's time minus the direct call's. "
        "*× resilient* is a library's overhead divided by resilient's: above 1 the library costs more than "
        "resilient, below 1 it costs less. B/op is the heap allocated per call (`-prof gc`).")
    out("")
    out("This file is generated by `resilient-benchmarks/run-benchmarks.sh`; the analysis section comes from "
        "`resilient-benchmarks/notes.md`.")
    out("")
    out("## Run")
    out("")
    out(f"- date: {datetime.date.today().isoformat()}")
    out(f"- machine: {mach['cpu']}, {mach['cores']} cores, {mach['os']}")
    out(f"- JVM: JDK {mach['jdk']}, {mach['vm']}" + (f", args `{' '.join(mach['jvmArgs'])}`" if mach['jvmArgs'] else ""))
    out(f"- JMH, one fork per benchmark, `-prof gc`: {args.settings}")
    out("- ns/op is JMH's score, the mean time per call over the measured iterations ± the 99.9% confidence "
        "half-width; *best iteration* is the fastest measured iteration, a hint of the cost when nothing "
        "else on the machine interferes. Overheads and targets use the mean.")
    if mach["loadBefore"]:
        out(f"- load before the run: `{mach['loadBefore']}`")
    out("")

    # baseline
    base = {t: results.get((BASELINE, t)) for t in threads}
    out("## Baseline: the direct call")
    out("")
    out("| threads | ns/op | B/op |")
    out("|---:|---:|---:|")
    for t in core_threads:
        b = base[t]
        if b:
            out(f"| {t} | {num(b['score'], 2)} ± {num(b['error'], 2)} | {bytes_str(b['bytes'])} |")
            summary.append({"benchmark": BASELINE, "group": "baseline", "library": "direct call",
                            "operation": "baseline", "threads": t, "nsPerOp": b["score"],
                            "nsError": b["error"], "bytesPerOp": b["bytes"]})
    out("")

    overheads = {}  # (group, library key, threads) -> overhead ns
    out("## Core API")
    out("")
    for op, title, desc in CORE_OPERATIONS:
        out(f"### {title} (`{op}`)")
        out("")
        out(desc)
        out("")
        out("| library | threads | ns/op | best iteration | B/op | overhead ns/op | × resilient |")
        out("|---|---:|---:|---:|---:|---:|---:|")
        for t in core_threads:
            b = base[t]
            res = results.get((f"core.ResilientBenchmark.{op}", t))
            res_over = res["score"] - b["score"] if res and b else None
            for cls, label in CORE_LIBRARIES:
                r = results.get((f"{cls}.{op}", t))
                if not r:
                    continue
                over = r["score"] - b["score"] if b else None
                overheads[(op, cls, t)] = over
                rat = ratio(over, res_over)
                out(f"| {label} | {t} | {num(r['score'])} ± {num(r['error'])} | {num(r['best'])} | "
                    f"{bytes_str(r['bytes'])} | {num(over)} | {ratio_str(rat)} |")
                summary.append({"benchmark": f"{cls}.{op}", "group": "core", "library": label.replace("`", ""),
                                "operation": op, "threads": t, "nsPerOp": r["score"], "nsError": r["error"],
                                "bestNsPerOp": r["best"], "bytesPerOp": r["bytes"], "overheadNs": over, "overheadVsResilient": rat})
        out("")

    out("## Annotation path: the composed pipeline on a Spring AOP proxy")
    out("")
    out("The same composed pipeline declared with each library's annotations on a Spring bean and called "
        "through its proxy. Overhead is measured over the plain proxy, the cheapest Spring AOP proxy there is.")
    out("")
    out("| proxy | threads | ns/op | best iteration | B/op | overhead over plain proxy | × resilient |")
    out("|---|---:|---:|---:|---:|---:|---:|")
    resilient_annotation_present = any(k[0] == RESILIENT_ANNOTATION for k in results)
    for t in core_threads:
        floor = results.get((PROXY_FLOOR, t))
        res = results.get((RESILIENT_ANNOTATION, t))
        res_over = res["score"] - floor["score"] if res and floor else None
        for key, label, compare in PROXY_ROWS:
            r = results.get((key, t))
            if not r:
                if key == RESILIENT_ANNOTATION:
                    out(f"| {label} | {t} | not measured: `@Resilient` benchmark not written yet | | | | |")
                continue
            over = r["score"] - floor["score"] if floor and key != "proxy.ProxyFloorBenchmark.direct" else None
            overheads[("annotation", key, t)] = over
            rat = ratio(over, res_over) if compare else None
            out(f"| {label} | {t} | {num(r['score'])} ± {num(r['error'])} | {num(r['best'])} | "
                f"{bytes_str(r['bytes'])} | {num(over)} | {ratio_str(rat)} |")
            summary.append({"benchmark": key, "group": "annotation", "library": label.replace("`", ""),
                            "operation": key.rsplit(".", 1)[1], "threads": t, "nsPerOp": r["score"],
                            "nsError": r["error"], "bestNsPerOp": r["best"], "bytesPerOp": r["bytes"], "overheadNs": over,
                            "overheadVsResilient": rat})
    out("")

    # diagnostics
    clock = results.get(("diagnostics.ClockBenchmark.nanoTime", 1))
    frozen_rows = [(op, results.get((f"core.ResilientBenchmark.{op}", 1)),
                    results.get((f"diagnostics.ResilientFrozenClockBenchmark.{op}", 1)))
                   for op, _, _ in CORE_OPERATIONS]
    frozen_rows = [row for row in frozen_rows if row[1] and row[2]]
    if clock or frozen_rows:
        out("## Diagnostics: the price of reading the clock")
        out("")
        if clock:
            out(f"One `System.nanoTime()` costs {num(clock['score'], 1)} ± {num(clock['error'], 1)} ns on this "
                "machine (1 thread). Below, resilient's core benchmarks (1 thread) run once on the system "
                "clock and once on a clock that never moves; the difference is what the pipeline's clock "
                "reads cost.")
            out("")
        out("| benchmark | system clock ns/op | frozen clock ns/op | difference | ≈ clock reads |")
        out("|---|---:|---:|---:|---:|")
        for op, real, frozen in frozen_rows:
            diff = real["score"] - frozen["score"]
            reads = diff / clock["score"] if clock and clock["score"] > 0 else None
            out(f"| `{op}` | {num(real['score'])} ± {num(real['error'])} | {num(frozen['score'])} ± "
                f"{num(frozen['error'])} | {num(diff)} | {num(reads)} |")
            summary.append({"benchmark": f"diagnostics.ResilientFrozenClockBenchmark.{op}",
                            "group": "diagnostics", "library": "resilient (frozen clock)", "operation": op,
                            "threads": 1, "nsPerOp": frozen["score"], "nsError": frozen["error"],
                            "bytesPerOp": frozen["bytes"]})
        if clock:
            summary.append({"benchmark": "diagnostics.ClockBenchmark.nanoTime", "group": "diagnostics",
                            "library": "System.nanoTime()", "operation": "nanoTime", "threads": 1,
                            "nsPerOp": clock["score"], "nsError": clock["error"], "bytesPerOp": clock["bytes"]})
        out("")

    redis_rows = [(op, label, t, results.get((f"{REDIS_BENCHMARK}.{op}", t)))
                  for t in sorted({t for (k, t) in results if k.startswith("redis.")})
                  for op, label in REDIS_ROWS]
    redis_rows = [row for row in redis_rows if row[3]]
    if redis_rows:
        out("## Distributed rate limiter on Redis")
        out("")
        out("`redis.DistributedRateLimiterBenchmark`: one permit per operation from a limiter whose state is in a "
            "real Redis on loopback that the benchmark starts itself; the limit (10⁹ per 10 s) is never reached. "
            "Round trips are the commands the client sent per acquire, counted by a Lettuce command listener.")
        out("")
        out("| benchmark | threads | acquires/s | B/op | round trips per acquire |")
        out("|---|---:|---:|---:|---:|")
        for op, label, t, r in redis_rows:
            rt = trips.get((f"{REDIS_BENCHMARK}.{op}", t))
            out(f"| {label} | {t} | {num(r['score'], 0)} ± {num(r['error'], 0)} | {bytes_str(r['bytes'])} | "
                f"{num(rt, 2) if rt is not None else 'not measured'} |")
            summary.append({"benchmark": f"{REDIS_BENCHMARK}.{op}", "group": "redis", "library": label,
                            "operation": op, "threads": t, "opsPerSecond": r["score"], "opsError": r["error"],
                            "bytesPerOp": r["bytes"], "roundTripsPerAcquire": rt})
        out("")

    # targets
    targets = []
    for op in ["retryNoFailure", "breakerClosed", "limiterFreePermits", "composed"]:
        for t in core_threads:
            r = results.get((f"core.ResilientBenchmark.{op}", t))
            if r is None or r["bytes"] is None:
                targets.append((f"resilient `{op}` allocates 0 B/op", t, "not measured", None))
            else:
                targets.append((f"resilient `{op}` allocates 0 B/op", t, f"{r['bytes']:.3f} B/op",
                                r["bytes"] < ZERO_ALLOCATION_BYTES))
    for cls, label in [("core.Resilience4jBenchmark", R4J), ("core.FailsafeBenchmark", FAILSAFE)]:
        for t in core_threads:
            mine = overheads.get(("composed", "core.ResilientBenchmark", t))
            theirs = overheads.get(("composed", cls, t))
            name = f"composed: resilient's overhead ≤ ½ of {label}'s"
            if mine is None or theirs is None:
                targets.append((name, t, "not measured", None))
            else:
                targets.append((name, t, f"{num(mine)} vs {num(theirs)} ns/op (½ = {num(theirs / 2)})",
                                mine <= theirs / 2))
    for t in core_threads:
        name = f"annotations: `@Resilient`'s overhead over the plain proxy ≤ ½ of {R4J}'s"
        mine = overheads.get(("annotation", RESILIENT_ANNOTATION, t))
        theirs = overheads.get(("annotation", "proxy.Resilience4jAnnotationBenchmark.composed", t))
        if mine is None or theirs is None:
            targets.append((name, t, "not measured: `@Resilient` benchmark not written yet" if not resilient_annotation_present
                            else "not measured", None))
        else:
            targets.append((name, t, f"{num(mine)} vs {num(theirs)} ns/op (½ = {num(theirs / 2)})",
                            mine <= theirs / 2))

    if args.before:
        before_and_after(out, summary, results, args.before, args.before_label, core_threads)

    out("## Targets")
    out("")
    out("| target | threads | measured | result |")
    out("|---|---:|---|---|")
    for name, t, measured, ok in targets:
        verdict = "**met**" if ok else ("**missed**" if ok is False else "open")
        out(f"| {name} | {t} | {measured} | {verdict} |")
    out("")

    if args.notes and os.path.exists(args.notes):
        out(Path(args.notes).read_text().rstrip())
        out("")

    out(CONFIGURATIONS.strip())
    out("")
    out(HOW_TO_RUN.strip())
    out("")

    Path(args.markdown).write_text("\n".join(md))
    Path(args.json).write_text(json.dumps({
        "date": datetime.date.today().isoformat(),
        "machine": mach,
        "settings": args.settings + " -prof gc",
        "threads": threads,
        "results": summary,
        "targets": [{"target": n.replace("`", ""), "threads": t, "measured": m,
                     "met": ok} for n, t, m, ok in targets],
    }, indent=2) + "\n")


def before_and_after(out, summary, results, before_files, label, threads):
    """resilient's core benchmarks measured with an earlier commit, just before this run's: same machine, same settings."""
    before, _ = load(before_files)
    if not before:
        return
    out("## Before and after")
    out("")
    out(f"resilient's core benchmarks measured with commit `{label or 'before'}` right before this run, on the "
        "same machine with the same JMH settings. *Within error bars* means the two 99.9% confidence "
        "intervals overlap.")
    out("")
    out("| benchmark | threads | before ns/op | after ns/op | before B/op | after B/op | within error bars |")
    out("|---|---:|---:|---:|---:|---:|---|")
    for op, _, _ in CORE_OPERATIONS:
        for t in threads:
            key = (f"core.ResilientBenchmark.{op}", t)
            b, a = before.get(key), results.get(key)
            if not b or not a:
                continue
            overlap = abs(a["score"] - b["score"]) <= finite(b["error"]) + finite(a["error"])
            verdict = "yes" if overlap else ("no, faster" if a["score"] < b["score"] else "**no, slower**")
            out(f"| `{op}` | {t} | {num(b['score'])} ± {num(b['error'])} | {num(a['score'])} ± {num(a['error'])} | "
                f"{bytes_str(b['bytes'])} | {bytes_str(a['bytes'])} | {verdict} |")
            summary.append({"benchmark": key[0], "group": "before-and-after", "before": label, "threads": t,
                            "beforeNsPerOp": b["score"], "beforeNsError": b["error"], "nsPerOp": a["score"],
                            "nsError": a["error"], "beforeBytesPerOp": b["bytes"], "bytesPerOp": a["bytes"],
                            "withinErrorBars": overlap})
    out("")


CONFIGURATIONS = """
## What is compared

Every library gets the same settings (`dev.resilient.benchmarks.Workload`), in its own API:

| pattern | settings | resilient | resilience4j | Failsafe | Spring |
|---|---|---|---|---|---|
| retry | 3 attempts in all, zero delay, retry on any exception | `RetryConfig` fixed backoff, `baseDelay(0)` | `RetryConfig` `waitDuration(0)` | `RetryPolicy` `withMaxAttempts(3)` (no delay by default) | Framework 7: `RetryPolicy` `maxRetries(2)`, `delay(0)`; Spring Retry: `maxAttempts(3)`, `noBackoff()` |
| circuit breaker | count window of 100 calls, opens at a 50% failure rate once 100 calls are seen | `CircuitBreakerConfig`, consecutive-failure rule off | `slidingWindow(100, 100, COUNT_BASED)` | `withFailureThreshold(50, 100)` | – |
| rate limiter | 10^9 permits per second, no waiting: never throttles | token bucket | `limitForPeriod(10^9)` per 1 s | `burstyBuilder(10^9, 1 s)` | – |
| bulkhead | 1000 concurrent calls, no waiting | `BulkheadConfig` | semaphore `Bulkhead` | `Bulkhead.builder(1000)` | `@ConcurrencyLimit(1000)` (annotation path only) |

- The composed pipeline is retry → circuit breaker → rate limiter → bulkhead → call, outer to inner,
  resilient's pipeline order and the default order of resilience4j's aspects.
- resilience4j's callables are decorated once at set-up, its cheapest use; Failsafe uses one
  `FailsafeExecutor` per configuration; resilient one `ResiliencePipeline` per configuration. All
  state (pipelines, breakers, limiters) is shared by the benchmark threads, as in an application.
- The flaky call of `oneRetryZeroDelay` throws one preallocated exception, so exception creation
  is not measured.
- The `@Resilient` benchmark starts a Spring context with only `ResilientAutoConfiguration` and
  Spring Boot's `AopAutoConfiguration`, and gives the settings above as a profile `bench`
  (`resilient.profiles.bench.*`: fixed zero delay without jitter, failure-rate rule only, and so on),
  with metrics and logging off, since the peers' aspects neither meter nor log; a second row keeps
  the starter's default logging on. Its set-up checks that the instance has exactly the retry,
  circuit breaker, rate limiter and bulkhead steps.
- The resilience4j annotation benchmark wires the resilience4j-spring6 aspects by hand, without the
  per-instance event buffers its Spring Boot auto-configuration adds: the leanest set-up it allows.
- Spring has no circuit breaker or rate limiter: its rows cover retry (and the concurrency limit
  on the annotation path) only, and are shown for reference, not as equivalents.
"""

HOW_TO_RUN = """
## How to run

The benchmarks live in the `resilient-benchmarks` module. `./mvnw verify` only compiles them and
packages the runnable jar; it never runs them.

```bash
# the whole suite, 1 and 2 threads (redis: 1 and 8), about 12 minutes on 2 cores with the build;
# rewrites this file
resilient-benchmarks/run-benchmarks.sh

# the core group also measured with an earlier commit (built in a temporary worktree), right
# before this run, and a "Before and after" table of resilient's numbers
BENCH_BEFORE_REF=3935876 resilient-benchmarks/run-benchmarks.sh

# only the distributed rate limiter (it starts its own Redis server)
BENCH_GROUPS=redis resilient-benchmarks/run-benchmarks.sh

# longer measurements (the group options are JMH options)
BENCH_CORE_OPTS='-f 2 -wi 3 -w 1s -i 5 -r 2s' resilient-benchmarks/run-benchmarks.sh

# a subset, one thread count: writes a report of just these
BENCH_FILTER='composed' BENCH_THREADS=1 resilient-benchmarks/run-benchmarks.sh

# or JMH directly
./mvnw -B -q -pl resilient-benchmarks -am package -DskipTests
java -jar resilient-benchmarks/target/benchmarks.jar -t 2 -prof gc 'Resilient|Resilience4j'
java -jar resilient-benchmarks/target/benchmarks.jar -h
```

Results are only comparable within one run on one machine. Close other work first: on a busy
machine the errors grow and the 2-thread numbers suffer most. The raw JMH results are kept in
`resilient-benchmarks/target/jmh-<group>-t<threads>.json`; `REPORT_ONLY=1` regenerates this file
from them. The benchmark classes are in `resilient-benchmarks/src/main/java/dev/resilient/benchmarks`:
`core` (one class per library, same benchmark names), `proxy` (the annotation path and its floors),
`diagnostics` (not a comparison: the clock's share of resilient's time) and `redis` (the distributed
rate limiter next to Bucket4j's Redis backend).
"""

if __name__ == "__main__":
    main()
