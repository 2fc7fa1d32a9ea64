-- A GET of one fixed path, e.g. BENCH_PATH=/api/v1/referrals?status=Submitted (the first page of a
-- list) or /api/v1/reports/summary, with the token of the client BENCH_TOKEN names.
local common = dofile(os.getenv("BENCH_WRK_DIR") .. "/common.lua")
local path, headers

function init(args)
  path = os.getenv("BENCH_PATH")
  headers = common.headers()
end

function request()
  return wrk.format("GET", path, headers)
end
