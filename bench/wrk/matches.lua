-- GET /api/v1/cvs/{id}/matches?limit=20 (matching benchmark jobs_match), cycling through the CVs
-- listed in $BENCH_MATCH_TARGETS (one "TOKEN CV_ID" a line: each CV with its owner's token).
dofile(os.getenv("BENCH_WRK_DIR") .. "/report.lua")

local targets = {}
for line in io.lines(os.getenv("BENCH_MATCH_TARGETS")) do
  local token, cv = line:match("^(%S+)%s+(%S+)")
  if token then targets[#targets + 1] = { token = token, cv = cv } end
end
assert(#targets > 0, "BENCH_MATCH_TARGETS lists no CVs")

local threads = 0
function setup(thread)
  thread:set("offset", threads)
  threads = threads + 1
end

local n = 0
function request()
  n = n + 1
  local t = targets[(n + (offset or 0)) % #targets + 1]
  return wrk.format("GET", "/api/v1/cvs/" .. t.cv .. "/matches?limit=20",
    { ["Authorization"] = "Bearer " .. t.token })
end
