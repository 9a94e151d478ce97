#!/usr/bin/env bash
# Proves that the sample starts from a clean checkout the ways the README shows. For each way, it
# starts the application in the background, waits until GET /actuator/resilience answers 200 and
# lists the three @Resilient instances (before any call), places one order (POST /orders, which
# goes through all three), then stops it (its whole process group):
#
#   run   the README's run command:  ./mvnw -pl resilient-sample-app -am spring-boot:run
#   jar   the executable jar:        ./mvnw -pl resilient-sample-app -am package -DskipTests
#                                    java -jar resilient-sample-app/target/resilient-sample-app-*.jar
#   aot   ahead-of-time processed:   ./mvnw -pl resilient-sample-app -am package -DskipTests -Paot
#                                    java -Dspring.aot.enabled=true -jar resilient-sample-app/target/...jar
#
# Usage: resilient-sample-app/smoke-test.sh [run|jar|aot|all]   (default all: run, jar, then aot)
#
# Environment:
#   SMOKE_TIMEOUT    seconds to wait for the application (default 180)
#   SERVER_PORT, SAMPLE_SIMULATOR_PORT
#                    ports of the application and of its simulated downstream (default: free ports)
#   MAVEN_ARGS       extra Maven arguments, read by Maven itself (for example "-B -o")
#   JAVA             the java launcher for the jar (default: $JAVA_HOME/bin/java, else java)
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

timeout="${SMOKE_TIMEOUT:-180}"
log_dir="$root/resilient-sample-app/target"
mkdir -p "$log_dir"

command -v curl >/dev/null || { echo "smoke-test: curl is required" >&2; exit 2; }

port_in_use() {
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# Ports are picked below the kernel's ephemeral range, where no outgoing connection can hold one
# (a listening check cannot see a port held as the local end of a connection).
ephemeral_low="$(cut -f1 /proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || echo 32768)"
[ "${ephemeral_low:-0}" -gt 21000 ] 2>/dev/null || ephemeral_low=32768

free_port() {
    local port
    for _ in $(seq 1 50); do
        port=$((20000 + RANDOM % (ephemeral_low - 20000)))
        if ! port_in_use "$port" && [ "$port" != "${1:-}" ]; then
            echo "$port"
            return 0
        fi
    done
    echo "smoke-test: no free port found" >&2
    return 1
}

mode="${1:-all}"
case "$mode" in run|jar|aot|all) ;; *) echo "usage: $0 [run|jar|aot|all]" >&2; exit 2 ;; esac
java_cmd="${JAVA:-${JAVA_HOME:+$JAVA_HOME/bin/}java}"

pid=""
stop() {
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
        kill -TERM -- "-$pid" 2>/dev/null || true
        for _ in $(seq 1 30); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 1
        done
        kill -KILL -- "-$pid" 2>/dev/null || true
    fi
    pid=""
}
trap stop EXIT

# smoke NAME COMMAND...: starts COMMAND, waits for the endpoint, checks the instances, stops it.
smoke() {
    local name="$1"
    shift
    local log="$log_dir/smoke-test-$name.log"
    export SERVER_PORT="${SMOKE_SERVER_PORT:-$(free_port)}"
    export SAMPLE_SIMULATOR_PORT="${SMOKE_SIMULATOR_PORT:-$(free_port "$SERVER_PORT")}"
    local url="http://127.0.0.1:$SERVER_PORT/actuator/resilience"
    # Job control puts the background job in its own process group, so that stopping it stops
    # Maven and the application JVM it forked.
    set -m
    "$@" >"$log" 2>&1 &
    pid=$!
    set +m
    echo "smoke-test [$name]: started '$*' (pid $pid, port $SERVER_PORT, simulator port $SAMPLE_SIMULATOR_PORT); log: $log"
    local start=$SECONDS status=000 body
    while [ $((SECONDS - start)) -lt "$timeout" ]; do
        if ! kill -0 "$pid" 2>/dev/null; then
            echo "smoke-test [$name]: FAILED, the command exited before the application answered; last lines of $log:" >&2
            tail -n 60 "$log" >&2
            exit 1
        fi
        status="$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$url" || true)"
        if [ "$status" = "200" ]; then
            body="$(curl -s --max-time 5 "$url")"
            for instance in inventory.stock payments.charge shipping.quote; do
                if ! grep -q "\"$instance\"" <<<"$body"; then
                    echo "smoke-test [$name]: FAILED, $url does not list $instance before the first call: $body" >&2
                    exit 1
                fi
            done
            echo "smoke-test [$name]: OK, GET $url answered 200 after $((SECONDS - start)) s, listing every instance"
            head -c 2000 <<<"$body"
            echo
            order
            stop
            return 0
        fi
        sleep 2
    done
    echo "smoke-test [$name]: FAILED, GET $url did not answer 200 within $timeout s (last status $status); last lines of $log:" >&2
    tail -n 60 "$log" >&2
    exit 1
}

# order: one order through the three @Resilient clients; the answer must be a confirmed order.
order() {
    local answer
    answer="$(curl -s --max-time 30 -H 'Content-Type: application/json' \
        -d '{"sku":"book-42","quantity":2,"postcode":"10115"}' "http://127.0.0.1:$SERVER_PORT/orders")"
    if ! grep -q '"orderId"' <<<"$answer"; then
        echo "smoke-test: FAILED, POST /orders answered: $answer" >&2
        exit 1
    fi
    echo "smoke-test: OK, POST /orders answered $answer"
}

SMOKE_SERVER_PORT="${SERVER_PORT:-}"
SMOKE_SIMULATOR_PORT="${SAMPLE_SIMULATOR_PORT:-}"

if [ "$mode" = run ] || [ "$mode" = all ]; then
    smoke run ./mvnw -pl resilient-sample-app -am spring-boot:run
fi
if [ "$mode" = jar ] || [ "$mode" = all ]; then
    echo "smoke-test [jar]: building the executable jar"
    ./mvnw -B -q -pl resilient-sample-app -am package -DskipTests >"$log_dir/smoke-test-package.log" 2>&1 || {
        echo "smoke-test [jar]: FAILED, the package command failed; last lines:" >&2
        tail -n 60 "$log_dir/smoke-test-package.log" >&2
        exit 1
    }
    jars=(resilient-sample-app/target/resilient-sample-app-*.jar)
    jar="${jars[0]}"
    [ -f "$jar" ] || { echo "smoke-test [jar]: FAILED, no jar in resilient-sample-app/target" >&2; exit 1; }
    smoke jar "$java_cmd" -jar "$jar"
fi
if [ "$mode" = aot ] || [ "$mode" = all ]; then
    echo "smoke-test [aot]: building the ahead-of-time processed jar"
    ./mvnw -B -q -pl resilient-sample-app -am package -DskipTests -Paot >"$log_dir/smoke-test-package-aot.log" 2>&1 || {
        echo "smoke-test [aot]: FAILED, the package command failed; last lines:" >&2
        tail -n 60 "$log_dir/smoke-test-package-aot.log" >&2
        exit 1
    }
    jars=(resilient-sample-app/target/resilient-sample-app-*.jar)
    smoke aot "$java_cmd" -Dspring.aot.enabled=true -jar "${jars[0]}"
fi
