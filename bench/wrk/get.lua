-- GET /api/v1/referrals/{id}: a seeded referral picked at random per request.
-- BENCH_IDS: a file with one referral id per line.
local common = dofile(os.getenv("BENCH_WRK_DIR") .. "/common.lua")
local ids, headers

function init(args)
  math.randomseed(os.time() + 7919 * thread_number)
  ids = common.lines(os.getenv("BENCH_IDS"))
  assert(#ids > 0, "no ids in BENCH_IDS")
  headers = common.headers()
end

function request()
  return wrk.format("GET", "/api/v1/referrals/" .. ids[math.random(#ids)], headers)
end
