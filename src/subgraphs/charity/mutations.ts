// What a charity writes through GraphQL: its programs and its grants. Each is
// built as an exchange object (EXCHANGE.md) and stored by the same service as
// files and `submitExchangeBatch`, so it gets the same validation and history.
// The organisation always comes from the token, never from the input.
import { GraphQLError } from 'graphql';
import type { CharityProgram } from '../../db/client/prisma/client';
import { ingest } from '../../ingest/service';
import type { Caller } from '../../access/callers';
import { forbidden, userInputError } from '../../lib/errors';
import type { HubContext } from '../../graphql/context';
import { formatDate } from '../../lib/dates';
import { formatMoney } from '../../lib/money';
import { builder } from './builder';
import { forgetCachedReads, grantById, grantOwnedByCaller, programByCode } from './loaders';
import { CharityGrantRef, CharityProgramType, FrequencyEnum, NeedCategoryEnum, RecordStatusEnum } from './types';

const CharityProgramInput = builder.inputType('CharityProgramInput', {
  description: 'A program to register. The organisation is your token\'s `org`.',
  fields: (t) => ({
    code: t.string({ required: true, description: '2-64 upper-case letters, digits or -, e.g. RED-CROSS-SC-2026-EDU.' }),
    name: t.string({ required: true }),
    needCategory: t.field({ type: NeedCategoryEnum, required: true }),
    regionCodes: t.stringList({ required: true, description: 'Region-code prefixes (2, 4 or 6 digits) the program serves.' }),
    budget: t.field({ type: 'Money', required: true }),
    startDate: t.field({ type: 'Date', required: true }),
    endDate: t.field({ type: 'Date', required: false, description: 'Last day (inclusive); omit or null while open-ended.' }),
  }),
});

const CharityProgramUpdateInput = builder.inputType('CharityProgramUpdateInput', {
  description: 'Changes to one of your programs: an omitted field keeps its stored value; `endDate: null` makes it open-ended.',
  fields: (t) => ({
    name: t.string({ required: false }),
    needCategory: t.field({ type: NeedCategoryEnum, required: false }),
    regionCodes: t.stringList({ required: false }),
    budget: t.field({ type: 'Money', required: false }),
    startDate: t.field({ type: 'Date', required: false }),
    endDate: t.field({ type: 'Date', required: false }),
  }),
});

const CharityGrantInput = builder.inputType('CharityGrantInput', {
  description:
    'A grant paid from one of your programs (EXCHANGE.md `record`, program CHARITY_GRANT). Its need category is the program\'s. Sending the same sourceRecordId again updates the grant and keeps the previous version in history.',
  fields: (t) => ({
    sourceRecordId: t.string({ required: true, description: 'Your own id of the grant.' }),
    charityProgramCode: t.string({ required: true, description: 'One of your registered programs.' }),
    beneficiaryIdNumber: t.string({
      required: true,
      description: 'Resident ID number of the person paid; turned into a person key, never stored.',
    }),
    regionCode: t.string({ required: true, description: 'Six-digit code of a registered county.' }),
    amount: t.field({ type: 'Money', required: true, description: 'Per period: per month for MONTHLY, per payment for ONE_OFF.' }),
    frequency: t.field({ type: FrequencyEnum, required: true }),
    startDate: t.field({ type: 'Date', required: true }),
    endDate: t.field({ type: 'Date', required: false, description: 'For ONE_OFF it is the start date; null while ongoing.' }),
    status: t.field({ type: RecordStatusEnum, required: false, defaultValue: 'ACTIVE' }),
    eventRef: t.string({ required: false, description: 'The one event the grant pays for (a hospital bill, a school term, a fire).' }),
    expenseBasis: t.field({ type: 'Money', required: false, description: 'Documented cost of that event.' }),
    purpose: t.string({ required: false, description: 'What the grant pays for.' }),
  }),
});

