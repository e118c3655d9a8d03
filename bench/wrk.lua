-- wrk.lua — the requests of one benchmark endpoint (see bench/endpoints).
--
-- Settings come from the environment: BENCH_METHOD, BENCH_PATH, BENCH_BODY
-- (a file, optional), BENCH_SESSIONS (lines "token csrf child family
-- enrolment feed certificate" from
-- portail-bench-data), BENCH_FIRST and BENCH_LAST (the generated family
-- ids). Each request picks a session at random, so that the load spreads
-- over many families' rows. At the end one line is printed for the
-- table:  RESULT requests seconds p50_us p99_us non_2xx socket_errors

local method = os.getenv("BENCH_METHOD") or "GET"
local path = os.getenv("BENCH_PATH") or "/"
local first = tonumber(os.getenv("BENCH_FIRST") or "1")
local last = tonumber(os.getenv("BENCH_LAST") or "1")
local sessions = {}
local body = nil
local counter = 0

local function read_sessions()
	for line in io.lines(os.getenv("BENCH_SESSIONS")) do
		local token, csrf, child, family, enrolment, feed, certificate =
			line:match("^(%S+) (%S+) (%d+) (%d+) (%d+) (%S+) (%d+)$")
		if token then
			sessions[#sessions + 1] = { token = token, csrf = csrf, child = child, family = family,
			                            enrolment = enrolment, feed = feed,
			                            certificate = certificate }
		end
	end
	assert(#sessions > 0, "no sessions in " .. tostring(os.getenv("BENCH_SESSIONS")))
end

local thread_number = 0
function setup(thread)
	thread_number = thread_number + 1
	thread:set("number", thread_number)
end

function init(args)
	read_sessions()
	local file = os.getenv("BENCH_BODY")
	if file and file ~= "" then
		local f = assert(io.open(file, "rb"))
		body = f:read("*a")
		f:close()
	end
	math.randomseed(os.time() * 1000 + (number or 0))
end

function request()
	local s = sessions[math.random(#sessions)]
	local p = path:gsub("{child}", s.child):gsub("{family}", s.family)
	p = p:gsub("{enrolment}", s.enrolment):gsub("{feed}", s.feed)
	p = p:gsub("{certificate}", s.certificate)
	p = p:gsub("{n}", tostring(math.random(first, last)))
	local headers = { ["Cookie"] = "portail_session=" .. s.token }
	if method ~= "GET" then
		headers["X-CSRF-Token"] = s.csrf
		headers["Content-Type"] = "application/json"
	end
	return wrk.format(method, p, headers, body)
end

function done(summary, latency, requests)
	io.write(string.format("RESULT %d %.3f %d %d %d %d\n",
		summary.requests, summary.duration / 1e6,
		latency:percentile(50), latency:percentile(99),
		summary.errors.status,
		summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
