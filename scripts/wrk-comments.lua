-- wrk: POST a comment to a random seeded idea (seed000000 ... up to IDEAS, from the environment);
-- each a durable write. Used by scripts/bench-api.sh and scripts/bench-all.sh.
wrk.headers["Content-Type"] = "application/json"
local ideas = tonumber(os.getenv("IDEAS"))
request = function()
    local id = string.format("seed%06d", math.random(0, ideas - 1))
    return wrk.format("POST", "/v1/ideas/" .. id .. "/comments", nil, '{"text": "benchmark"}')
end
