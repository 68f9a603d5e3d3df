-- GET /api/v1/lookup/{code} over random existing codes, read from the file given after "--".
local codes = {}

init = function(args)
  for line in io.lines(args[1] or "/tmp/motcua-bench-codes.txt") do
    if #line > 0 then codes[#codes + 1] = line end
  end
  math.randomseed(os.time() + math.floor(os.clock() * 1000000))
end

request = function()
  return wrk.format("GET", "/api/v1/lookup/" .. codes[math.random(#codes)])
end
