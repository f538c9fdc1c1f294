-- wrk script of the load benchmark (bench/README.md): every request carries the session cookie the benchmark signed in with,
-- and the run ends with one machine-readable line of figures.
--   wrk -t2 -c32 -d20s --latency -s bench/load.lua http://127.0.0.1:5090/Applications?... -- "qi.auth=..."
-- The cookie is obtained by the benchmark's own sign-in (GET the login page, POST the form with its antiforgery token): a response()
-- callback that parsed every body to sign in here would slow wrk itself for the whole run.
local cookie = ""

function init(args)
  cookie = args[1] or ""
end

function request()
  return wrk.format("GET", nil, { ["Cookie"] = cookie, ["Accept"] = "text/html,application/json" })
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "WRKJSON {\"requests\":%d,\"duration_us\":%d,\"bytes\":%d,\"connect\":%d,\"read\":%d,\"write\":%d,\"timeout\":%d,\"status\":%d,\"p50_us\":%d,\"p90_us\":%d,\"p95_us\":%d,\"p99_us\":%d,\"max_us\":%d,\"mean_us\":%.1f}\n",
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.timeout, e.status,
    latency:percentile(50), latency:percentile(90), latency:percentile(95), latency:percentile(99), latency.max, latency.mean))
end
