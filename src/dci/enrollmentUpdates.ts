// IBR /registry/sync/enrollment/updates: a programme system tells the hub
// whom it enrolled or whose enrollment changed. Each beneficiary is an
// EXCHANGE.md record object (department, sourceRecordId, program,
// beneficiaryIdNumber, amount, …; `type` may be left out), and they are stored
// the way every department's records are: one submitExchangeBatch asked as
// the caller, with its write rules, per-line messages and check at the door.
// Each beneficiary is answered succ or rjct with what was wrong, by field.
import { z } from 'zod';
import { now } from './envelope';
import type { Call, Work } from './router';
import { answered } from './search';
import { parseMessage } from './transactions';

/** The most beneficiaries one message may carry (a batch of submitExchangeBatch). */
const MAX_BENEFICIARIES = 5_000;

const updatesMessage = z.object({
  transaction_id: z.string().min(1).max(99),
  enrolled_updates: z.object({
    beneficiaries: z.array(z.record(z.string(), z.unknown())).min(1).max(MAX_BENEFICIARIES),
  }),
});

const SUBMIT = `mutation DciEnrollmentUpdates($objects: [JSON!]!) {
  submitExchangeBatch(objects: $objects) { rejections { index problems { field reason } } }
}`;

interface Rejection {
  index: number;
  problems: Array<{ field: string; reason: string }>;
}

export function enrollmentUpdates(call: Call): Work {
  const message = parseMessage(updatesMessage, call.envelope.message);
  const beneficiaries = message.enrolled_updates.beneficiaries;
  return async () => {
    // reference_id is the sender's own name for the line, not part of the record.
    const objects = beneficiaries.map(({ reference_id: _reference, ...record }) => ({ type: 'record', ...record }));
    const data = answered(await call.ask(SUBMIT, { objects }));
    const rejections = new Map((data.submitExchangeBatch as { rejections: Rejection[] }).rejections.map((r) => [r.index, r.problems]));
    const answers = beneficiaries.map((beneficiary, index) => {
      const problems = rejections.get(index);
      return {
        reference_id: referenceOf(beneficiary, index),
        timestamp: now(),
        status: problems ? ('rjct' as const) : ('succ' as const),
        ...(problems ? { status_reason_message: problems.map((p) => `${p.field}: ${p.reason}`).join('; ').slice(0, 999) } : {}),
      };
    });
    return {
      message: { transaction_id: message.transaction_id, correlation_id: '', enrolled_response: answers },
      status: answers.every((a) => a.status === 'rjct') ? 'rjct' : 'succ',
      total: answers.length,
      completed: answers.length,
      items: answers,
    };
  };
}

/** The sender's reference_id of a beneficiary, else its record's own id, else its place. */
function referenceOf(beneficiary: Record<string, unknown>, index: number): string {
  const { reference_id, department, sourceRecordId } = beneficiary;
  if (typeof reference_id === 'string' && reference_id) return reference_id.slice(0, 99);
  if (typeof department === 'string' && typeof sourceRecordId === 'string') return `${department}:${sourceRecordId}`.slice(0, 99);
  return `beneficiary-${index + 1}`;
}
