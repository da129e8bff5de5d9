// The charity pre-check's question (ACCESS.md): has this person received aid
// for this need category, in this period, from anyone? "Received" follows
// RULES.md's shared definitions: a counting record (not CANCELLED) of any
// department or charity that covers the person (their own, or a
// household-level grant of a household that currently lists them) and whose
// period [startDate, endDate] (inclusive, open end) overlaps [from, to].
import type { Prisma } from '../../db/client/prisma/client';
import type { NeedCategory } from '../../db/client/prisma/enums';
import { toDbDate } from '../../lib/dates';
import { HOUSEHOLD_LEVEL_PROGRAMS } from '../../departments/programs';

export interface PreCheckQuestion {
  personKey: string;
  needCategory: NeedCategory;
  from: string;
  to: string;
}

/**
 * One statement; an unknown person simply has no covering record. `db` is the
 * client or the transaction that counts the question (preCheckLimit.ts).
 */
export async function receivedAid(db: Pick<Prisma.TransactionClient, 'assistanceRecord'>, question: PreCheckQuestion): Promise<boolean> {
  const { personKey, needCategory, from, to } = question;
  const found = await db.assistanceRecord.findFirst({
    where: {
      status: { not: 'CANCELLED' },
      needCategory,
      startDate: { lte: toDbDate(to) },
      AND: [
        { OR: [{ endDate: null }, { endDate: { gte: toDbDate(from) } }] },
        {
          OR: [
            { beneficiaryKey: personKey, program: { notIn: HOUSEHOLD_LEVEL_PROGRAMS } },
            { program: { in: HOUSEHOLD_LEVEL_PROGRAMS }, household: { members: { some: { personKey } } } },
          ],
        },
      ],
    },
    select: { id: true },
  });
  return found !== null;
}
