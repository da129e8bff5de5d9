// 2026 payment rates in fen, rounded the way local policies publish them.
// Chengdu pays more than Nanchong and Liangshan for the programs whose rates
// are set by the city; provincial and national rates are the same everywhere.
import type { SchoolStage } from './types';

const inChengdu = (regionCode: string): boolean => regionCode.startsWith('5101');

/** Resident medical insurance contribution 2026 is 400 yuan: 特困/orphans in full, 低保 a fixed 380. */
export const premiumFen = (fullSubsidy: boolean): number => (fullSubsidy ? 40000 : 38000);

/** 重度残疾人护理补贴: grade 1 and 2 only. */
export function nursingFen(regionCode: string, grade: number): number {
  if (inChengdu(regionCode)) return grade === 1 ? 12000 : 10000;
  return grade === 1 ? 10000 : 8000;
}

/** 困难残疾人生活补贴 for disabled people in 低保 households. */
export const livingSubsidyFen = (regionCode: string): number => (inChengdu(regionCode) ? 10000 : 8000);

/** 孤儿/事实无人抚养儿童 scattered-support guarantee per month. */
export const orphanFen = (regionCode: string): number => (inChengdu(regionCode) ? 150000 : 125000);

/** 助学金 per term by stage (preschool aid and compulsory-stage living allowance topped up locally). */
export const EDU_GRANT_FEN: Readonly<Record<SchoolStage, number>> = {
  PRESCHOOL: 75000,
  PRIMARY: 100000,
  JUNIOR_SECONDARY: 125000,
  SENIOR_SECONDARY: 150000,
  VOCATIONAL: 100000,
  HIGHER: 200000,
};
/** 中职免学费 per term. */
export const VOCATIONAL_FEE_WAIVER_FEN = 100000;
/** 送教上门 teacher visits, funded per term. */
export const HOME_TEACHING_FEN = 80000;
/** 勤工助学 monthly pay for an on-campus job. */
export const WORK_STUDY_FEN = 50000;

/** 公益性岗位 monthly pay: urban posts near the minimum wage, rural posts part-time. */
export function welfareJobFen(urban: boolean, pick: (amounts: readonly number[]) => number): number {
  return urban ? pick([160000, 180000, 200000]) : pick([120000, 130000, 150000]);
}

/** 租赁补贴 per m² per month, and 公租房 value (market rent minus the rent paid) per m². */
export const rentalSubsidyPerSqmFen = (regionCode: string): number => (inChengdu(regionCode) ? 1600 : 800);
export const publicRentalPerSqmFen = (regionCode: string): number => (inChengdu(regionCode) ? 1800 : 800);

/** 医疗救助 share of the out-of-pocket cost after insurance, and the yearly cap. */
export const medicalAssistanceShare = (tekun: boolean): number => (tekun ? 1 : 0.7);
export const MEDICAL_ASSISTANCE_CAP_FEN = 6_000_000;
