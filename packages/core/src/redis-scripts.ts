// The Lua scripts isrkit runs on Redis, each touching one key (so they run on Redis Cluster too). Redis and
// Valkey ship `struct` and `cjson` to scripts.

/**
 * Newest wins: the stored entry's creation time is read from its 16-byte header (entry.ts) and the write
 * happens only if it is not later than this one's; anything else stored under the key (another format) is
 * replaced. One key, so it runs on Redis Cluster too.
 */
export const SET_NEWEST = `
local head = redis.call('getrange', KEYS[1], 0, 11)
if #head == 12 and string.sub(head, 1, 3) == 'ISR' and string.byte(head, 4) == tonumber(ARGV[4]) then
  if struct.unpack('>d', string.sub(head, 5, 12)) > tonumber(ARGV[2]) then return 0 end
end
redis.call('set', KEYS[1], ARGV[1], 'EX', ARGV[3])
return 1`

/** An invalidation record merged in place: neither time ever moves back, whichever instance wrote last. */
export const MERGE_RECORD = `
local stale, purge, settle = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local expires = tonumber(ARGV[4])
local old = redis.call('get', KEYS[1])
if old then
  local ok, r = pcall(cjson.decode, old)
  if ok and type(r) == 'table' then
    if type(r.stale) == 'number' and r.stale > stale then stale = r.stale end
    if type(r.purge) == 'number' and r.purge > purge then purge = r.purge end
    if type(r.settle) == 'number' and r.settle > settle then settle = r.settle end
    if type(r.expires) == 'number' and r.expires > expires then expires = r.expires end
  end
end
-- No TTL: under a volatile-* maxmemory-policy Redis evicts only keys with one (entries), never a record an
-- entry still depends on. The record says when it may go; the sweep (redis.ts) deletes it then.
local value = string.format('{"stale":%.0f,"purge":%.0f,"settle":%.0f,"expires":%.0f}', stale, purge, settle, expires)
redis.call('set', KEYS[1], value)
return 1`

// Compare-and-set on the token: only the holder renews or releases its lease.
export const RENEW =
  "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end"
export const RELEASE =
  "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end"

// The entries index (entries-index.ts): KEYS[1] a sorted set of paths by store time, KEYS[2] a hash of their
// items; keeps the ARGV[4] newest. One script, so the two never disagree.
export const INDEX_ADD = `
redis.call('zadd', KEYS[1], ARGV[1], ARGV[2])
redis.call('hset', KEYS[2], ARGV[2], ARGV[3])
local extra = redis.call('zcard', KEYS[1]) - tonumber(ARGV[4])
if extra > 0 then
  local old = redis.call('zrange', KEYS[1], 0, extra - 1)
  redis.call('zremrangebyrank', KEYS[1], 0, extra - 1)
  redis.call('hdel', KEYS[2], unpack(old))
end
return 1`

export const INDEX_REMOVE = `
redis.call('zrem', KEYS[1], ARGV[1])
redis.call('hdel', KEYS[2], ARGV[1])
return 1`
