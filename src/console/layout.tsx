/** The console's page shell: skip link, navigation, one stylesheet and one small script, all served by Venn. */
import type { Child } from 'hono/jsx';

export type Section = 'markets' | 'arbitrage' | 'venues';

export function Layout(props: { title: string; section: Section; children: Child }) {
  const current = (s: Section) => (props.section === s ? { 'aria-current': 'page' as const } : {});
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${props.title} · Venn`}</title>
        <link rel="stylesheet" href="/assets/console.css" />
      </head>
      <body>
        <a class="skip" href="#main">
          Skip to content
        </a>
        <header>
          <nav aria-label="Main">
            <a class="brand" href="/">
              Venn
            </a>
            <a href="/" {...current('markets')}>
              Markets
            </a>
            <a href="/opportunities" {...current('arbitrage')}>
              Arbitrage
            </a>
            <a href="/status" {...current('venues')}>
              Venues
            </a>
            <a href="/docs">API</a>
          </nav>
        </header>
        <main id="main">{props.children}</main>
        <script type="module" src="/assets/console.js"></script>
      </body>
    </html>
  );
}

export function VenueBadge(props: { venue: string }) {
  return <span class={`badge badge-${props.venue}`}>{props.venue}</span>;
}

/** A timestamp the client script keeps showing as an age ("12 s ago"); without the script, the time itself. */
export function Age(props: { at: string | null | undefined }) {
  if (!props.at) return <span class="muted">unknown</span>;
  return (
    <time datetime={props.at} data-age="">
      {props.at.replace('T', ' ').replace(/\.\d+Z$/, 'Z')}
    </time>
  );
}

export function When(props: { at: string | null | undefined }) {
  if (!props.at) return <span class="muted">—</span>;
  return <time datetime={props.at}>{props.at.slice(0, 16).replace('T', ' ')} UTC</time>;
}

export function ErrorNote(props: { code: string; detail: string }) {
  return (
    <p class="error" role="alert">
      <strong>{props.code}</strong>: {props.detail}
    </p>
  );
}
