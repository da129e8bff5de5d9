import { canonicalJson } from './canonicalJson';

describe('canonicalJson (RFC 8785)', () => {
  test('sorts members by UTF-16 code units, at every depth, without whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: 'x' } })).toBe('{"a":{"c":"x","d":[3,{"y":2,"z":1}]},"b":1}');
  });

  test("the RFC's own sorting example: names by code unit, not by code point or locale", () => {
    const input = JSON.parse(
      '{"\\u20ac":"Euro Sign","\\r":"Carriage Return","\\ufb33":"Hebrew Letter Dalet With Dagesh","1":"One","\\ud83d\\ude00":"Emoji: Grinning Face","\\u0080":"Control","\\u00f6":"Latin Small Letter O With Diaeresis"}',
    );
    // Read the names off the text: an object would put the integer-like "1" first again.
    const names = [...canonicalJson(input).matchAll(/"((?:[^"\\]|\\.)*)":/g)].map((match) => JSON.parse(`"${match[1]}"`));
    expect(names).toEqual(['\r', '1', '\u0080', '\u00f6', '\u20ac', '\ud83d\ude00', '\ufb33']);
  });

  test("numbers as ECMAScript writes them (the RFC's examples)", () => {
    expect(canonicalJson([1e21, 1e-7, 333333333.3333333, 0.000001, -0, 4.5])).toBe('[1e+21,1e-7,333333333.3333333,0.000001,0,4.5]');
  });

  test('refuses what JSON cannot hold', () => {
    expect(() => canonicalJson(Number.NaN)).toThrow('finite');
    expect(() => canonicalJson(() => 1)).toThrow('not JSON');
  });
});
