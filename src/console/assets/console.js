// Venn console client (no dependencies, no build step): shows timestamps as ages and, on a market
// page, draws the live book from the WebSocket feed (/v1/ws) in YES terms with a depth chart and
// recent trades. A book that is connecting, stale or resyncing is labelled so and greyed out; the
// levels are never shown as current until a snapshot has arrived and every delta since applied in seq.
const $ = (id) => document.getElementById(id);

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

const bookSection = $('book');
if (bookSection) liveBook(bookSection);

function el(tag, attrs, text) {
  const e = tag.startsWith('svg:') ? document.createElementNS('http://www.w3.org/2000/svg', tag.slice(4)) : document.createElement(tag);
  for (const [k, v] of Object.entries(attrs ?? {})) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
}

function liveBook(section) {
  const market = section.dataset.market;
  const depth = Number(section.dataset.depth);
  const status = $('book-status');
  let book = null;
  let ws;
  let nextId = 1;

  const send = (msg) => ws.send(JSON.stringify({ ...msg, id: nextId++ }));
  const setState = (state, text) => {
    section.dataset.state = state;
    if (status.textContent !== text) status.textContent = text;
  };

  function connect() {
    setState('connecting', 'Connecting to the live feed…');
    ws = new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/v1/ws`);
    ws.onopen = () => {
      send({ op: 'subscribe', channel: 'book', markets: [market] });
      send({ op: 'subscribe', channel: 'trades', markets: [market] });
    };
    ws.onmessage = (e) => onMessage(JSON.parse(e.data));
    ws.onclose = () => {
      if (book) book.fresh = false;
      render();
      setState('disconnected', 'Disconnected from the live feed; reconnecting…');
      setTimeout(connect, 2000);
    };
  }

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
  connect();
}
