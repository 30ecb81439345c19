/**
 * The admin API as the console sees it: JSON over HTTP with the bearer token, and the event stream over a
 * WebSocket (the token rides in the subprotocol list, since browsers cannot set headers on WebSockets).
 */
export interface Connection {
  adminUrl: string;
  token: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export interface ConsoleEvent<T = unknown> {
  id: string;
  type: string;
  time: string;
  data: T;
}

export interface Api {
  get<T>(path: string): Promise<T>;
  send<T>(method: 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<T>;
  download(path: string, filename: string): Promise<void>;
  upload<T>(path: string, form: FormData): Promise<T>;
  subscribe(onEvent: (event: ConsoleEvent) => void, onState?: (connected: boolean) => void): () => void;
}

export function createApi({ adminUrl, token }: Connection): Api {
  async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
    // A FormData body (file upload) sets its own multipart content type.
    const json = body !== undefined && !(body instanceof FormData);
    const response = await fetch(`${adminUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(json ? { 'content-type': 'application/json' } : {}) },
      body: body === undefined ? undefined : json ? JSON.stringify(body) : (body as FormData),
    });
    if (response.status === 204) return undefined as T;
    const payload = (await response.json().catch(() => undefined)) as { error?: { code: string; message: string } } | undefined;
    if (!response.ok) {
      throw new ApiError(response.status, payload?.error?.code ?? 'HTTP', payload?.error?.message ?? `HTTP ${response.status}`);
    }
    return payload as T;
  }

  return {
    get: (path) => request('GET', path),
    send: (method, path, body) => request(method, path, body),
    upload: (path, form) => request('POST', path, form),
    async download(path, filename) {
      const response = await fetch(`${adminUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });
      if (!response.ok) throw new ApiError(response.status, 'HTTP', `Export failed (HTTP ${response.status})`);
      const url = URL.createObjectURL(await response.blob());
      const link = Object.assign(document.createElement('a'), { href: url, download: filename });
      link.click();
      URL.revokeObjectURL(url);
    },
    subscribe(onEvent, onState) {
      let socket: WebSocket | undefined;
      let lastId: string | undefined;
      let attempt = 0;
      let closed = false;
      let timer: ReturnType<typeof setTimeout> | undefined;
      const connect = () => {
        const url = new URL('/api/events', adminUrl.replace(/^http/, 'ws'));
        if (lastId) url.searchParams.set('since', lastId);
        socket = new WebSocket(url, ['leads.v1', `bearer.${token}`]);
        socket.onopen = () => {
          attempt = 0;
          onState?.(true);
        };
        socket.onmessage = (message) => {
          const event = JSON.parse(String(message.data)) as ConsoleEvent;
          lastId = event.id;
          onEvent(event);
        };
        socket.onclose = () => {
          onState?.(false);
          if (!closed) timer = setTimeout(connect, Math.min(15_000, 500 * 2 ** attempt++));
        };
      };
      connect();
      return () => {
        closed = true;
        clearTimeout(timer);
        socket?.close();
      };
    },
  };
}

/** Where the console finds the admin API: the desktop bridge, or this page's own origin with a saved token. */
export function initialConnection(): Connection | undefined {
  if (window.leads) return window.leads;
  const token = sessionStorage.getItem('leads.token');
  return token ? { adminUrl: location.origin, token } : undefined;
}

export function saveToken(token: string): Connection {
  sessionStorage.setItem('leads.token', token);
  return { adminUrl: location.origin, token };
}

export function forgetToken(): void {
  sessionStorage.removeItem('leads.token');
}
