/**
 * The frame of every server-rendered page of the three services: plain CSS,
 * no external request, landmarks and labels for assistive technology. Each
 * service puts its own header (navigation, who is signed in) above the body.
 */
import { html, SafeHtml } from './html.ts';

export const PAGE_STYLE = `
*{box-sizing:border-box}
body{font:16px/1.5 system-ui,sans-serif;max-width:52rem;margin:0 auto;padding:1rem;color:#1b1f24}
header.top{display:flex;gap:1rem;align-items:center;justify-content:space-between;border-bottom:1px solid #d0d7de;padding-bottom:.5rem;margin-bottom:1rem}
header.top nav a{margin-right:1rem}
h1{font-size:1.6rem;margin:.5rem 0}h2{font-size:1.25rem;margin-top:2rem}
p.lead{color:#57606a;margin-top:0}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.4rem .6rem;border-bottom:1px solid #d0d7de;vertical-align:top}
code,pre{font:14px/1.4 ui-monospace,monospace;background:#f6f8fa;border-radius:4px}code{padding:.1rem .3rem;word-break:break-all}
pre{padding:.8rem;overflow-x:auto;white-space:pre-wrap}
section.box{border:2px solid #0969da;border-radius:6px;padding:0 1rem 1rem;margin:1.5rem 0}
section.secret{border-color:#bf8700;background:#fff8c5}
form.stack label{display:block;margin-top:.75rem;font-weight:600}
form.stack input[type=text],form.stack input[type=email],form.stack input[type=password],form.stack input[type=date],form.stack textarea,form.stack select{display:block;width:100%;max-width:32rem;padding:.4rem;font:inherit;border:1px solid #8c959f;border-radius:4px}
fieldset{border:1px solid #d0d7de;border-radius:4px;margin-top:.75rem}
button{font:inherit;padding:.4rem 1rem;margin-top:1rem;border-radius:4px;border:1px solid #1f883d;background:#1f883d;color:#fff;cursor:pointer}
button.secondary{background:#f6f8fa;color:#1b1f24;border-color:#8c959f}
button.danger{background:#cf222e;border-color:#cf222e}
form.inline{display:inline}form.inline button{margin-top:0}
.error{color:#cf222e;border-left:4px solid #cf222e;padding-left:.6rem}
.muted{color:#57606a}
a{color:#0969da}
:focus-visible{outline:3px solid #0969da;outline-offset:2px}`;

export interface FrameOptions {
  readonly title: string;
  readonly header: SafeHtml;
  readonly body: SafeHtml;
  /** A page's own script, served from the same origin (`script-src 'self'`); none by default. */
  readonly script?: string;
}

export function framePage({ title, header, body, script }: FrameOptions): string {
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${title} · CommonTime</title><style>${new SafeHtml(PAGE_STYLE)}</style></head>
<body>${header}<main>${body}</main>${script ? html`<script src="${script}" defer></script>` : html``}</body></html>`.html;
}
