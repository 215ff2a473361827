// Venn console client (no dependencies, no build step): timestamps as ages; a market page's live
// book from the feed (/v1/ws), never drawn as current while connecting, stale or resyncing; the
// arbitrage board kept current from the feed's `arbitrage` channel, and match decisions sent with
// the admin key typed into the page (a header, never a URL).
const $ = (id) => document.getElementById(id);
document.documentElement.classList.add('js');

function ago(ms) {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s ago`;
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86400) return `${Math.floor(s / 3600)} h ago`;
  return `${Math.floor(s / 86400)} d ago`;
}

function tickAges() {
  const now = Date.now();
  for (const t of document.querySelectorAll('time[data-age]')) {
    const at = Date.parse(t.getAttribute('datetime'));
    if (!Number.isNaN(at)) t.textContent = ago(now - at);
  }
}
tickAges();
setInterval(tickAges, 1000);


function el(tag, attrs, text) {
  const e = tag.startsWith('svg:') ? document.createElementNS('http://www.w3.org/2000/svg', tag.slice(4)) : document.createElement(tag);
  for (const [k, v] of Object.entries(attrs ?? {})) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
}

// One feed connection: `subs` sent on each (re)connect, `onDown` when it drops; returns `send`.
function feed(setState, subs, onMessage, onDown) {
  let ws;
  let id = 1;
  const send = (m) => ws.send(JSON.stringify({ ...m, id: id++ }));
  const connect = () => {
    setState('connecting', 'Connecting to the live feed…');
    ws = new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/v1/ws`);
    ws.onopen = () => subs.forEach(send);
    ws.onmessage = (e) => onMessage(JSON.parse(e.data));
    ws.onclose = () => {
      onDown();
      setTimeout(connect, 2000);
    };
  };
  connect();
  return send;
}

const stateOf = (section, status) => (state, text) => {
  section.dataset.state = state;
  if (status.textContent !== text) status.textContent = text;
};

function liveBook(section) {
  const market = section.dataset.market;
  const depth = Number(section.dataset.depth);
  let book = null;
  const setState = stateOf(section, $('book-status'));

  function resync(why) {
    if (book) book.fresh = false;
    setState('resyncing', `Resyncing (${why}): the book below is not current.`);
    send({ op: 'resync', markets: [market] });
    render();
  }

  function onMessage(m) {
    if (m.type === 'error') return setState(section.dataset.state, `Feed error ${m.code}: ${m.message}`);
    if (m.market !== market) return;
    if (m.type === 'snapshot') {
      book = { seq: m.seq, bids: new Map(m.bids), asks: new Map(m.asks), source: m.source, fresh: true, at: m.receivedAt };
    } else if (m.type === 'delta') {
      if (!book || !book.fresh || m.seq !== book.seq + 1) return resync('missed an update');
      book.seq = m.seq;
      book.at = m.receivedAt;
      for (const [side, levels] of [[book.bids, m.bids], [book.asks, m.asks]]) {
        for (const [p, s] of levels) {
          if (s === '0') side.delete(p);
          else side.set(p, s);
        }
      }
    } else if (m.type === 'stale') {
      if (book) {
        book.seq = m.seq;
        book.fresh = false;
      }
      setState('stale', `Stale (${m.reason}): waiting for the venue to resync. The book below is not current.`);
      return render();
    } else if (m.type === 'trade') {
      return addTrade(m);
    } else {
      return;
    }
    setState('live', `Live: ${book.source} book, seq ${book.seq}.`);
    render();
  }

  function sorted(side, desc) {
    return [...side].sort(([a], [b]) => (desc ? Number(b) - Number(a) : Number(a) - Number(b))).slice(0, depth);
  }

  function render() {
    section.dataset.seq = book ? String(book.seq) : '';
    const bids = book ? sorted(book.bids, true) : [];
    const asks = book ? sorted(book.asks, false) : [];
    for (const [id, levels] of [['bids', bids], ['asks', asks]]) {
      const rows = levels.map(([p, s]) => {
        const tr = el('tr', { 'data-price': p, 'data-size': s });
        tr.append(el('td', { class: 'num' }, p), el('td', { class: 'num' }, s));
        return tr;
      });
      $(id).replaceChildren(...rows);
    }
    drawDepth(bids, asks);
  }

  // The chart is a picture: cumulative sizes as floats are fine for drawing, never for money.
  function drawDepth(bids, asks) {
    const svg = $('depth');
    const title = svg.querySelector('title');
    const W = 600;
    const H = 200;
    const cum = (levels) => {
      let t = 0;
      return levels.map(([p, s]) => [Number(p), (t += Number(s))]);
    };
    const b = cum(bids);
    const a = cum(asks);
    const all = [...b, ...a];
    const shapes = [];
    if (all.length > 0) {
      const lo = Math.min(...all.map(([p]) => p));
      const hi = Math.max(...all.map(([p]) => p));
      const span = hi - lo || 0.01;
      const top = Math.max(...all.map(([, c]) => c));
      const x = (p) => ((p - lo + span * 0.05) / (span * 1.1)) * W;
      const y = (c) => H - (c / top) * (H - 10);
      const path = (pts) => {
        if (pts.length === 0) return '';
        let d = `M${x(pts[0][0]).toFixed(1)},${H} L${x(pts[0][0]).toFixed(1)},${y(pts[0][1]).toFixed(1)}`;
        for (let i = 1; i < pts.length; i++) d += ` L${x(pts[i][0]).toFixed(1)},${y(pts[i - 1][1]).toFixed(1)} L${x(pts[i][0]).toFixed(1)},${y(pts[i][1]).toFixed(1)}`;
        return `${d} L${x(pts[pts.length - 1][0]).toFixed(1)},${H} Z`;
      };
      shapes.push(el('svg:path', { d: path(b), class: 'bid-area' }), el('svg:path', { d: path(a), class: 'ask-area' }));
      shapes.push(el('svg:text', { x: '4', y: '14', class: 'axis' }, `${lo}`), el('svg:text', { x: String(W - 4), y: '14', class: 'axis', 'text-anchor': 'end' }, `${hi}`));
    }
    svg.replaceChildren(title, ...shapes);
  }

  function addTrade(t) {
    const tr = el('tr');
    const when = el('time', { datetime: t.timestamp }, `${t.timestamp.slice(0, 16).replace('T', ' ')} UTC`);
    const td = el('td');
    td.append(when);
    tr.append(td, el('td', { class: 'num' }, t.price), el('td', { class: 'num' }, t.size), el('td', {}, t.takerSide ?? '—'));
    const body = $('trades');
    body.prepend(tr);
    while (body.children.length > 30) body.lastElementChild.remove();
  }

  setInterval(() => {
    if (book?.fresh && section.dataset.state === 'live') section.dataset.age = ago(Date.now() - Date.parse(book.at));
  }, 1000);
  const send = feed(setState, ['book', 'trades'].map((channel) => ({ op: 'subscribe', channel, markets: [market] })), onMessage, () => {
    if (book) book.fresh = false;
    render();
    setState('disconnected', 'Disconnected from the live feed; reconnecting…');
  });
}

