-- POST /api/v1/analytics/events: each request a batch of $BENCH_EVENTS_PER_BATCH (100) client
-- events with fresh random ids (a batch sent again would only be counted as duplicates), as a web
-- client sends them: page views with their URL and referrer, clicks with a few properties, a
-- browser's User-Agent. Anonymous unless $BENCH_TOKEN is set.
dofile(os.getenv("BENCH_WRK_DIR") .. "/report.lua")

local per_batch = tonumber(os.getenv("BENCH_EVENTS_PER_BATCH") or "100")
local token = os.getenv("BENCH_TOKEN")

local threads = 0
function setup(thread)
  thread:set("seed", threads)
  threads = threads + 1
end

function init()
  math.randomseed(os.time() * 1000 + (seed or 0))
end

-- A random (version 4) id in one format call: the generator shares the 2 cores with the server, so
-- it must cost little; the ids stay as scattered as COPY's (no counter, whose order would make
-- the indexes' work easier than a real client's ids do).
local random = math.random
local function uuid()
  return string.format("%08x-%04x-4%03x-a%03x-%04x%08x", random(0, 0x7fffffff), random(0, 0xffff),
    random(0, 0xfff), random(0, 0xfff), random(0, 0xffff), random(0, 0x7fffffff))
end

local names = { "page_view", "job.card_clicked", "search.filter_changed", "cv.preview_opened" }
function request()
  local events = {}
  for i = 1, per_batch do
    local name = names[(i % #names) + 1]
    local id = uuid()
    events[i] = string.format(
      '{"event_id":"%s","name":"%s","session_id":"s-%d","page_url":"https://app.entrevistador.pe/jobs/%s?utm_source=x",'
        .. '"referrer":"https://www.google.com/search?q=empleo","properties":{"position":%d,"city":"Lima","query":"contador"}}',
      id, name, seed or 0, id, i)
  end
  local headers = {
    ["Content-Type"] = "application/json",
    ["User-Agent"] = "Mozilla/5.0 (Linux; Android 14; SM-A546E) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36",
  }
  if token then headers["Authorization"] = "Bearer " .. token end
  return wrk.format("POST", nil, headers, '{"events":[' .. table.concat(events, ",") .. "]}")
end
