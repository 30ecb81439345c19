/**
 * The widget's whole stylesheet, inside its Shadow DOM: the host page's CSS cannot reach in, and nothing here
 * leaks out. `:host { all: initial }` drops inherited styles (font, line height, colour) from the page.
 */
export const styles = `
:host{all:initial}
*{box-sizing:border-box;font:inherit;margin:0}
.w{--c:#1f6feb;--t:#fff;position:fixed;bottom:20px;right:20px;z-index:2147483000;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1b1f24}
.w.l{right:auto;left:20px}
.lb{width:56px;height:56px;border-radius:50%;border:0;background:var(--c);color:var(--t);cursor:pointer;box-shadow:0 4px 14px rgba(0,0,0,.25);display:grid;place-items:center}
.lb svg{width:28px;height:28px;fill:currentColor}
button:focus-visible,textarea:focus-visible,input:focus-visible,a:focus-visible{outline:3px solid #ffbf47;outline-offset:2px}
.p{position:absolute;bottom:72px;right:0;width:370px;height:min(580px,calc(100vh - 110px));background:#fff;border-radius:14px;box-shadow:0 10px 40px rgba(0,0,0,.28);display:flex;flex-direction:column;overflow:hidden}
.l .p{right:auto;left:0}
.p[hidden]{display:none}
.h{background:var(--c);color:var(--t);padding:14px 12px 14px 18px;display:flex;align-items:center;gap:8px}
.h h2{font-size:16px;font-weight:600;flex:1;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.x{background:transparent;border:0;color:inherit;width:32px;height:32px;border-radius:8px;cursor:pointer;font-size:22px;line-height:1}
.x:hover{background:rgba(255,255,255,.18)}
.g{flex:1;overflow-y:auto;padding:16px 14px;display:flex;flex-direction:column;gap:8px;background:#f6f7f9}
.m{max-width:82%;padding:9px 13px;border-radius:16px;white-space:pre-wrap;overflow-wrap:anywhere;background:#fff;border:1px solid #e3e6ea;align-self:flex-start;border-bottom-left-radius:4px}
.m.u{align-self:flex-end;background:var(--c);color:var(--t);border-color:transparent;border-radius:16px;border-bottom-right-radius:4px}
.m a{color:inherit;text-decoration:underline}
.m.s{align-self:center;background:transparent;border:0;color:#57606a;font-size:13px;text-align:center}
.d{display:inline-flex;gap:4px;padding:4px 0}
.d i{width:7px;height:7px;border-radius:50%;background:#8c959f;animation:b 1.2s infinite}
.d i:nth-child(2){animation-delay:.2s}.d i:nth-child(3){animation-delay:.4s}
@keyframes b{0%,60%,100%{opacity:.3;transform:none}30%{opacity:1;transform:translateY(-3px)}}
@media (prefers-reduced-motion:reduce){.d i{animation:none}}
.n{margin:0 12px;padding:10px 12px;border-radius:10px;background:#fff4e5;border:1px solid #f0b35b;color:#6b3e00;font-size:14px}
.n.e{background:#ffebe9;border-color:#ff8182;color:#82071e;font-weight:500}
.n[hidden]{display:none}
.n form{display:flex;gap:6px;margin-top:8px}
.n input{flex:1;min-width:0;border:1px solid #d0d7de;border-radius:8px;padding:7px 9px;color:#1b1f24;background:#fff}
.k{border:0;border-radius:8px;padding:8px 12px;background:#cf222e;color:#fff;font-weight:600;cursor:pointer}
.f{display:flex;gap:8px;padding:10px 12px;border-top:1px solid #e3e6ea;background:#fff;align-items:flex-end}
.f textarea{flex:1;resize:none;border:1px solid #d0d7de;border-radius:10px;padding:9px 11px;height:42px;max-height:120px;color:#1b1f24;background:#fff}
.f button{border:0;border-radius:10px;background:var(--c);color:var(--t);padding:0 14px;height:42px;font-weight:600;cursor:pointer}
.f button:disabled{opacity:.5;cursor:default}
.br{text-align:center;font-size:11.5px;color:#6e7781;padding:0 0 8px;background:#fff}
.br a{color:inherit}
.v{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
@media (max-width:480px){.w.o{inset:0}.w.o .lb{display:none}.p{position:fixed;inset:0;width:auto;height:auto;border-radius:0}}
`;
