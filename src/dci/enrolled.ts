// IBR /registry/sync/enrolled: is this person enrolled (an ACTIVE record)
// in this programme, or in any programme? Asked through the GraphQL API as
// the caller, so a person the caller may not see is answered like an unknown
// one: "no".
import { z } from 'zod';
import { DciFailure, now } from './envelope';
import type { Call, Work } from './router';
import { answered, Rejection } from './search';
import { parseMessage } from './transactions';

const enrolledMessage = z.object({
  transaction_id: z.string().min(1).max(99),
  enrolled_criteria: z.object({
    query_type: z.string().optional(),
    response_entity: z.string().optional(),
    query: z.record(z.string(), z.unknown()),
  }),
});

const PERSON_KEY = /^[0-9a-f]{64}$/;

const ENROLLED = (by: 'personKey' | 'idNumber') => `query DciEnrolled($value: ${by === 'personKey' ? 'ID' : 'String'}!, $programs: [Program!]) {
  found: ${by === 'personKey' ? 'person(personKey: $value)' : 'personByIdNumber(idNumber: $value)'} {
    assistanceRecords(filter: { programs: $programs, statuses: [ACTIVE] }, first: 1) { totalCount }
  }
}`;

export function enrolled(call: Call): Work {
  const message = parseMessage(enrolledMessage, call.envelope.message);
  const { person, programme } = criteriaOf(message.enrolled_criteria.query);
  return async () => {
    const base = { reference_id: message.transaction_id, timestamp: now() };
    let item;
    try {
      const yes = await isEnrolled(call, person, programme);
      item = {
        ...base,
        status: 'succ' as const,
        enrolled_status: yes ? ('yes' as const) : ('no' as const),
      };
    } catch (error) {
      if (!(error instanceof Rejection)) throw error;
      item = {
        ...base,
        status: 'rjct' as const,
        enrolled_status: 'no' as const,
        status_reason_message: error.message,
      };
    }
    return {
      message: {
        transaction_id: message.transaction_id,
        correlation_id: '',
        enrolled_response: [item],
      },
      status: item.status,
      total: 1,
      completed: 1,
      items: [],
    };
  };
}

/** person_identifier (an ID number or a person key) and, optionally, a programme (`…programme_identifier…`: a Program such as DIBAO). */
function criteriaOf(query: Record<string, unknown>): {
  person: string;
  programme: string | null;
} {
  let person: string | null = null;
  let programme: string | null = null;
  for (const [name, test] of Object.entries(query)) {
    const value = equalTo(name, test);
    if (name === 'person_identifier') person = value;
    else if (/programme?_identifier/.test(name)) programme = value;
    else
      throw new DciFailure(
        'err.request.bad',
        `message.enrolled_criteria.query.${name}: not a criterion here; criteria: person_identifier, programme_identifier`,
      );
  }
  if (!person)
    throw new DciFailure('err.request.bad', 'message.enrolled_criteria.query.person_identifier: required, { "eq": "<ID number or person key>" }');
  return { person, programme };
}

function equalTo(name: string, test: unknown): string {
  if (typeof test === 'string') return test;
  const value = (test as { eq?: unknown; $eq?: unknown } | null)?.eq ?? (test as { $eq?: unknown } | null)?.$eq;
  if (typeof value !== 'string' || !value)
    throw new DciFailure('err.request.bad', `message.enrolled_criteria.query.${name}: must be { "eq": "<value>" }`);
  return value;
}

async function isEnrolled(call: Call, person: string, programme: string | null): Promise<boolean> {
  const by = PERSON_KEY.test(person) ? 'personKey' : 'idNumber';
  const data = answered(
    await call.ask(ENROLLED(by), {
      value: person,
      programs: programme ? [programme.toUpperCase()] : null,
    }),
  );
  const found = data.found as {
    assistanceRecords: { totalCount: number } | null;
  } | null;
  if (!found) return false;
  if (!found.assistanceRecords)
    throw new DciFailure('err.service.unavailable', 'the records of this person cannot be read now (a subgraph is down)', 503);
  return found.assistanceRecords.totalCount > 0;
}
