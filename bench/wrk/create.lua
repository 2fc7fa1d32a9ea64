-- POST /api/v1/referrals: the body in BENCH_BODY (create.json: complete, with the consent, and
-- "submit": true, so each request creates and submits an eligible referral), with a fresh
-- Idempotency-Key per request as a careful client sends.
local common = dofile(os.getenv("BENCH_WRK_DIR") .. "/common.lua")
local body, counter = nil, 0

function init(args)
  math.randomseed(os.time() + 7919 * thread_number)
  body = common.read(os.getenv("BENCH_BODY"))
end

function request()
  counter = counter + 1
  local headers = common.headers({
    ["Content-Type"] = "application/json",
    ["Idempotency-Key"] = common.key(thread_number, counter),
  })
  return wrk.format("POST", "/api/v1/referrals", headers, body)
end
