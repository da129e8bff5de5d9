// RFC 8785 JSON Canonicalization Scheme (JCS) for values that came from
// JSON.parse: object members sorted by their names' UTF-16 code units, no
// whitespace, strings and numbers as ECMAScript's JSON.stringify writes them
// (which is what RFC 8785 prescribes). A signature over a message must be
// reproducible by a receiver in any language from the JSON it received; JCS
// is the standard way to do that. (The maintained npm implementation,
// `canonicalize`, ships as an ES module only, which this CommonJS build
// cannot load.)
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new TypeError('JCS: numbers must be finite');
    const text = JSON.stringify(value);
    if (text === undefined) throw new TypeError(`JCS: ${typeof value} is not JSON`);
    return text;
  }
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item === undefined ? null : item)).join(',')}]`;
  const members = Object.entries(value as Record<string, unknown>)
    .filter(([, member]) => member !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${members.map(([name, member]) => `${JSON.stringify(name)}:${canonicalJson(member)}`).join(',')}}`;
}
