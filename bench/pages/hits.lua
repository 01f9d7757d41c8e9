-- wrk script: counts the answers served from the page cache (X-Page-Cache: hit) and prints
-- them after the run ("PAGECACHE hits N misses M"), summed over wrk's threads.
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  hits = 0
  misses = 0
end

function response(status, headers, body)
  if headers["X-Page-Cache"] == "hit" or headers["x-page-cache"] == "hit" then
    hits = hits + 1
  else
    misses = misses + 1
  end
end

function done(summary, latency, requests)
  local h, m = 0, 0
  for _, thread in ipairs(threads) do
    h = h + thread:get("hits")
    m = m + thread:get("misses")
  end
  io.write(string.format("PAGECACHE hits %d misses %d\n", h, m))
end
