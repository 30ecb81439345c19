import WebSocket from 'ws';

export interface ConsoleEvent {
  id: string;
  type: string;
  time: string;
  data: unknown;
}

export interface EventsClient {
  close(): void;
}

/**
 * Follows the admin API's event stream for the tray. Reconnects with backoff when the server restarts, and
 * asks for what it missed (`since`), so an alert raised during a reconnect still reaches the owner.
 */
export function followEvents(adminUrl: string, token: string, onEvent: (event: ConsoleEvent) => void): EventsClient {
  let socket: WebSocket | undefined;
  let lastId: string | undefined;
  let attempt = 0;
  let closed = false;
  let timer: NodeJS.Timeout | undefined;

  function connect(): void {
    const url = new URL('/api/events', adminUrl.replace(/^http/, 'ws'));
    if (lastId) url.searchParams.set('since', lastId);
    socket = new WebSocket(url, { headers: { authorization: `Bearer ${token}` } });
    socket.on('open', () => (attempt = 0));
    socket.on('message', (data) => {
      try {
        const event = JSON.parse(String(data)) as ConsoleEvent;
        lastId = event.id;
        onEvent(event);
      } catch {
        /* a frame that is not an event is ignored */
      }
    });
    socket.on('error', () => {
      /* 'close' follows and schedules the reconnect */
    });
    socket.on('close', () => {
      if (closed) return;
      timer = setTimeout(connect, Math.min(30_000, 500 * 2 ** attempt++));
    });
  }

  connect();
  return {
    close() {
      closed = true;
      clearTimeout(timer);
      socket?.close();
    },
  };
}
