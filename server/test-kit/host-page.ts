import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A business's own website on a loopback port of its own (so it is another origin than the appliance): it
 * embeds the widget with the one tag the README gives, inside a page with hostile CSS of its own.
 */
export interface HostPage {
  origin: string;
  /** The page embedding the widget of this business. */
  url(businessId: string): string;
  close(): Promise<void>;
}

export async function startHostPage({ publicUrl }: { publicUrl: string }): Promise<HostPage> {
  const html = (businessId: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Acme Plumbing: 24/7 plumbers in Austin</title>
<style>
  /* A site's CSS that would wreck an unprotected widget. */
  * { font-family: "Comic Sans MS", cursive !important; color: #c00 !important; }
  button { display: none !important; } div { border: 3px dashed lime; }
  body { margin: 0; background: #fdfaf3; }
  header { background: #12355b; padding: 24px 40px; } header h1 { color: #fff !important; font-family: Georgia, serif !important; margin: 0; }
  main { padding: 24px 40px; max-width: 760px; } p { color: #333 !important; font-family: Georgia, serif !important; line-height: 1.6; }
</style>
<script>
  window.__cls = 0;
  new PerformanceObserver((list) => { for (const e of list.getEntries()) if (!e.hadRecentInput) window.__cls += e.value; })
    .observe({ type: 'layout-shift', buffered: true });
</script>
</head><body>
<header><h1>Acme Plumbing</h1></header>
<main>
  <p>Leaks, clogs, water heaters and burst pipes: licensed plumbers in Austin, day and night.</p>
  <p>Call us or chat with us below; we answer every message.</p>
  <p>Serving Austin, Round Rock, Cedar Park and Pflugerville since 1998.</p>
</main>
<script src="${publicUrl}/widget.js" data-business="${encodeURIComponent(businessId)}" async></script>
</body></html>`;
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://host');
    if (url.pathname === '/') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(html(url.searchParams.get('business') ?? ''));
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    url: (businessId) => `${origin}/?business=${encodeURIComponent(businessId)}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
