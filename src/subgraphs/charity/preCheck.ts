// The charity pre-check (ACCESS.md): before paying, a charity asks whether a
// person has received aid for a need category in a period, from anyone. The
// answer is yes or no and nothing else: no amounts, no departments, no other
// person data, and an unknown person answers exactly like one without aid.
// Each organisation may ask about a bounded number of distinct persons per
// hour (preCheckLimit.ts); the question is counted in the transaction that
// answers it.
import type { NeedCategory } from '../../db/client/prisma/enums';
import { forbidden, userInputError } from '../../lib/errors';
import { parseIdNumber, personKey } from '../../lib/ids';
import { builder } from './builder';
import { receivedAid } from './coverage';
import { countPreCheck, preCheckLimitOf, preCheckLimitReached, type PreCheckCount } from './preCheckLimit';
import { NeedCategoryEnum } from './types';

/** A longer window would turn the yes/no into a history of the person's aid. */
export const MAX_PRE_CHECK_YEARS = 3;

export interface PreCheckAnswer {
  /** Whose aid was asked about: the audit entry is written for this key. */
  personKey: string;
  received: boolean;
}

const AssistancePreCheckType = builder.objectRef<PreCheckAnswer>('AssistancePreCheck').implement({
  description: 'The answer to a charity\'s pre-check: yes or no, nothing more.',
  fields: (t) => ({
    received: t.exposeBoolean('received', {
      description:
        'True when a record of any department or charity that is not CANCELLED, of the asked need category, covers the person (their own, or a household-level grant of a household that currently lists them) on at least one day of the period.',
    }),
  }),
});

builder.queryField('assistancePreCheck', (t) =>
  t.field({
    type: AssistancePreCheckType,
    description: `For charities, before paying: has this person received aid for this need category in [from, to] (inclusive, at most ${MAX_PRE_CHECK_YEARS} years), from anyone? Needs a purpose; every question is audited. Each organisation may ask about a limited number of distinct persons per hour (asking again about one of them is free); over it the answer is an error with code RATE_LIMITED, reason PRE_CHECK_LIMIT and retryAfterSeconds.`,
    args: {
      idNumber: t.arg.string({ required: true, description: 'Resident ID number; turned into a person key, never stored.' }),
      needCategory: t.arg({ type: NeedCategoryEnum, required: true }),
      from: t.arg({ type: 'Date', required: true, description: 'First day of the period (inclusive).' }),
      to: t.arg({ type: 'Date', required: true, description: 'Last day of the period (inclusive).' }),
    },
    resolve: async (_root, args, ctx) => {
      const parsed = parseIdNumber(args.idNumber);
      if (!parsed.ok) throw userInputError('idNumber', parsed.reason);
      checkPeriod(args.from, args.to);
      const org = ctx.caller?.org;
      if (!org) throw forbidden('your token names no organisation (claim `org`)'); // the rule said so already
      const key = personKey(parsed.normalized, ctx.config.idPepper);
      const question = { personKey: key, needCategory: args.needCategory as NeedCategory, from: args.from, to: args.to };
      const limit = preCheckLimitOf(ctx.config);
      // Counted and answered in one transaction: a question is counted only
      // if it is answered, and an answer is never given uncounted.
      const answer = await ctx.prisma.$transaction(
        async (tx): Promise<PreCheckCount & { received?: boolean }> => {
          const count = await countPreCheck(tx, org, key, limit);
          return count.admitted ? { ...count, received: await receivedAid(tx, question) } : count;
        },
        // Questions of one organisation queue on its lock; the embedded database runs one transaction at a time.
        { maxWait: 10_000, timeout: 15_000 },
      );
      // Refused before anything about the person was read: no answer, so no audit entry.
      if (!answer.admitted) throw preCheckLimitReached(limit, answer);
      return { personKey: key, received: answer.received === true };
    },
  }),
);

/** `to` not before `from`, and the window at most MAX_PRE_CHECK_YEARS long. */
export function checkPeriod(from: string, to: string): void {
  if (to < from) throw userInputError('to', `is before from (${to} < ${from})`);
  const latest = addYears(from, MAX_PRE_CHECK_YEARS);
  if (to >= latest) {
    throw userInputError('to', `the period may span at most ${MAX_PRE_CHECK_YEARS} years: from ${from}, to must be before ${latest}`);
  }
}

/** The same calendar day n years later (29 February becomes 1 March). */
function addYears(isoDate: string, years: number): string {
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y + years, m - 1, d)).toISOString().slice(0, 10);
}
