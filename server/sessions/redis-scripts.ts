/**
 * The Redis side of the session store, as Lua run atomically by Redis (EVALSHA through ioredis's defineCommand,
 * which falls back to EVAL after a restart forgets the script). Compare-and-set here is what guarantees a newer
 * copy in Redis is never overwritten by an older one, whoever writes: this process, another one, or a command
 * that Redis runs late after a timeout.
 *
 * Keys: KEYS[1] the session hash {v: version, d: JSON without the version, l: '1' while live},
 *       KEYS[2] a sorted set of session ids by last write (ms, for the sweeper),
 *       KEYS[3] a hash of live session id -> JSON {kind, businessId, leadId, startedAt} (stats, and what the
 *               sweeper needs to finalise a session whose key Redis already dropped).
 */

/**
 * ARGV: mode, data, version, expected, ttlMs, id, updatedAt, liveInfo ('' when not live).
 * - create:  refused ({-1, held}) while a live session holds the id; otherwise version = max(held + 1, ARGV[3]).
 * - cas:     written only when the held version is ARGV[4] ({0, held} otherwise, {-2, 0} when gone);
 *            version = max(held + 1, ARGV[3]).
 * - restore: written with exactly ARGV[3] unless Redis holds that version or a newer one ({0, held}).
 * Returns {1, version as a string} when written.
 */
export const writeSessionLua = `
local mode = ARGV[1]
local held = tonumber(redis.call('HGET', KEYS[1], 'v'))
if mode == 'create' then
  if held and redis.call('HGET', KEYS[1], 'l') == '1' then return {-1, held} end
elseif mode == 'cas' then
  if not held then return {-2, 0} end
  if held ~= tonumber(ARGV[4]) then return {0, held} end
elseif mode == 'restore' then
  if held and held >= tonumber(ARGV[3]) then return {0, held} end
else
  return redis.error_reply('unknown mode ' .. mode)
end
local version = tonumber(ARGV[3])
if mode ~= 'restore' then version = math.max((held or 0) + 1, version) end
local v = string.format('%.0f', version)
local live = '0'
if ARGV[8] ~= '' then live = '1' end
redis.call('HSET', KEYS[1], 'v', v, 'd', ARGV[2], 'l', live)
redis.call('PEXPIRE', KEYS[1], ARGV[5])
redis.call('ZADD', KEYS[2], ARGV[7], ARGV[6])
if live == '1' then
  redis.call('HSET', KEYS[3], ARGV[6], ARGV[8])
else
  redis.call('HDEL', KEYS[3], ARGV[6])
end
return {1, v}
`;

/**
 * ARGV: expected version (-1: the key must be gone), id. Deletes the session and its index entries only when
 * nobody wrote to it since the sweeper read it. Returns 1 when deleted.
 */
export const deleteSessionLua = `
local held = tonumber(redis.call('HGET', KEYS[1], 'v'))
if held and held ~= tonumber(ARGV[1]) then return 0 end
redis.call('DEL', KEYS[1])
redis.call('ZREM', KEYS[2], ARGV[2])
redis.call('HDEL', KEYS[3], ARGV[2])
return 1
`;

/**
 * ARGV: version, id. Deletes the session and its index entries unless Redis holds a newer version than ARGV[1]
 * (another process wrote since): what a process that dropped the session while Redis was out of reach (evicted
 * or expired in memory) tells Redis when it is back, so Redis's older copy does not come back. Returns 1 when
 * deleted (or already gone).
 */
export const forgetSessionLua = `
local held = tonumber(redis.call('HGET', KEYS[1], 'v'))
if held and held > tonumber(ARGV[1]) then return 0 end
redis.call('DEL', KEYS[1])
redis.call('ZREM', KEYS[2], ARGV[2])
redis.call('HDEL', KEYS[3], ARGV[2])
return 1
`;
