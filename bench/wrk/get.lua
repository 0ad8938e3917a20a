-- GET <url> with `Authorization: Bearer $BENCH_TOKEN` (when set).
-- BENCH_DELAY_MS > 0 makes each connection pause that long between requests: a light probe that
-- measures latency without adding load of its own (used during the login burst).
dofile(os.getenv("BENCH_WRK_DIR") .. "/report.lua")

local token = os.getenv("BENCH_TOKEN")
if token and token ~= "" then
  wrk.headers["Authorization"] = "Bearer " .. token
end
wrk.method = "GET"

local pause = tonumber(os.getenv("BENCH_DELAY_MS") or "0") or 0
if pause > 0 then
  function delay()
    return pause
  end
end
