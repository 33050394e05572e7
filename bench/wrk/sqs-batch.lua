-- The queue's raw ceiling (bench/events-ceiling.sh): wrk replays a ready SendMessageBatch of 10
-- in the SQS JSON protocol the SDK speaks (X-Amz-Target, application/x-amz-json-1.0), unsigned
-- (ElasticMQ does not check signatures). The entry (body, attributes) is the one the gateway
-- makes of a bench event (EventLoad modes=template). Ten rooms per batch, as the gateway's FIFO
-- batches. Deduplication ids are unique per entry (run id, thread, counter) unless the fourth
-- argument is "fixed": then every batch repeats ids 0-9 and a FIFO queue deduplicates them
-- (it answers 200 and keeps nothing), which is the replay that must not be taken for a ceiling.
--
--   wrk -t2 -c8 -d15s -s sqs-batch.lua http://host:port -- QUEUE_URL ENTRY_TEMPLATE_FILE RUN_ID [fixed]

local threads = {}
local counter = 1

setup = function(thread)
  thread:set("tid", #threads)
  table.insert(threads, thread)
end

local function split(template)
  local parts, rest = {}, template
  for _, token in ipairs({ "%ID%", "%GROUP%", "%DEDUP%" }) do
    local at = string.find(rest, token, 1, true)
    assert(at, "the template has no " .. token)
    table.insert(parts, string.sub(rest, 1, at - 1))
    rest = string.sub(rest, at + #token)
  end
  table.insert(parts, rest)
  return parts
end

init = function(args)
  local file = assert(io.open(args[2], "r"))
  local template = file:read("*a"):gsub("%s+$", "")
  file:close()
  parts = split(template)
  queue_url = args[1]
  run_id = args[3]
  fixed = args[4] == "fixed"
  wrk.method = "POST"
  wrk.path = "/"
  wrk.headers["Content-Type"] = "application/x-amz-json-1.0"
  wrk.headers["X-Amz-Target"] = "AmazonSQS.SendMessageBatch"
  -- Any credential scope: the SDK would sign, ElasticMQ reads only the action.
  wrk.headers["Authorization"] = "AWS4-HMAC-SHA256 Credential=x/20260101/us-east-1/sqs/aws4_request, "
    .. "SignedHeaders=host, Signature=0"
end

request = function()
  counter = counter + 1
  local entries = {}
  for i = 0, 9 do
    local n = counter * 10 + i
    local dedup = fixed and ("fixed-" .. i) or (run_id .. "-" .. tid .. "-" .. n)
    -- Ten different rooms per batch, as the gateway's FIFO batches (one message per room).
    local group = tostring(1 + ((counter * 10 + tid * 7) % 1000 + i) % 1000)
    entries[i + 1] = parts[1] .. i .. parts[2] .. group .. parts[3] .. dedup .. parts[4]
  end
  local body = '{"QueueUrl":"' .. queue_url .. '","Entries":[' .. table.concat(entries, ",") .. ']}'
  return wrk.format(nil, nil, nil, body)
end

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH {"requests":%d,"duration_us":%d,"rps":%.2f,"bytes":%d,' ..
    '"p50_us":%d,"p99_us":%d,"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d}}\n',
    summary.requests, summary.duration, summary.requests / (summary.duration / 1e6), summary.bytes,
    latency:percentile(50), latency:percentile(99), e.connect, e.read, e.write, e.status, e.timeout))
end
