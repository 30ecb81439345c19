/**
 * A small Server-Sent Events reader over fetch for tests and benchmarks (Node 20 has no EventSource). It
 * parses `id:`, `event:` and `data:` lines as the spec does and lets a caller wait for an event it expects.
 */
export interface SseEvent {
  id: string | undefined;
  event: string;
  data: any;
  /** performance.now() when it was parsed. */
  at: number;
}

export interface SseStream {
  status: number;
  events: SseEvent[];
  lastEventId: string | undefined;
  /** Resolves with the first event (already received or coming) that matches. */
  waitFor(match: (event: SseEvent) => boolean, timeoutMs?: number): Promise<SseEvent>;
  /** Resolves when the server ends the stream. */
  done: Promise<void>;
  close(): void;
}

export async function openSse(url: string, headers: Record<string, string> = {}): Promise<SseStream> {
  const controller = new AbortController();
  const response = await fetch(url, { headers: { accept: 'text/event-stream', ...headers }, signal: controller.signal });
  const events: SseEvent[] = [];
  const waiters: Array<{ match: (event: SseEvent) => boolean; resolve: (event: SseEvent) => void }> = [];
  const stream: SseStream = {
    status: response.status,
    events,
    lastEventId: undefined,
    waitFor(match, timeoutMs = 15_000) {
      const found = events.find(match);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no matching event within ${timeoutMs} ms; got ${events.map((e) => e.event).join(',')}`)), timeoutMs);
        waiters.push({
          match,
          resolve: (event) => {
            clearTimeout(timer);
            resolve(event);
          },
        });
      });
    },
    done: Promise.resolve(),
    close: () => controller.abort(),
  };
  if (!response.ok || !response.body) {
    stream.done = response.text().then(() => undefined);
    return stream;
  }

  const deliver = (event: SseEvent) => {
    events.push(event);
    for (const waiter of [...waiters]) {
      if (waiter.match(event)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(event);
      }
    }
  };

  stream.done = (async () => {
    const decoder = new TextDecoder();
    let buffer = '';
    let id: string | undefined;
    let name = 'message';
    let data: string[] = [];
    try {
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        let newline: number;
        while ((newline = buffer.search(/\r\n|\n|\r/)) !== -1) {
          const line = buffer.slice(0, newline);
          buffer = buffer.slice(newline + (buffer.startsWith('\r\n', newline) ? 2 : 1));
          if (line === '') {
            if (data.length) {
              if (id !== undefined) stream.lastEventId = id;
              const text = data.join('\n');
              let parsed: unknown = text;
              try {
                parsed = JSON.parse(text);
              } catch {
                /* keep the text */
              }
              deliver({ id, event: name, data: parsed, at: performance.now() });
            }
            name = 'message';
            data = [];
            continue;
          }
          if (line.startsWith(':')) continue;
          const colon = line.indexOf(':');
          const field = colon === -1 ? line : line.slice(0, colon);
          const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
          if (field === 'id') id = value;
          else if (field === 'event') name = value;
          else if (field === 'data') data.push(value);
        }
      }
    } catch {
      // aborted by close(): the stream is over
    }
  })();
  return stream;
}
