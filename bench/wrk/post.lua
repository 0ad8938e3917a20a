-- POST <url> with `Authorization: Bearer $BENCH_TOKEN` (or the tokens of $BENCH_TOKENS, one a line,
-- in turn: many people rather than one), each request the next JSON body of $BENCH_BODIES (one a
-- line; thread i of $BENCH_WRK_THREADS starts at line i), round and round.
dofile(os.getenv("BENCH_WRK_DIR") .. "/report.lua")

local bodies = {}
for line in io.lines(os.getenv("BENCH_BODIES")) do
  if line ~= "" then bodies[#bodies + 1] = line end
end
assert(#bodies > 0, "BENCH_BODIES holds no body")

local tokens = {}
if os.getenv("BENCH_TOKENS") then
  for line in io.lines(os.getenv("BENCH_TOKENS")) do
    if line ~= "" then tokens[#tokens + 1] = line end
  end
else
  tokens[1] = os.getenv("BENCH_TOKEN")
end
assert(#tokens > 0 and tokens[1], "neither BENCH_TOKEN nor BENCH_TOKENS gives a token")

local threads = 0
function setup(thread)
  thread:set("offset", threads)
  threads = threads + 1
end

local next_body = 0
function init()
  next_body = offset or 0
end

function request()
  next_body = next_body + 1
  local headers = {
    ["Authorization"] = "Bearer " .. tokens[(next_body % #tokens) + 1],
    ["Content-Type"] = "application/json",
  }
  return wrk.format("POST", nil, headers, bodies[(next_body % #bodies) + 1])
end
