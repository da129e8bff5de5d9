// A detection rule of RULES.md: one SQL statement, run inside the database
// (PGlite or PostgreSQL alike), that returns one row per finding as of a date.
import type { Area, Department, FindingKind, Program } from '../db/client/prisma/enums';

export type RuleId = 'D1' | 'D2' | 'D3' | 'D4' | 'D5' | 'D6' | 'G1' | 'G2' | 'G3' | 'G4' | 'G5' | 'G6' | 'G7' | 'G8';

export interface Rule {
  id: RuleId;
  kind: FindingKind;
  /** RULES.md's name, e.g. EXCLUSIVE_BASIC_LIVING. */
  name: string;
  /**
   * One SELECT with a single parameter, $1 = the as-of date as 'YYYY-MM-DD'
   * (use `$1::date`). It returns the columns of RuleRow, one row per finding,
   * already de-duplicated (A,B and B,A are one row).
   */
  sql: string;
}

/** What a rule's SELECT returns, column by column (snake_case, as in SQL). */
export interface RuleRow {
  person_key: string | null;
  household_source_id: string | null;
  /** The region the finding is filed under. */
  region_code: string;
  /** Every region involved (records, household, person), for region scoping. */
  region_codes: string[];
  area: Area | null;
  /** Evidence records as DEPARTMENT:sourceRecordId, sorted; empty for gaps with no evidence record. */
  records: string[];
  /** Decimal as text with two places ('1560.00'); null for gap findings. */
  overpayment: string | null;
  /** Programs that would close a gap; empty for duplicates. */
  suggested_programs: Program[];
  /** Departments owning the evidence records (duplicates) or the suggested programs (gaps). */
  departments: Department[];
}