builder.mutationFields((t) => ({
  registerCharityProgram: t.field({
    type: CharityProgramType,
    description:
      'Register a new program of your organisation. A code already registered, by you or anyone, is refused (choose another code; change your own programs with updateCharityProgram).',
    args: { input: t.arg({ type: CharityProgramInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const org = organisationOf(ctx.caller);
      if (await codeTaken(ctx, input.code)) throw codeCannotBeRegistered(input.code);
      try {
        await store(ctx, { type: 'charityProgram', ...input, organization: org });
      } catch (error) {
        // Registered by another organisation since the check above: ingestion
        // refuses it naming the owner's side; answer as for any taken code.
        if (fieldOf(error) === 'code' && (await codeTaken(ctx, input.code))) throw codeCannotBeRegistered(input.code);
        throw error;
      }
      return reloadProgram(ctx, input.code);
    },
  }),
  updateCharityProgram: t.field({
    type: CharityProgramType,
    description: 'Change one of your programs; the previous version is kept in history.',
    args: {
      code: t.arg.id({ required: true }),
      input: t.arg({ type: CharityProgramUpdateInput, required: true }),
    },
    resolve: async (_root, args, ctx) => {
      const org = organisationOf(ctx.caller);
      const code = String(args.code);
      const stored = await ctx.prisma.charityProgram.findUnique({ where: { code } });
      if (!stored || stored.organization !== org) throw userInputError('code', `${code} is not a registered program of ${org}`);
      // Omitted fields keep their value; an explicit null is passed on for validation (and clears endDate).
      const changes = Object.fromEntries(Object.entries(args.input).filter(([, value]) => value !== undefined));
      await store(ctx, { type: 'charityProgram', ...programLine(stored), ...changes, code, organization: org });
      return reloadProgram(ctx, code);
    },
  }),
  recordCharityGrant: t.field({
    type: CharityGrantRef,
    nullable: true,
    description: `Record a grant paid from one of your programs (or change it: same sourceRecordId). The answer does not carry the beneficiary's masked name (beneficiaryMaskedName is refused in it): read it once the grant is stored, on charityProgram(code) { grants }. Null when the grant was refused, or (stored) when the assistance subgraph cannot answer.`,
    args: { input: t.arg({ type: CharityGrantInput, required: true }) },
    // Nothing here reads the beneficiary before ingestion decides: the checks
    // below concern the caller's own program and grant id only, and whether
    // the ID number is registered is ingestion's to refuse (its problem comes
    // back unchanged, BAD_USER_INPUT naming the field). The answer is the
    // grant as sent and stored, the same for a registered or an unknown ID
    // number; the masked name is refused in it (permissions.ts).
    resolve: async (_root, { input }, ctx) => {
      const org = organisationOf(ctx.caller);
      const program = await ctx.prisma.charityProgram.findUnique({ where: { code: input.charityProgramCode } });
      if (!program || program.organization !== org) {
        throw userInputError('charityProgramCode', `${input.charityProgramCode} is not a registered program of ${org}`);
      }
      // Charities share one key space (CHARITY, sourceRecordId): never overwrite another charity's grant.
      const id = `CHARITY:${input.sourceRecordId}`;
      const existing = await grantById(ctx).load(id);
      if (existing && !(await grantOwnedByCaller(ctx, existing))) {
        throw userInputError('sourceRecordId', `${input.sourceRecordId} is already used by another organisation; choose another id`);
      }
      const { purpose, ...core } = input;
      await store(
        ctx,
        {
          type: 'record',
          department: 'CHARITY',
          program: 'CHARITY_GRANT',
          ...core,
          needCategory: program.needCategory,
          details: purpose === undefined || purpose === null ? {} : { purpose },
        },
        { 'details.purpose': 'purpose' },
      );
      forgetCachedReads(ctx);
      const grant = await grantById(ctx).load(id);
      if (!grant) throw new Error(`grant ${id} was stored but cannot be read back`);
      return grant;
    },
  }),
}));

/** Whether any organisation has registered `code` (its owner is not said). */
async function codeTaken(ctx: HubContext, code: string): Promise<boolean> {
  return (await ctx.prisma.charityProgram.findUnique({ where: { code }, select: { code: true } })) !== null;
}

/**
 * A taken code, whoever holds it: the same words whether it is the caller's
 * own program or another organisation's, so registering cannot tell whose
 * programs exist. It must still say the code cannot be used.
 */
function codeCannotBeRegistered(code: string) {
  return userInputError('code', `${code} cannot be registered: choose another code; change your own programs with updateCharityProgram`);
}

/** The field a BAD_USER_INPUT error names, if any. */
function fieldOf(error: unknown): unknown {
  return error instanceof GraphQLError ? error.extensions.field : undefined;
}

/** A charity writes as its organisation; a CHARITY token without `org` may write nothing. */
function organisationOf(caller: Caller | null): string {
  if (caller?.role !== 'CHARITY') throw forbidden('only charities write charity programs and grants');
  if (!caller.org) throw forbidden('your token names no organisation (claim `org`)');
  return caller.org;
}

/**
 * Stores one exchange object as the caller (ingestion checks it like a line of
 * a file) and turns a rejection into BAD_USER_INPUT naming the first problem,
 * with exchange field names mapped to this API's where they differ.
 */
async function store(ctx: HubContext, object: Record<string, unknown>, fieldNames: Record<string, string> = {}) {
  const caller = ctx.caller!;
  const summary = await ingest(ctx.prisma, [{ position: 0, input: object }], {
    sender: { name: caller.sub, department: 'CHARITY', org: caller.org },
    personKeyPepper: ctx.config.idPepper,
  });
  const problem = summary.rejections[0]?.problems[0];
  if (problem) throw userInputError(fieldNames[problem.field] ?? problem.field, problem.reason);
}

async function reloadProgram(ctx: HubContext, code: string): Promise<CharityProgram> {
  forgetCachedReads(ctx);
  const program = await programByCode(ctx).load(code);
  if (!program) throw new Error(`charity program ${code} was stored but cannot be read back`);
  return program;
}

/** A stored program as the fields of its exchange line. */
function programLine(program: CharityProgram) {
  return {
    name: program.name,
    needCategory: program.needCategory,
    regionCodes: program.regionCodes,
    budget: formatMoney(program.budget),
    startDate: formatDate(program.startDate),
    endDate: program.endDate && formatDate(program.endDate),
  };
}
