-- POST /api/v1/cvs: a multipart form with the field `file`, cycling through the CV files listed
-- in $BENCH_UPLOAD_FILES (one path a line) and the bearer tokens in $BENCH_TOKENS (one a line).
-- Thread i of $BENCH_WRK_THREADS uses only tokens i, i+threads, ... in turn, so two requests in
-- flight belong to different people unless one outlasts all the others its thread sends meanwhile
-- (two uploads of one person at once can collide on the version number, see scripts/bench.sh).
dofile(os.getenv("BENCH_WRK_DIR") .. "/report.lua")

local function lines(path)
  local out = {}
  for line in io.lines(path) do
    if line:match("%S") then out[#out + 1] = line end
  end
  return out
end

local tokens = lines(os.getenv("BENCH_TOKENS"))
local files = lines(os.getenv("BENCH_UPLOAD_FILES"))
assert(#tokens > 0, "BENCH_TOKENS lists no tokens")
assert(#files > 0, "BENCH_UPLOAD_FILES lists no files")

local boundary = "----bench7MA4YWxkTrZu0gW"
local bodies = {}
for i, path in ipairs(files) do
  local f = assert(io.open(path, "rb"))
  local data = f:read("*a")
  f:close()
  local name = path:match("([^/]+)$")
  local mime = name:match("%.docx$")
      and "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
      or "application/pdf"
  bodies[i] = "--" .. boundary .. "\r\n" ..
      'Content-Disposition: form-data; name="file"; filename="' .. name .. '"\r\n' ..
      "Content-Type: " .. mime .. "\r\n\r\n" .. data .. "\r\n--" .. boundary .. "--\r\n"
end

local threads = 0
function setup(thread)
  thread:set("offset", threads)
  threads = threads + 1
end

local stride = tonumber(os.getenv("BENCH_WRK_THREADS") or "1") or 1
local mine = math.max(1, math.floor(#tokens / stride))
local n = 0
function request()
  n = n + 1
  local token = tokens[((n % mine) * stride + (offset or 0)) % #tokens + 1]
  return wrk.format("POST", nil, {
    ["Authorization"] = "Bearer " .. token,
    ["Content-Type"] = "multipart/form-data; boundary=" .. boundary,
  }, bodies[((offset or 0) * 3 + n) % #bodies + 1])
end
