-- POST /api/v1/referrals/{id}/accept with If-Match and a fresh Idempotency-Key. Each referral of the
-- pool is accepted once: BENCH_POOL has "id version" lines (Submitted, Eligible referrals) and
-- thread t of BENCH_THREADS takes lines t+1, t+1+n, t+1+2n, ... A thread that runs out starts
-- again from its first line, and those requests fail (412): wrk counts them as non-2xx.
local common = dofile(os.getenv("BENCH_WRK_DIR") .. "/common.lua")
local pool, threads, counter = nil, 1, 0

function init(args)
  math.randomseed(os.time() + 7919 * thread_number)
  pool = common.lines(os.getenv("BENCH_POOL"))
  assert(#pool > 0, "no referrals in BENCH_POOL")
  threads = tonumber(os.getenv("BENCH_THREADS") or "1")
end

function request()
  local index = (thread_number + counter * threads) % #pool + 1
  counter = counter + 1
  local id, version = pool[index]:match("^(%S+)%s+(%d+)")
  local headers = common.headers({
    ["If-Match"] = 'W/"' .. version .. '"',
    ["Idempotency-Key"] = common.key(thread_number, counter),
  })
  return wrk.format("POST", "/api/v1/referrals/" .. id .. "/accept", headers)
end
