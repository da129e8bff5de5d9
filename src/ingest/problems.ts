// Turning validation failures into `field: reason` pairs.
import type { z } from 'zod';
import { FieldError } from '../lib/errors';

export interface FieldProblem {
  field: string;
  reason: string;
}

export function problemsFromZod(error: z.ZodError): FieldProblem[] {
  return error.issues.flatMap((issue) => {
    const field = issue.path.map(String).join('.') || '(object)';
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        field: [...issue.path.map(String), key].join('.'),
        reason: 'unknown field (not in EXCHANGE.md for this type)',
      }));
    }
    if (issue.code === 'invalid_type' && issue.input === undefined) return [{ field, reason: 'is required' }];
    return [{ field, reason: issue.message }];
  });
}

export function problemFromError(error: unknown): FieldProblem | null {
  return error instanceof FieldError ? { field: error.field, reason: error.reason } : null;
}
