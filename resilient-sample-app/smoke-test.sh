#!/usr/bin/env bash
# Proves that the sample's run command from the README works from a clean checkout: runs
#
#     ./mvnw -pl resilient-sample-app -am spring-boot:run
#
# from the repository root in the background, waits until GET /actuator/resilience answers 200,
# then stops the application (its whole process group).
#
# Environment:
#   SMOKE_TIMEOUT    seconds to wait for the application (default 180)
#   SERVER_PORT, SAMPLE_SIMULATOR_PORT
#                    ports of the application and of its simulated downstream (default: free ports)
#   MAVEN_ARGS       extra Maven arguments, read by Maven itself (for example "-B -o")
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

timeout="${SMOKE_TIMEOUT:-180}"
log_dir="$root/resilient-sample-app/target"
mkdir -p "$log_dir"
log="$log_dir/smoke-test.log"

command -v curl >/dev/null || { echo "smoke-test: curl is required" >&2; exit 2; }

port_in_use() {
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

free_port() {
    local port
    for _ in $(seq 1 50); do
        port=$((20000 + RANDOM % 20000))
        if ! port_in_use "$port" && [ "$port" != "${1:-}" ]; then
            echo "$port"
            return 0
        fi
    done
    echo "smoke-test: no free port found" >&2
    return 1
}

export SERVER_PORT="${SERVER_PORT:-$(free_port)}"
export SAMPLE_SIMULATOR_PORT="${SAMPLE_SIMULATOR_PORT:-$(free_port "$SERVER_PORT")}"
url="http://127.0.0.1:$SERVER_PORT/actuator/resilience"

# Job control puts the background job in its own process group, so that stopping it stops Maven
# and the application JVM it forked.
set -m
./mvnw -pl resilient-sample-app -am spring-boot:run >"$log" 2>&1 &
pid=$!
set +m

stop() {
    if kill -0 "$pid" 2>/dev/null; then
        kill -TERM -- "-$pid" 2>/dev/null || true
        for _ in $(seq 1 30); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 1
        done
        kill -KILL -- "-$pid" 2>/dev/null || true
    fi
}
trap stop EXIT

echo "smoke-test: started the sample (pid $pid, port $SERVER_PORT, simulator port $SAMPLE_SIMULATOR_PORT); log: $log"
start=$SECONDS
status=000
while [ $((SECONDS - start)) -lt "$timeout" ]; do
    if ! kill -0 "$pid" 2>/dev/null; then
        echo "smoke-test: FAILED, the run command exited before the application answered; last lines of $log:" >&2
        tail -n 60 "$log" >&2
        exit 1
    fi
    status="$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$url" || true)"
    if [ "$status" = "200" ]; then
        echo "smoke-test: OK, GET $url answered 200 after $((SECONDS - start)) s"
        curl -s --max-time 5 "$url" | head -c 2000
        echo
        exit 0
    fi
    sleep 2
done
echo "smoke-test: FAILED, GET $url did not answer 200 within $timeout s (last status $status); last lines of $log:" >&2
tail -n 60 "$log" >&2
exit 1
