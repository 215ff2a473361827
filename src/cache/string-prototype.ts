/**
 * Keeps V8's fast access to `String.prototype`, which ioredis loses for the whole process.
 *
 * ioredis declares `class VerbatimString extends String` (`built/resp/verbatim-string.js`, loaded
 * with its reply decoder). The first object set up with `String.prototype` as its prototype turns
 * `String.prototype` into a dictionary-mode object in V8 (Node 20), and from then on every string
 * method reached from a primitive string (`charCodeAt`, `slice`, `startsWith`, …) is looked up the
 * slow way. Code that reads strings runs 2–4 × slower: reading a market's four ISO times takes
 * 1.5–2.7 µs instead of 0.4–0.7 µs, measured in isolation with and without `import 'ioredis'`.
 *
 * A property read on a String wrapper object through an inline cache makes V8 set the wrapper's
 * prototype chain up for fast access again (`JSObject::MakePrototypesFast`). The read runs a few
 * dozen times, so that the function gets its feedback vector (V8 allocates it lazily, after a few
 * calls) and its inline cache sees the miss that triggers the setup.
 */
export function restoreFastStringPrototype(): void {
  const wrapper: object = Object('');
  for (let i = 0; i < 64; i++) readCharCodeAt(wrapper);
}

function readCharCodeAt(o: object): unknown {
  return (o as { charCodeAt?: unknown }).charCodeAt;
}
