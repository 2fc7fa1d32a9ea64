-- Shared by the bench/wrk scripts (loaded with dofile). Settings come from the environment:
--   BENCH_TOKEN    the bearer token
--   BENCH_THREADS  wrk's -t, so each thread can take its own share of a pool
local common = {}

function common.lines(path)
  local result = {}
  for line in io.lines(path) do
    if line ~= "" then result[#result + 1] = line end
  end
  return result
end

function common.read(path)
  local f = assert(io.open(path, "rb"))
  local text = f:read("*a")
  f:close()
  return text
end

function common.headers(extra)
  local h = { ["Authorization"] = "Bearer " .. os.getenv("BENCH_TOKEN") }
  for k, v in pairs(extra or {}) do h[k] = v end
  return h
end

-- A key no other request of this run uses: thread, counter and a random part.
local run = tostring(os.time())
function common.key(thread, counter)
  return string.format("bench-%s-%d-%d-%08x", run, thread, counter, math.random(0, 0x7fffffff))
end

-- Threads are numbered in setup(), which wrk runs for each thread before it starts.
local threads = 0
function setup(thread)
  thread:set("thread_number", threads)
  threads = threads + 1
end

-- wrk's --latency table has no 95th percentile; the issue's targets are p95.
function done(summary, latency, requests)
  io.write(string.format("Latency p95: %.3fms\n", latency:percentile(95) / 1000))
end

return common
