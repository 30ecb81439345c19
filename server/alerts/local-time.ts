/** Times in the business's own time zone, with Intl only (no time zone database of our own). */

/** Local wall-clock time minus UTC at this instant, in milliseconds. */
function offsetMs(timeZone: string, atMs: number): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(new Date(atMs));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const local = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return local - Math.floor(atMs / 1000) * 1000;
}

/** The next time the clock on the business's wall shows `hour`:00, strictly after `nowMs`. */
export function nextLocalHour(nowMs: number, timeZone: string, hour: number): number {
  const local = new Date(nowMs + offsetMs(timeZone, nowMs));
  for (let days = 0; days < 3; days++) {
    const wall = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate() + days, hour);
    // Twice, because the offset at the guess may differ from the offset now (a DST change in between).
    const guess = wall - offsetMs(timeZone, wall);
    const at = wall - offsetMs(timeZone, guess);
    if (at > nowMs) return at;
  }
  return nowMs + 24 * 3_600_000;
}

/** "Tue 25 Nov, 14:05" in the business's time zone. */
export function localLabel(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat('en-US', {
    timeZone,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: 'numeric',
    minute: '2-digit',
  }).format(new Date(iso));
}
