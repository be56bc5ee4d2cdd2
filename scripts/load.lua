-- wrk script for scripts/load.sh: every operation of the example server in one mix, every
-- response checked on its status and exact body.
--
-- The kinds of request are, in turn: each read `load.sh` captured (200, the body it got
-- then; nothing changes state during the run, so the body is the same every time), then a
-- request per mutating operation that answers the same error row every time (a duplicate,
-- a resource in use, one that is not there, a bad body, a quota already full), then the
-- common rows (an unknown token; no token and an unknown path, answered by the API
-- gateway, whose body quotes the request's own id).
--
-- Each request carries `X-Request-Id: k<kind>-<thread>-<n>`, which the server echoes, so
-- each response is matched to the kind of request it answers (wrk does not say which
-- connection, hence which request, a response belongs to).
--
-- Environment: LOAD_PROJECT and the ids of what load.sh set up (LOAD_VPC_ID,
-- LOAD_SUBNET_ID, LOAD_PUBLICIP_ID, LOAD_BANDWIDTH_ID, LOAD_SHARED_BANDWIDTH_ID,
-- LOAD_SECURITY_GROUP_ID, LOAD_PRIVATEIP_ID, LOAD_PRIVATEIP_ADDRESS, LOAD_FLOWLOG_ID,
-- LOAD_FLOWLOG_GROUP, LOAD_FLOWLOG_TOPIC); LOAD_DIR, holding reads.tsv (operation, path
-- and body file of each read, one a line) and where result.txt is written.

local function env(name)
  return assert(os.getenv(name), name .. " is not set")
end

local project = env("LOAD_PROJECT")
local vpc_id = env("LOAD_VPC_ID")
local subnet_id = env("LOAD_SUBNET_ID")
local publicip_id = env("LOAD_PUBLICIP_ID")
local bandwidth_id = env("LOAD_BANDWIDTH_ID")
local shared_id = env("LOAD_SHARED_BANDWIDTH_ID")
local group_id = env("LOAD_SECURITY_GROUP_ID")
local privateip_id = env("LOAD_PRIVATEIP_ID")
local privateip_address = env("LOAD_PRIVATEIP_ADDRESS")
local flowlog_id = env("LOAD_FLOWLOG_ID")
local log_group = env("LOAD_FLOWLOG_GROUP")
local log_topic = env("LOAD_FLOWLOG_TOPIC")
local dir = env("LOAD_DIR")
-- An id nothing has.
local missing = "0b7e3c4a-1d2f-4e5a-8b9c-0d1e2f3a4b5c"
local v1 = "/v1/" .. project
local v2 = "/v2.0/" .. project

local function read(path)
  local f = assert(io.open(path, "rb"))
  local text = f:read("*a")
  f:close()
  return text
end

local function row(code, message)
  return string.format('{"code":"%s","message":"%s"}', code, message)
end

-- kind: op (the operation), name, method, path, token (true: the demo token; a string:
-- that token; nil: none), body, status, and the expected body: `expected`, or for the
-- gateway's rows `gateway` (code and message; the body quotes the request id).
local kinds = {}

for line in io.lines(dir .. "/reads.tsv") do
  local op, path, file = string.match(line, "^([^\t]+)\t([^\t]+)\t([^\t]+)$")
  table.insert(kinds, { op = op, name = op .. " 200", method = "GET", path = path,
    token = true, status = 200, expected = read(file) })
end

local errors = {
  { op = "CreateVpc", name = "CreateVpc, name taken", method = "POST", path = v1 .. "/vpcs",
    body = '{"vpc": {"name": "load", "cidr": "10.1.0.0/16"}}', status = 400,
    expected = row("VPC.0115", "The router name has exist.") },
  { op = "UpdateVpc", name = "UpdateVpc, range leaving the subnet out", method = "PUT",
    path = v1 .. "/vpcs/" .. vpc_id, body = '{"vpc": {"cidr": "192.168.0.0/16"}}', status = 400,
    expected = row("VPC.0117", "Cidr can not contain subnetList cidr.") },
  { op = "DeleteVpc", name = "DeleteVpc, has a subnet", method = "DELETE",
    path = v1 .. "/vpcs/" .. vpc_id, status = 409,
    expected = row("VPC.0104", "Router contains subnets, please delete subnet first.") },
  { op = "CreateSubnet", name = "CreateSubnet, range taken", method = "POST", path = v1 .. "/subnets",
    body = string.format('{"subnet": {"name": "other", "cidr": "10.0.1.0/24", "gateway_ip": "10.0.1.1", "vpc_id": "%s"}}', vpc_id),
    status = 400,
    expected = row("VPC.0204", "The subnet has already existed in the VPC, or has been in conflict with the VPC subnet.") },
  { op = "UpdateSubnet", name = "UpdateSubnet, no name", method = "PUT",
    path = v1 .. "/vpcs/" .. vpc_id .. "/subnets/" .. subnet_id, body = '{"subnet": {}}', status = 400,
    expected = row("VPC.0201", "subnet.name is invalid.") },
  { op = "DeleteSubnet", name = "DeleteSubnet, not there", method = "DELETE",
    path = v1 .. "/vpcs/" .. vpc_id .. "/subnets/" .. missing, status = 404,
    expected = row("VPC.0202", "Neutron Error.") },
  { op = "CreatePublicip", name = "CreatePublicip, bandwidth of size 0", method = "POST",
    path = v1 .. "/publicips",
    body = '{"publicip": {"type": "5_bgp"}, "bandwidth": {"name": "x", "size": 0, "share_type": "PER"}}',
    status = 400, expected = row("VPC.0301", "Bandwidth name or share_type is invalid.") },
  { op = "UpdatePublicip", name = "UpdatePublicip, already bound", method = "PUT",
    path = v1 .. "/publicips/" .. publicip_id,
    body = string.format('{"publicip": {"port_id": "%s"}}', missing), status = 409,
    expected = row("VPC.0510", "Floatingip has already associated with port.") },
  { op = "DeletePublicip", name = "DeletePublicip, bound", method = "DELETE",
    path = v1 .. "/publicips/" .. publicip_id, status = 409,
    expected = row("VPC.0517", "Floatingip has associated with port, please disassociate it firstly.") },
  { op = "UpdateBandwidth", name = "UpdateBandwidth, neither name nor size", method = "PUT",
    path = v1 .. "/bandwidths/" .. bandwidth_id, body = '{"bandwidth": {}}', status = 400,
    expected = row("VPC.0301", "updateBandwidth input param is invalid.") },
  { op = "CreateSharedBandwidth", name = "CreateSharedBandwidth, quota full", method = "POST",
    path = v2 .. "/bandwidths", body = '{"bandwidth": {"name": "more", "size": 5}}', status = 400,
    expected = row("VPC.0310", "NO QUOTAS for shareBandwidth!") },
  { op = "AddPublicipsIntoSharedBandwidth", name = "AddPublicipsIntoSharedBandwidth, no such EIP",
    method = "POST", path = v2 .. "/bandwidths/" .. shared_id .. "/insert",
    body = string.format('{"bandwidth": {"publicip_info": [{"publicip_id": "%s"}]}}', missing),
    status = 400, expected = row("VPC.0301", "Invalid publicip_id") },
  { op = "RemovePublicipsFromSharedBandwidth", name = "RemovePublicipsFromSharedBandwidth, EIP not in it",
    method = "POST", path = v2 .. "/bandwidths/" .. shared_id .. "/remove",
    body = string.format('{"bandwidth": {"publicip_info": [{"publicip_id": "%s"}], "charge_mode": "bandwidth", "size": 5}}', publicip_id),
    status = 400, expected = row("VPC.0323", "publicIp can not be operate with this bandwidth") },
  { op = "CreatePrivateip", name = "CreatePrivateip, address taken", method = "POST",
    path = v1 .. "/privateips",
    body = string.format('{"privateips": [{"subnet_id": "%s", "ip_address": "%s"}]}', subnet_id, privateip_address),
    status = 500, expected = row("VPC.0701", "The IP has been used.") },
  { op = "DeletePrivateip", name = "DeletePrivateip, an EIP bound to it", method = "DELETE",
    path = v1 .. "/privateips/" .. privateip_id, status = 409,
    expected = row("VPC.0707", "privateIp is in use.") },
  { op = "CreateSecurityGroup", name = "CreateSecurityGroup, quota full", method = "POST",
    path = v1 .. "/security-groups", body = '{"security_group": {"name": "more"}}', status = 409,
    expected = row("VPC.0604", "Quota exceeded for resources: ['security_group'].") },
  { op = "CreateSecurityGroupRule", name = "CreateSecurityGroupRule, a default rule again",
    method = "POST", path = v1 .. "/security-group-rules",
    body = string.format('{"security_group_rule": {"security_group_id": "%s", "direction": "egress", "remote_ip_prefix": "0.0.0.0/0"}}', group_id),
    status = 409, expected = row("VPC.0602", "Security group rule already exists.") },
  { op = "CreateFlowLog", name = "CreateFlowLog, duplicate", method = "POST", path = v1 .. "/fl/flow_logs",
    body = string.format('{"flow_log": {"name": "again", "resource_type": "vpc", "resource_id": "%s", "traffic_type": "all", "log_group_id": "%s", "log_topic_id": "%s"}}',
      vpc_id, log_group, log_topic),
    status = 409,
    expected = row("VPC.3004", string.format("Content of flow log is duplicate: resource type vpc, reousce id %s, traffic type all, log group id %s, log topic id %s, log store type lts, log store name %s.",
      vpc_id, log_group, log_topic, log_topic)) },
  { op = "UpdateFlowLog", name = "UpdateFlowLog, not there", method = "PUT",
    path = v1 .. "/fl/flow_logs/" .. missing, body = '{"flow_log": {"name": "x"}}', status = 404,
    expected = row("VPC.3005", "Flow log " .. missing .. " could not be found.") },
  { op = "DeleteFlowLog", name = "DeleteFlowLog, malformed id", method = "DELETE",
    path = v1 .. "/fl/flow_logs/not-an-id", status = 404,
    expected = row("VPC.3001", "resource could not be found, flowlog id is invalid.") },
  -- The common rows. An unknown token is the VPC table's row; no token at all, and a path
  -- no operation has, are the gateway's.
  { op = "common", name = "unknown token", method = "GET", path = v1 .. "/vpcs/" .. vpc_id,
    token = "not-a-token", status = 401, expected = row("VPC.0008", "Invalid token in the header.") },
  { op = "gateway", name = "no token (gateway)", method = "GET", path = v1 .. "/vpcs", token = false,
    status = 401, gateway = { "APIGW.0301", "Incorrect IAM authentication information." } },
  { op = "gateway", name = "unknown path (gateway)", method = "GET", path = v1 .. "/routers",
    status = 404, gateway = { "APIGW.0101", "The API does not exist or has not been published in the environment." } },
}
for _, kind in ipairs(errors) do
  if kind.token == nil then kind.token = true end
  table.insert(kinds, kind)
end

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
  ok = {}
  for k = 1, #kinds do ok[k] = 0 end
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

local function expected(kind, id)
  if kind.gateway then
    return string.format('{"error_code":"%s","error_msg":"%s","request_id":"%s"}',
      kind.gateway[1], kind.gateway[2], id)
  end
  return kind.expected
end

function response(status, headers, body)
  local id = headers["x-request-id"] or headers["X-Request-Id"] or ""
  local k = tonumber(string.match(id, "^k(%d+)-"))
  local kind = k and kinds[k]
  if not kind then
    unmatched = unmatched + 1
    if sample == "" then sample = "no request id: " .. status .. " " .. body end
  elseif status ~= kind.status or body ~= expected(kind, id) then
    wrong = wrong + 1
    if sample == "" then sample = kind.name .. ": " .. status .. " " .. body end
  else
    ok[k] = ok[k] + 1
  end
end

function done(summary, latency, requests)
  local total_wrong, total_unmatched, oks, samples = 0, 0, {}, {}
  for k = 1, #kinds do oks[k] = 0 end
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
  out:write(string.format("kinds %d\n", #kinds))
  for k = 1, #kinds do
    out:write(string.format("ok_kind%d %d %s\t%s\n", k, oks[k], kinds[k].op, kinds[k].name))
  end
  for _, s in ipairs(samples) do out:write("sample " .. s .. "\n") end
  out:close()
end
