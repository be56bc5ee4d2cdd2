-- wrk script for scripts/load.sh: a mix of success and error paths against the example
-- server, every response checked on its status and exact body.
--
-- Each request carries `X-Request-Id: k<kind>-<thread>-<n>`, which the server echoes, so
-- each response is matched to the kind of request it answers (wrk does not say which
-- connection, hence which request, a response belongs to).
--
-- Environment: LOAD_PROJECT, LOAD_VPC_ID, LOAD_DIR (holding show.json, the body of the
-- existing VPC, and where result.txt is written).

local project = os.getenv("LOAD_PROJECT")
local vpc_id = os.getenv("LOAD_VPC_ID")
local dir = os.getenv("LOAD_DIR")
local missing = "0b7e3c4a-1d2f-4e5a-8b9c-0d1e2f3a4b5c"

local function read(path)
  local f = assert(io.open(path, "rb"))
  local text = f:read("*a")
  f:close()
  return text
end

-- kind -> method, path, headers, body, expected status, expected body
local kinds = {
  { name = "show existing VPC", method = "GET", path = "/v1/" .. project .. "/vpcs/" .. vpc_id,
    token = true, status = 200, expected = read(dir .. "/show.json") },
  { name = "show missing VPC", method = "GET", path = "/v1/" .. project .. "/vpcs/" .. missing,
    token = true, status = 404, expected = '{"code":"VPC.0003","message":"VPC does not exist."}' },
  { name = "create VPC, bad JSON", method = "POST", path = "/v1/" .. project .. "/vpcs",
    token = true, body = '{"vpc": {"name": "x", "cidr": ', status = 400,
    expected = '{"code":"VPC.0101","message":"Param is invalid."}' },
  -- An unknown token is the VPC table's row (no token at all is the gateway's, whose body
  -- quotes each response's request id, so it has no one exact body).
  { name = "unknown token", method = "GET", path = "/v1/" .. project .. "/vpcs/" .. vpc_id,
    token = "not-a-token", status = 401, expected = '{"code":"VPC.0008","message":"Invalid token in the header."}' },
}

local threads = {}
local thread_count = 0

function setup(thread)
  thread_count = thread_count + 1
  thread:set("thread_number", thread_count)
  table.insert(threads, thread)
end

function init(args)
  counter = 0
  wrong = 0
  unmatched = 0
  sample = ""
  ok = { 0, 0, 0, 0 }
end

function request()
  counter = counter + 1
  local k = counter % #kinds + 1
  local kind = kinds[k]
  local headers = {
    ["X-Request-Id"] = string.format("k%d-%d-%d", k, thread_number, counter),
    ["Content-Type"] = "application/json",
  }
  if kind.token == true then
    headers["X-Auth-Token"] = "demo-token"
  elseif kind.token then
    headers["X-Auth-Token"] = kind.token
  end
  return wrk.format(kind.method, kind.path, headers, kind.body)
end

function response(status, headers, body)
  local id = headers["x-request-id"] or headers["X-Request-Id"] or ""
  local k = tonumber(string.match(id, "^k(%d)-"))
  local kind = k and kinds[k]
  if not kind then
    unmatched = unmatched + 1
    if sample == "" then sample = "no request id: " .. status .. " " .. body end
  elseif status ~= kind.status or body ~= kind.expected then
    wrong = wrong + 1
    if sample == "" then sample = kind.name .. ": " .. status .. " " .. body end
  else
    ok[k] = ok[k] + 1
  end
end

function done(summary, latency, requests)
  local total_wrong, total_unmatched, oks, samples = 0, 0, { 0, 0, 0, 0 }, {}
  for _, t in ipairs(threads) do
    total_wrong = total_wrong + t:get("wrong")
    total_unmatched = total_unmatched + t:get("unmatched")
    local s = t:get("sample")
    if s ~= "" then table.insert(samples, s) end
    local tok = t:get("ok")
    for k = 1, #kinds do oks[k] = oks[k] + tok[k] end
  end
  local e = summary.errors
  local out = assert(io.open(dir .. "/result.txt", "w"))
  out:write(string.format("requests %d\n", summary.requests))
  out:write(string.format("duration_s %.2f\n", summary.duration / 1e6))
  out:write(string.format("requests_per_s %.0f\n", summary.requests / (summary.duration / 1e6)))
  out:write(string.format("latency_p50_ms %.3f\n", latency:percentile(50) / 1000))
  out:write(string.format("latency_p90_ms %.3f\n", latency:percentile(90) / 1000))
  out:write(string.format("latency_p99_ms %.3f\n", latency:percentile(99) / 1000))
  out:write(string.format("latency_max_ms %.3f\n", latency.max / 1000))
  out:write(string.format("errors_connect %d\n", e.connect))
  out:write(string.format("errors_read %d\n", e.read))
  out:write(string.format("errors_write %d\n", e.write))
  out:write(string.format("errors_timeout %d\n", e.timeout))
  out:write(string.format("wrong_bodies %d\n", total_wrong))
  out:write(string.format("unmatched %d\n", total_unmatched))
  for k = 1, #kinds do
    out:write(string.format("ok_kind%d %d # %s\n", k, oks[k], kinds[k].name))
  end
  for _, s in ipairs(samples) do out:write("sample " .. s .. "\n") end
  out:close()
end
