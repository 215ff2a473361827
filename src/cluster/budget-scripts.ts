/**
 * The Lua scripts of the shared venue budgets (redis-budgets.ts). Each runs atomically on the
 * server and reads the time from the server (`TIME`), so instances on hosts with different clocks
 * agree. Every call passes the budget (rate and capacity, or limit and window), so a budget changed
 * by a tier takes effect at once. Each script's keys share one hash tag: a Cluster runs them on the
 * node holding the budget.
 *
 * Both answer a string (Lua numbers would be truncated to integers): "0" when the tokens were taken,
 * else the milliseconds until they could be (nothing is taken then).
 */

/**
 * Token bucket. KEYS[1]: hash {tokens, ts, hold}. ARGV: rate per second, capacity, tokens wanted,
 * pause ms (> 0: a 429 was seen, nobody takes for that long and the bucket is emptied; nothing is
 * taken), TTL ms of the key, initial fill (0–1) when the key does not exist.
 */
export const BUCKET_SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
local rate = tonumber(ARGV[1]) / 1000
local cap = tonumber(ARGV[2])
local want = tonumber(ARGV[3])
local pause = tonumber(ARGV[4])
local s = redis.call('HMGET', KEYS[1], 'tokens', 'ts', 'hold')
local tokens = tonumber(s[1])
local ts = tonumber(s[2])
local hold = tonumber(s[3]) or 0
if tokens == nil or ts == nil then
  tokens = cap * tonumber(ARGV[6])
  ts = now
end
if now > ts then
  tokens = tokens + (now - ts) * rate
  ts = now
end
if tokens > cap then tokens = cap end
local wait = 0
if pause > 0 then
  if now + pause > hold then hold = now + pause end
  if tokens > 0 then tokens = 0 end
elseif now < hold then
  wait = hold - now
elseif tokens + 1e-9 >= want then
  tokens = tokens - want
else
  wait = (want - tokens) / rate
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'ts', tostring(ts), 'hold', tostring(hold))
redis.call('PEXPIRE', KEYS[1], ARGV[5])
return tostring(wait)`;

/**
 * Sliding-window log. KEYS[1]: sorted set of takes (member `<id>:<tokens>`, score = ms); KEYS[2]:
 * hash {used, hold}. ARGV: limit, window ms, tokens wanted, a member id unique to this take, pause ms
 * (as for the bucket), TTL ms.
 */
export const WINDOW_SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
local limit = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local want = tonumber(ARGV[3])
local pause = tonumber(ARGV[5])
local cutoff = now - window
local s = redis.call('HMGET', KEYS[2], 'used', 'hold')
local used = tonumber(s[1]) or 0
local hold = tonumber(s[2]) or 0
local old = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', cutoff)
for _, m in ipairs(old) do
  used = used - tonumber(string.match(m, ':([^:]+)$'))
end
if #old > 0 then redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', cutoff) end
if used < 0 then used = 0 end
local wait = 0
if pause > 0 then
  if now + pause > hold then hold = now + pause end
elseif now < hold then
  wait = hold - now
elseif used + want <= limit + 1e-9 then
  redis.call('ZADD', KEYS[1], now, ARGV[4] .. ':' .. ARGV[3])
  used = used + want
else
  local excess = used + want - limit
  wait = window
  local entries = redis.call('ZRANGE', KEYS[1], 0, -1, 'WITHSCORES')
  for i = 1, #entries, 2 do
    excess = excess - tonumber(string.match(entries[i], ':([^:]+)$'))
    if excess <= 1e-9 then
      wait = tonumber(entries[i + 1]) + window - now
      break
    end
  end
  if wait < 0 then wait = 0 end
  if wait == 0 then wait = 1 end
end
redis.call('HSET', KEYS[2], 'used', tostring(used), 'hold', tostring(hold))
redis.call('PEXPIRE', KEYS[1], ARGV[6])
redis.call('PEXPIRE', KEYS[2], ARGV[6])
return tostring(wait)`;

/**
 * Instance heartbeat. KEYS[1]: sorted set of instance ids by last-seen ms; KEYS[2]: hash id →
 * description (JSON). ARGV: this instance's id, its description, TTL ms of an entry (an instance
 * not seen for that long is gone), TTL ms of the keys, and `leave` = 1 to remove this instance.
 * Answers the live instances as [id, lastSeenMs, description, …].
 */
export const HEARTBEAT_SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local cutoff = now - tonumber(ARGV[3])
if ARGV[5] == '1' then
  redis.call('ZREM', KEYS[1], ARGV[1])
  redis.call('HDEL', KEYS[2], ARGV[1])
else
  redis.call('ZADD', KEYS[1], now, ARGV[1])
  redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
end
local dead = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', cutoff)
for _, id in ipairs(dead) do redis.call('HDEL', KEYS[2], id) end
if #dead > 0 then redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', cutoff) end
redis.call('PEXPIRE', KEYS[1], ARGV[4])
redis.call('PEXPIRE', KEYS[2], ARGV[4])
local live = redis.call('ZRANGE', KEYS[1], 0, -1, 'WITHSCORES')
local out = {}
for i = 1, #live, 2 do
  out[#out + 1] = live[i]
  out[#out + 1] = live[i + 1]
  out[#out + 1] = redis.call('HGET', KEYS[2], live[i]) or ''
end
return out`;
