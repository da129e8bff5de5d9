// What a department is, as data: the shape of one entry of the descriptor
// table (index.ts), the building blocks of its detail fields, and the naming
// scheme that makes the names of its parts from its one name.
import { z } from 'zod';
import type { Prisma } from '../db/client/prisma/client';
import type { Department, Program } from '../db/client/prisma/enums';
import { isoDate, money as moneyValue, oneOf } from '../lib/exchangeValues';

/** What a personal detail reveals (ACCESS.md "Personal data"): reading it needs a purpose and is audited (src/access/sensitivity.ts). */
export type Sensitivity = 'identity' | 'disability' | 'health' | 'income' | 'circumstances';

export interface ProgramSpec {
  /** Household-level programs cover every current member of the household. */
  householdLevel: boolean;
  /** English name, then the policy term. */
  description: string;
}

/** A GraphQL enum made from a Prisma enum, with the same name and description in every subgraph that declares it (the supergraph merges them). */
export interface EnumSpec {
  name: string;
  description: string;
  values: Readonly<Record<string, string>>;
}

/** A detail field's GraphQL type; 'Decimal' is a decimal string with exactly two decimals (String in GraphQL, not Money). */
export type FieldType = 'String' | 'Int' | 'Money' | 'Date' | 'Decimal' | EnumSpec;

/** A detail table row as Prisma returns it. */
export type DetailRow = Record<string, unknown>;

interface FieldBase {
  type: FieldType;
  description: string;
  /** null: readable by every record reader. */
  sensitivity: Sensitivity | null;
  /** The GraphQL field's name when it is not the key. */
  graphqlName?: string;
}

/** Sent in a record's `details` under its key, validated by `validate`, stored in the detail table's column of that name. */
export interface StoredField extends FieldBase {
  kind: 'stored';
  validate: z.ZodType;
}

/** Read only: computed from the stored fields, never sent nor stored. */
export interface ComputedField extends FieldBase {
  kind: 'computed';
  compute: (detail: DetailRow) => unknown;
}

export type DetailField = StoredField | ComputedField;

export interface DepartmentDescriptor {
  /** English name, then the policy term: the Department enum value's description. */
  term: string;
  /** Short code that starts the sourceRecordIds the demo set and the data generator make ("CA-2026-000001"). */
  idPrefix: string;
  /** Every program the department runs, in the order of the Program enum. */
  programs: Partial<Record<Program, ProgramSpec>>;
  /** The GraphQL API's names (never renamed: clients use them). */
  graphql: {
    /** The record type the assistance subgraph defines and the department's subgraph extends. */
    recordType: string;
    /** `Person.<personField>`: the person's records of this department. */
    personField: string;
    /** `Query.<programsQuery>`: the department's program catalogue. */
    programsQuery: string;
  };
  /** Detail fields in GraphQL order; the key is the exchange key and detail column (or, for a computed field, its name). */
  fields: Record<string, DetailField>;
}

interface FieldOptions {
  description: string;
  sensitivity?: Sensitivity;
  graphqlName?: string;
}

const stored = (type: FieldType, validate: z.ZodType, options: FieldOptions): StoredField => ({
  kind: 'stored',
  type,
  validate,
  description: options.description,
  sensitivity: options.sensitivity ?? null,
  ...(options.graphqlName ? { graphqlName: options.graphqlName } : {}),
});

const nonEmptyText = (max: number) =>
  z.string({ error: 'must be a string' }).trim().min(1, { error: 'must not be empty' }).max(max);

const wholeNumber = (min: number, max: number) =>
  z
    .number({ error: `must be a whole number from ${min} to ${max}` })
    .int({ error: `must be a whole number from ${min} to ${max}` })
    .min(min, { error: `must be from ${min} to ${max}` })
    .max(max, { error: `must be from ${min} to ${max}` });

const decimalString = z
  .string({ error: 'must be a decimal string such as "45.50"' })
  .regex(/^\d{1,6}(\.\d{1,2})?$/, { error: 'must be a decimal string with at most 2 decimals, e.g. "45.50"' });

