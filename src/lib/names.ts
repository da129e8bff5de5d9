// Names shown to callers who may not see them in full (ACCESS.md: a charity
// sees its grantees' names masked, 张*).

/**
 * The first character, then one `*` for every other character: 张三 → 张*,
 * 欧阳娜娜 → 欧***. Counted in code points, so a name outside the Basic
 * Multilingual Plane is not split in half.
 */
export function maskName(name: string): string {
  const [first, ...rest] = [...name.trim()];
  return first === undefined ? '' : first + '*'.repeat(rest.length);
}
