-- GET /api/v1/jobs/search?$BENCH_QUERY (matching benchmark jobs_search).
-- The API keeps each search's answer in Redis for 5 minutes, so the same request over and over
-- measures that cache. With BENCH_VARY_FROM set, every request instead adds its own
-- salary_min = BENCH_SALARY_BASE + n / 100 (n = BENCH_VARY_FROM, BENCH_VARY_FROM + 1, ...; each
-- of the $BENCH_WRK_THREADS threads takes every threads-th n): a search never asked before, with
-- the cost of the same query (below the lowest posted pay, a few hundredths more do not change
-- what is found, only the cache key). Give each measurement its own BENCH_VARY_FROM range.
dofile(os.getenv("BENCH_WRK_DIR") .. "/report.lua")

local query = os.getenv("BENCH_QUERY") or ""
local vary_from = tonumber(os.getenv("BENCH_VARY_FROM") or "")
local salary_base = tonumber(os.getenv("BENCH_SALARY_BASE") or "0") or 0
local stride = tonumber(os.getenv("BENCH_WRK_THREADS") or "1") or 1

local threads = 0
function setup(thread)
  thread:set("offset", threads)
  threads = threads + 1
end

local n = 0
function request()
  local path = wrk.path .. "?" .. query
  if vary_from then
    local cents = vary_from + n * stride + (offset or 0)
    n = n + 1
    local amount = salary_base * 100 + cents
    path = path .. (query ~= "" and "&" or "") ..
        string.format("salary_min=%d.%02d", math.floor(amount / 100), amount % 100)
  end
  return wrk.format("GET", path)
end
