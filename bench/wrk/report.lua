-- Shared by every wrk script of `make bench`: at the end of a run, one line
--   BENCH_JSON {...}
-- with throughput, latency percentiles (ms) and error counts, which scripts/bench.sh picks up.
-- A script loads it with: dofile(os.getenv("BENCH_WRK_DIR") .. "/report.lua")

function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local e = summary.errors
  local ms = function(us) return us / 1000 end
  io.write(string.format(
    'BENCH_JSON {"requests": %d, "duration_s": %.3f, "rps": %.2f, ' ..
    '"p50_ms": %.3f, "p95_ms": %.3f, "p99_ms": %.3f, "max_ms": %.3f, "mean_ms": %.3f, ' ..
    '"errors": {"connect": %d, "read": %d, "write": %d, "non_2xx": %d, "timeout": %d}}\n',
    summary.requests, seconds, summary.requests / seconds,
    ms(latency:percentile(50)), ms(latency:percentile(95)), ms(latency:percentile(99)),
    ms(latency.max), ms(latency.mean),
    e.connect, e.read, e.write, e.status, e.timeout))
end
