-- POST /api/v1/auth/login with correct passwords, cycling through the accounts listed in
-- $BENCH_ACCOUNTS (one "email password" per line). Each wrk thread starts at another account.
dofile(os.getenv("BENCH_WRK_DIR") .. "/report.lua")

local bodies = {}
for line in io.lines(os.getenv("BENCH_ACCOUNTS")) do
  local email, password = line:match("^(%S+)%s+(%S+)$")
  if email then
    bodies[#bodies + 1] = string.format('{"email":"%s","password":"%s"}', email, password)
  end
end
assert(#bodies > 0, "BENCH_ACCOUNTS lists no accounts")

local threads = 0
function setup(thread)
  thread:set("offset", threads)
  threads = threads + 1
end

local n = 0
function request()
  n = n + 1
  local body = bodies[((offset or 0) * 7 + n) % #bodies + 1]
  return wrk.format("POST", nil, { ["Content-Type"] = "application/json" }, body)
end
