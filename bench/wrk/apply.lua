-- POST /api/v1/jobs/{id}/applications (hiring benchmark hiring_submit): every request a new
-- application. A person applies once per job (a second time is a 409), so requests walk through
-- (job, person) pairs never used before: pair n is person n mod P with job floor(n / P), for
-- n = BENCH_PAIR_FROM, BENCH_PAIR_FROM + 1, ... (thread i of $BENCH_WRK_THREADS takes every
-- threads-th n from i on). Consecutive pairs are different people applying to one job.
--   BENCH_PEOPLE  "TOKEN CV_ID" a line: the applicants (each with their own parsed CV)
--   BENCH_JOBS    one open posting's id a line
-- Give each measurement its own range: scripts/bench.sh moves BENCH_PAIR_FROM past the pairs a
-- run used (and those still in flight when it stopped).
-- BENCH_DELAY_MS > 0 makes each connection think before each request, for an exponentially
-- distributed time of that mean (as people do): a steady offered load below saturation (at c=16 on
-- 2 cores a closed loop only measures the queue). A fixed pause would keep the connections in step,
-- all 16 asking within the same millisecond after every round, which is a burst, not a load.
dofile(os.getenv("BENCH_WRK_DIR") .. "/report.lua")

local people = {}
for line in io.lines(os.getenv("BENCH_PEOPLE")) do
  local token, cv = line:match("^(%S+)%s+(%S+)")
  if token then people[#people + 1] = { token = token, cv = cv } end
end
local jobs = {}
for line in io.lines(os.getenv("BENCH_JOBS")) do
  local id = line:match("^(%S+)")
  if id then jobs[#jobs + 1] = id end
end
assert(#people > 0, "BENCH_PEOPLE lists nobody")
assert(#jobs > 0, "BENCH_JOBS lists no postings")

local from = assert(tonumber(os.getenv("BENCH_PAIR_FROM") or ""), "BENCH_PAIR_FROM is not set")
local stride = tonumber(os.getenv("BENCH_WRK_THREADS") or "1") or 1

local pause = tonumber(os.getenv("BENCH_DELAY_MS") or "0") or 0
if pause > 0 then
  function delay()
    return math.floor(-pause * math.log(1 - math.random()))
  end
end

local threads = 0
function setup(thread)
  thread:set("offset", threads)
  threads = threads + 1
end

function init()
  math.randomseed(os.time() * 1000 + (offset or 0))
end

local n = 0
function request()
  local pair = from + n * stride + (offset or 0)
  n = n + 1
  local person = people[pair % #people + 1]
  local job = jobs[math.floor(pair / #people) + 1]
  -- Past the last pair a request would repeat one: stop loudly rather than measure 409s.
  assert(job, "out of (job, person) pairs: raise BENCH_HIRING_CANDIDATES or BENCH_HIRING_OPEN_JOBS")
  local body = string.format(
    '{"cv_id":"%s","cover_letter":"Me interesa el puesto: tengo experiencia en funciones similares y disponibilidad inmediata."}',
    person.cv)
  return wrk.format("POST", "/api/v1/jobs/" .. job .. "/applications", {
    ["Authorization"] = "Bearer " .. person.token,
    ["Content-Type"] = "application/json",
  }, body)
end
