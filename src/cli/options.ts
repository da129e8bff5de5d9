// Option values shared by several commands.
import { InvalidArgumentError } from 'commander';

/** `--regions 5101,5107`: region-code prefixes. */
export function parseRegions(value: string): string[] {
  const prefixes = value.split(',').map((p) => p.trim()).filter(Boolean);
  if (!prefixes.every((p) => /^\d{2,6}$/.test(p))) throw new InvalidArgumentError('region prefixes are 2-6 digits, e.g. 5101,510704');
  return prefixes;
}