// Percentages of ROI and APR are a display of ratios, never money.
const pct = (x) => (x == null ? '—' : `${(Number(x) * 100).toFixed(2)} %`);

function board(section) {
  const titles = new Map([...document.querySelectorAll('a[data-m]')].map((a) => [a.dataset.m, a.textContent]));
  const opps = new Map();
  const setState = stateOf(section, $('arb-status'));

  function oppRow(o) {
    const tr = el('tr', { 'data-opp': o.id, 'data-actionable': String(o.actionable) });
    const legs = el('ul', { class: 'legs' });
    for (const l of o.legs) {
      const li = el('li');
      li.append(el('span', { class: `badge badge-${l.venue}` }, l.venue), ' ', el('a', { href: `/market/${encodeURIComponent(l.market)}`, 'data-m': l.market }, titles.get(l.market) ?? l.market));
      li.append(` buy ${l.outcome.toUpperCase()} ${l.size} @ ${l.price}, fee ${l.fee ?? 'unknown'}${l.feeEstimated ? ' (est.)' : ''}`);
      legs.append(li);
    }
    const first = el('td');
    first.append(el('span', { class: 'tag' }, `${o.relation} · ${pct(o.confidence)}`), legs);
    const age = el('td');
    age.append(el('time', { datetime: new Date(Date.parse(o.evaluatedAt) - o.quoteAge).toISOString(), 'data-age': '' }));
    tr.append(first, ...[o.size, o.cost, o.profit, pct(o.roi), pct(o.apr)].map((v) => el('td', { class: 'num' }, v)), age);
    tr.append(el('td', {}, o.actionable ? 'Actionable' : `Not actionable: ${o.blockers.join('; ')}`));
    return tr;
  }

  function render() {
    $('opps').replaceChildren(...[...opps.values()].sort((x, y) => y.actionable - x.actionable || Number(y.profit) - Number(x.profit) || (x.id < y.id ? -1 : 1)).map(oppRow));
    $('none').hidden = opps.size > 0;
    tickAges();
  }

  feed(setState, [{ op: 'subscribe', channel: 'arbitrage', markets: ['*'] }], (m) => {
    if (m.type === 'error') return setState('disconnected', `Feed error ${m.code}: ${m.message}`);
    if (m.channel !== 'arbitrage') return;
    if (m.type === 'opportunities') {
      opps.clear();
      for (const o of m.data) opps.set(o.id, o);
    } else if (m.event === 'closed') opps.delete(m.opportunity.id);
    else opps.set(m.opportunity.id, m.opportunity);
    setState('live', `Live: ${opps.size} opportunities.`);
    render();
  }, () => setState('disconnected', 'Disconnected from the live feed; reconnecting…'));

  // The key field has no name: even a submitted form carries it nowhere.
  $('admin').onsubmit = (e) => e.preventDefault();
  document.addEventListener('click', async (e) => {
    const b = e.target.closest('button[data-decision]');
    if (!b) return;
    const tr = b.closest('tr');
    const out = tr.querySelector('output');
    const key = $('admin-key').value.trim();
    if (!key) {
      out.textContent = 'Enter an admin key first.';
      return $('admin-key').focus();
    }
    const body = { decision: b.dataset.decision };
    if (body.decision === 'confirm') body.relation = tr.querySelector('select').value;
    out.textContent = 'Sending…';
    const r = await fetch(`/v1/matches/${encodeURIComponent(tr.dataset.a)}/${encodeURIComponent(tr.dataset.b)}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const j = await r.json().catch(() => ({}));
    if (!r.ok) return (out.textContent = `${j.code ?? r.status}: ${j.detail ?? ''}`);
    out.textContent = `${body.decision}ed`;
    tr.querySelector('[data-field=relation]').textContent = j.relation;
    tr.querySelector('[data-field=state]').textContent = j.tradable ? 'feeds arbitrage' : 'candidate: not traded';
  });
}

if ($('book')) liveBook($('book'));
if ($('arb')) board($('arb'));
