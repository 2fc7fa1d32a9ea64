-- A GET of one fixed path (BENCH_PATH, with BENCH_TOKEN), printing at the end one JSON line with
-- the latency percentiles wrk's own summary leaves out (p95), for bench/reports.
local common = dofile(os.getenv("BENCH_WRK_DIR") .. "/common.lua")
local path, headers

function init(args)
  path = os.getenv("BENCH_PATH")
  headers = common.headers({ ["Accept"] = "application/json" })
end

function request()
  return wrk.format("GET", path, headers)
end

function done(summary, latency, requests)
  local errors = summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  io.write(string.format('{"requests": %d, "errors": %d, "seconds": %.1f, "p50_ms": %.1f, "p95_ms": %.1f, "p99_ms": %.1f, "max_ms": %.1f}\n',
    summary.requests, errors, summary.duration / 1e6, latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000))
end
