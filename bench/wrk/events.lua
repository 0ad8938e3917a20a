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

local function hex16() return string.format("%04x", math.random(0, 65535)) end
local function uuid()
  return hex16() .. hex16() .. "-" .. hex16() .. "-4" .. string.sub(hex16(), 2) .. "-a" .. string.sub(hex16(), 2)
    .. "-" .. hex16() .. hex16() .. hex16()
end

local names = { "page_view", "job.card_clicked", "search.filter_changed", "cv.preview_opened" }
function request()
  local events = {}
  for i = 1, per_batch do
    local name = names[(i % #names) + 1]
    events[i] = string.format(
      '{"event_id":"%s","name":"%s","session_id":"s-%d","page_url":"https://app.entrevistador.pe/jobs/%s?utm_source=x",'
        .. '"referrer":"https://www.google.com/search?q=empleo","properties":{"position":%d,"city":"Lima","query":"contador"}}',
      uuid(), name, seed or 0, uuid(), i)
  end
  local headers = {
    ["Content-Type"] = "application/json",
    ["User-Agent"] = "Mozilla/5.0 (Linux; Android 14; SM-A546E) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36",
  }
  if token then headers["Authorization"] = "Bearer " .. token end
  return wrk.format("POST", nil, headers, '{"events":[' .. table.concat(events, ",") .. "]}")
end
