// What a line may look like before any handler reads it: a line's own fault
// must reject only that line, never abort the batch. A parsed line is walked
// once, without recursion (a value nested 20,000 levels deep would overflow
// the stack of any recursive walk, of validation and of history's JSON), and
// refused naming the field when it
// - nests deeper than MAX_DEPTH levels (no exchange object nests more than 3),
// - has a key `__proto__`, `constructor` or `prototype` anywhere (copied into
//   a plain object, `__proto__` would set its prototype instead of a field),
// - holds the NUL character in a key or a string (PostgreSQL text cannot).
// JSON.parse itself does not recurse (V8), so a file's line is parsed first
// and walked like an object of a GraphQL batch (which the JSON scalar hands
// over as parsed).
import type { FieldProblem } from './problems';

/** The deepest a value may nest, the line itself being level 1. */
export const MAX_DEPTH = 32;

const RESERVED_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** A problem of a parsed line's shape (the first the walk meets), or null. */
export function shapeProblem(line: object): FieldProblem | null {
  // Depth-first, an object's keys before what they hold, with an explicit stack.
  const stack: { value: unknown; path: string[]; depth: number }[] = [{ value: line, path: [], depth: 1 }];
  while (stack.length > 0) {
    const { value, path, depth } = stack.pop()!;
    if (typeof value === 'string') {
      if (value.includes('\u0000')) return { field: fieldName(path), reason: 'must not contain the NUL character (\\u0000)' };
      continue;
    }
    if (typeof value !== 'object' || value === null) continue;
    if (depth > MAX_DEPTH) return { field: path[0] ?? '(line)', reason: `nested deeper than ${MAX_DEPTH} levels` };
    const entries = Array.isArray(value) ? value.map((inner, index) => [String(index), inner] as const) : Object.entries(value);
    const children: typeof stack = [];
    for (const [key, inner] of entries) {
      const innerPath = [...path, key];
      if (!Array.isArray(value)) {
        if (RESERVED_KEYS.has(key)) return { field: fieldName(innerPath), reason: 'is not allowed as a key (__proto__, constructor and prototype are reserved)' };
        if (key.includes('\u0000')) return { field: fieldName(innerPath), reason: 'must not contain the NUL character (\\u0000)' };
      }
      children.push({ value: inner, path: innerPath, depth: depth + 1 });
    }
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
  }
  return null;
}

function fieldName(path: string[]): string {
  return path.length ? path.join('.') : '(line)';
}
