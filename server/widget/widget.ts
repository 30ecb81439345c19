import { call, eventTypes, type ApiError, type ChatEvent, type WidgetConfig } from './protocol.js';
import { styles } from './styles.js';
import { renderText } from './text.js';

/**
 * The chat widget a business puts on its site with one tag:
 *   <script src="https://PUBLIC/widget.js" data-business="ID" async></script>
 * Nothing happens until the page is loaded and the browser is idle; then it asks for its settings and, if this
 * site is allowed, adds a launcher button in a Shadow DOM (fixed position: the page's layout never moves).
 */
interface Saved {
  chatId: string;
  token: string;
  open?: boolean;
}

const script = document.currentScript as HTMLScriptElement | null;

function boot(): void {
  const businessId = script?.dataset.business;
  if (!script || !businessId) return void console.warn('[Leads Agent] add data-business="ID" to the widget script tag');
  const base = new URL(script.src).origin;
  const start = () => void mount(base, businessId);
  const idle = () => ('requestIdleCallback' in window ? requestIdleCallback(start, { timeout: 3000 }) : setTimeout(start, 1));
  if (document.readyState === 'complete') idle();
  else addEventListener('load', idle, { once: true });
}

const icon =
  '<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4H4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z"/></svg>';

/** An element with a class, attributes and text (never HTML). */
function el<K extends keyof HTMLElementTagNameMap>(tag: K, cls?: string, attrs: Record<string, string> = {}, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (cls) node.className = cls;
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (text !== undefined) node.textContent = text;
  return node;
}

/** Black or white text, whichever reads better on the business's colour (WCAG relative luminance). */
function textOn(hex: string): string {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b > 0.4 ? '#111' : '#fff';
}

const kindly: Record<string, string> = {
  RATE_LIMITED: "You're sending messages quickly. Please wait a moment, then try again.",
  CHAT_FULL: 'All our lines are busy right now. Please try again in a minute.',
  VALIDATION: "That message couldn't be sent. Please shorten it and try again.",
  BODY_TOO_LARGE: "That message couldn't be sent. Please shorten it and try again.",
  NETWORK: "You seem to be offline. We'll keep your message: press Send to try again.",
};