/** The kinds of detail field: each pairs a GraphQL type with the validation of the exchange value. */
export const field = {
  /** Free text, trimmed, 1 to `max` characters. */
  text: (options: FieldOptions, max = 200) => stored('String', nonEmptyText(max), options),
  /** A string of a shape of its own. */
  string: (validate: z.ZodType<string>, options: FieldOptions) => stored('String', validate, options),
  int: (min: number, max: number, options: FieldOptions) => stored('Int', wholeNumber(min, max), options),
  money: (options: FieldOptions) => stored('Money', moneyValue, options),
  /** A decimal string with at most 2 decimals, e.g. "45.50" (NUMERIC(8, 2)). */
  decimal: (options: FieldOptions) => stored('Decimal', decimalString, options),
  date: (options: FieldOptions) => stored('Date', isoDate, options),
  enum: (spec: EnumSpec, options: FieldOptions) =>
    stored(spec, oneOf(Object.values(spec.values) as [string, ...string[]]), options),
  computed: (type: FieldType, compute: (detail: DetailRow) => unknown, options: FieldOptions): ComputedField => ({
    kind: 'computed',
    type,
    compute,
    description: options.description,
    sensitivity: options.sensitivity ?? null,
  }),
};

// One name per department: its Department enum value. Every other name of
// the department's parts is made from it, each in its ecosystem's case:
//   HEALTHCARE_SECURITY             enum value; tokens' and exchange lines' `department`
//   healthcareSecurity              Prisma relation on AssistanceRecord; src/demo/healthcareSecurity.ts;
//                                   src/subgraphs/healthcareSecurity.ts when it has parts of its own
//   HealthcareSecurityRecordDetail  Prisma model of its detail table (its @@map keeps the table's name)
//   healthcare_security             prisma/schema/healthcare_security.prisma
//   healthcare-security             subgraph name; schema/healthcare-security.graphql
// The GraphQL names are the API, which clients depend on, and are written in
// the table instead: five follow the scheme (HealthcareSecurityRecord,
// healthcareSecurityRecords, healthcareSecurityPrograms), two do not
// (DisabilityRecord, CharityGrant).

/** HEALTHCARE_SECURITY → healthcareSecurity */
export type CamelName<S extends string> = S extends `${infer Head}_${infer Tail}`
  ? `${Lowercase<Head>}${Capitalize<CamelName<Tail>>}`
  : Lowercase<S>;

/** HEALTHCARE_SECURITY → healthcare-security */
export type KebabName<S extends string> = S extends `${infer Head}_${infer Tail}` ? `${Lowercase<Head>}-${KebabName<Tail>}` : Lowercase<S>;

export function camelName<D extends Department>(department: D): CamelName<D> {
  return department.toLowerCase().replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase()) as CamelName<D>;
}

export function kebabName<D extends Department>(department: D): KebabName<D> {
  return department.toLowerCase().replaceAll('_', '-') as KebabName<D>;
}

/** AssistanceRecord's relation to a department's detail row. */
export type DetailRelation<D extends Department = Department> = CamelName<D>;
/** The Prisma client's delegate of a department's detail table. */
export type DetailDelegate<D extends Department = Department> = `${CamelName<D>}RecordDetail`;

type Holds<T extends K, K> = T;
/** The Prisma schema follows the scheme: a relation or detail model named otherwise fails to compile here, named in the error. */
export type SchemeHolds = [
  Holds<DetailRelation, keyof Prisma.AssistanceRecordInclude>,
  Holds<DetailDelegate, keyof Prisma.TransactionClient>,
];

export const detailRelation = <D extends Department>(department: D): DetailRelation<D> => camelName(department);
export const detailDelegate = <D extends Department>(department: D): DetailDelegate<D> => `${camelName(department)}RecordDetail`;

/** The GraphQL name of a detail field. */
export const graphqlNameOf = (key: string, detail: DetailField): string => detail.graphqlName ?? key;
