-- POST /api/v1/dossiers as the counter would, alternating the two demo receptionists (two agencies,
-- so that the 9,999-a-day code limit of one agency is not what the benchmark measures).
local tokens = {}
local n = 0
local thread_no = 0
local threads = {}

setup = function(thread)
  thread:set("id", thread_no)
  thread_no = thread_no + 1
end

init = function(args)
  tokens = { args[1], args[2] or args[1] }
  n = id * 1000000
end

request = function()
  n = n + 1
  local token = tokens[(n % 2) + 1]
  local body = string.format(
    '{"procedureCode":"2.000528.000.00.00.H36","channel":"counter","applicant":{"fullName":"Nguyễn Văn An",' ..
    '"idNumber":"068095%06d","phone":"0912345678","address":"12 Trần Phú, Phường 3, thành phố Đà Lạt"}}', n % 1000000)
  return wrk.format("POST", "/api/v1/dossiers",
    { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. token }, body)
end
