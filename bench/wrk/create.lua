-- POST /api/v1/referrals: the body in BENCH_BODY (create.json: complete, with the consent, and
-- "submit": true, so each request creates and submits an eligible referral), with a fresh
-- Idempotency-Key per request as a careful client sends. Each request names a child of its own (case
-- id and name), as a real register mostly does: one child sent again and again would link every
-- referral to the last 20 as possible duplicates (ADR 0030), a cost real traffic does not have.
local common = dofile(os.getenv("BENCH_WRK_DIR") .. "/common.lua")
local body, counter = nil, 0

function init(args)
  math.randomseed(os.time() + 7919 * thread_number)
  body = common.read(os.getenv("BENCH_BODY"))
end

-- A number written in the letters a to z: a name needs no digits.
local function letters(n)
  local s = ""
  repeat
    s = string.char(97 + n % 26) .. s
    n = math.floor(n / 26)
  until n == 0
  return s
end

local run = letters(os.time() % 11881376 + math.random(0, 456975))

function request()
  counter = counter + 1
  local child = run .. letters(thread_number) .. "x" .. letters(counter)
  local unique = body:gsub('"CASE%-1001"', '"BENCH-' .. child .. '"'):gsub('"Alex Example"', '"Alex ' .. child .. '"')
  local headers = common.headers({
    ["Content-Type"] = "application/json",
    ["Idempotency-Key"] = common.key(thread_number, counter),
  })
  return wrk.format("POST", "/api/v1/referrals", headers, unique)
end