async function mount(base: string, businessId: string): Promise<void> {
  let config: WidgetConfig;
  try {
    config = await call<WidgetConfig>(`${base}/widget/businesses/${businessId}/config`);
  } catch (error) {
    return void console.warn(`[Leads Agent] chat widget not shown: ${(error as ApiError).code ?? 'this site is not allowed'}`);
  }
  const storeKey = `leads-agent:${businessId}`;
  const load = (): Saved | undefined => {
    try {
      return JSON.parse(sessionStorage.getItem(storeKey) ?? 'null') ?? undefined;
    } catch {
      return undefined;
    }
  };
  const save = (value: Saved | undefined) => {
    try {
      if (value) sessionStorage.setItem(storeKey, JSON.stringify(value));
      else sessionStorage.removeItem(storeKey);
    } catch {
      /* storage disabled: the chat still works, it just will not survive a reload */
    }
  };

  // The host element lives in the page's DOM, where the site's CSS (even `div { … !important }`) reaches it; inline
  // !important declarations win over the page's, so it stays a zero-size fixed box that moves nothing.
  const host = el('div', undefined, {
    'data-leads-agent': '',
    style: 'all:initial!important;position:fixed!important;width:0!important;height:0!important;bottom:0!important;right:0!important;z-index:2147483000!important',
  });
  const root = host.attachShadow({ mode: 'open' });
  const style = el('style');
  style.textContent = styles;
  const wrap = el('div', `w${config.position === 'bottom-left' ? ' l' : ''}`);
  wrap.style.setProperty('--c', config.color);
  wrap.style.setProperty('--t', textOn(config.color));

  const launcher = el('button', 'lb', { type: 'button', 'aria-label': `Chat with ${config.title}`, 'aria-expanded': 'false', 'aria-controls': 'la-panel' });
  launcher.innerHTML = icon; // a constant of ours, not content
  const panel = el('section', 'p', { id: 'la-panel', role: 'dialog', 'aria-modal': 'true', 'aria-labelledby': 'la-title', hidden: '' });
  const header = el('div', 'h');
  const close = el('button', 'x', { type: 'button', 'aria-label': 'Close chat' }, '×');
  header.append(el('h2', undefined, { id: 'la-title' }, config.title), close);
  const log = el('div', 'g', { role: 'log', 'aria-live': 'polite', 'aria-label': 'Conversation' });
  const notice = el('div', 'n', { role: 'alert', hidden: '' });
  const form = el('form', 'f');
  const input = el('textarea', undefined, { rows: '1', maxlength: '1000', placeholder: 'Type your message…', 'aria-label': 'Your message' });
  const send = el('button', undefined, { type: 'submit' }, 'Send');
  form.append(input, send);
  panel.append(header, log, notice, form);
  if (config.branding) {
    panel.append(el('div', 'br', {}, 'Powered by Leads Agent'));
  }
  wrap.append(panel, launcher);
  root.append(style, wrap);
  document.body.append(host);

  let saved = load();
  let source: EventSource | undefined;
  const replies = new Map<string, HTMLElement>();
  const mine = new Set<string>();
  let counter = 0;

  const scrollDown = () => (log.scrollTop = log.scrollHeight);
  const bubble = (who: 'u' | 'a' | 's', text: string) => {
    const node = el('div', who === 'a' ? 'm' : `m ${who}`);
    if (who === 'u') node.append(el('span', 'v', {}, 'You: '));
    const body = el('span');
    renderText(body, text);
    node.append(body);
    log.append(node);
    scrollDown();
    return body;
  };
  const greet = () => {
    log.textContent = '';
    replies.clear();
    bubble('a', config.greeting);
  };
  greet();

  function showNotice(event: Extract<ChatEvent, { type: 'notice' }>): void {
    notice.textContent = event.text;
    notice.className = event.kind === 'emergency' ? 'n e' : 'n';
    notice.hidden = false;
    if (event.callback) {
      const callForm = el('form');
      const phone = el('input', undefined, { type: 'tel', autocomplete: 'tel', placeholder: 'Your phone number', 'aria-label': 'Your phone number' });
      callForm.append(phone, el('button', 'k', { type: 'submit' }, 'Call me now'));
      callForm.onsubmit = (e) => {
        e.preventDefault();
        if (!saved) return;
        call(`${base}/widget/chats/${saved.chatId}/callback`, { method: 'POST', token: saved.token, body: JSON.stringify(phone.value.trim() ? { phone: phone.value.trim() } : {}) })
          .then(() => callForm.remove())
          .catch((error: ApiError) => bubble('s', error.status === 400 ? 'Please check the phone number and try again.' : kindly[error.code] ?? 'Sorry, we could not place the call.'));
      };
      notice.append(callForm);
    }
  }

  function onEvent(event: ChatEvent): void {
    switch (event.type) {
      case 'reset':
        // The stream replays the whole chat: messages shown before it (our own included) come again.
        greet();
        mine.clear();
        return;
      case 'message':
        if (event.clientId && mine.has(event.clientId)) return;
        bubble('u', event.text);
        return;
      case 'reply.start': {
        const node = bubble('a', '');
        node.append(el('span', 'd', { 'aria-label': `${config.title} is typing` }, ''));
        node.firstElementChild!.append(el('i'), el('i'), el('i'));
        replies.set(event.replyId, node);
        return;
      }
      case 'reply.delta': {
        const node = replies.get(event.replyId) ?? bubble('a', '');
        replies.set(event.replyId, node);
        node.querySelector('.d')?.remove();
        node.append(event.text);
        scrollDown();
        return;
      }
      case 'reply.end': {
        const node = replies.get(event.replyId) ?? bubble('a', '');
        renderText(node, event.text);
        replies.delete(event.replyId);
        scrollDown();
        return;
      }
      case 'notice':
        showNotice(event);
        return;
      case 'ended':
        source?.close();
        save(undefined);
        saved = undefined;
        bubble('s', 'This chat has ended. Send a message to start a new one.');
        return;
    }
  }

  function listen(chat: Saved): void {
    source?.close();
    // EventSource reconnects by itself after a drop, sending Last-Event-ID: nothing is missed or repeated.
    source = new EventSource(`${base}/widget/chats/${chat.chatId}/events?token=${encodeURIComponent(chat.token)}`);
    for (const type of eventTypes) {
      source.addEventListener(type, (e) => {
        try {
          onEvent(JSON.parse((e as MessageEvent<string>).data) as ChatEvent);
        } catch {
          /* a malformed event is skipped, the chat goes on */
        }
      });
    }
    // A stream refused for good (the chat expired) needs nothing here: the next message gets 401 and starts a new
    // chat. Clearing the saved chat on error would lose it on every reload, when the browser closes the stream.
  }

  async function ensureChat(): Promise<Saved> {
    if (saved) return saved;
    const started = await call<{ chatId: string; token: string }>(`${base}/widget/businesses/${businessId}/chats`, { method: 'POST', body: '{}' });
    saved = { ...started, open: true };
    save(saved);
    listen(saved);
    return saved;
  }

  async function submit(text: string, retried = false): Promise<void> {
    const clientId = `c${Date.now().toString(36)}${counter++}`;
    try {
      const chat = await ensureChat();
      mine.add(clientId);
      if (!retried) bubble('u', text);
      await call(`${base}/widget/chats/${chat.chatId}/messages`, { method: 'POST', token: chat.token, body: JSON.stringify({ text, clientId }) });
    } catch (error) {
      const { status, code } = error as ApiError;
      if ((status === 401 || status === 409) && !retried) {
        // The chat is over or unknown: a new one takes the message.
        source?.close();
        save((saved = undefined));
        return submit(text, true);
      }
      if (!input.value) input.value = text;
      bubble('s', kindly[code] ?? 'Sorry, your message could not be sent. Please try again.');
    }
  }

  form.onsubmit = (e) => {
    e.preventDefault();
    const text = input.value.trim();
    if (!text) return;
    input.value = '';
    void submit(text);
  };
  input.onkeydown = (e) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      form.requestSubmit();
    }
  };

  const toggle = (open: boolean) => {
    panel.hidden = !open;
    wrap.classList.toggle('o', open);
    launcher.setAttribute('aria-expanded', String(open));
    if (saved) save({ ...saved, open });
    if (open) {
      input.focus();
      scrollDown();
    } else launcher.focus();
  };
  launcher.onclick = () => toggle(panel.hidden);
  close.onclick = () => toggle(false);
  // A dialog keeps the keyboard inside while open (Tab cycles, Escape closes).
  panel.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') return toggle(false);
    if (e.key !== 'Tab') return;
    const items = [...panel.querySelectorAll<HTMLElement>('button,textarea,input,a[href]')].filter((n) => !n.closest('[hidden]'));
    const first = items[0];
    const last = items[items.length - 1];
    const active = root.activeElement;
    if (e.shiftKey && active === first) {
      e.preventDefault();
      last?.focus();
    } else if (!e.shiftKey && active === last) {
      e.preventDefault();
      first?.focus();
    }
  });

  if (saved) {
    listen(saved);
    if (saved.open) toggle(true);
  }
}

boot();
