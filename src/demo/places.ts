// Names that appear in the departments' details: hospitals people in each
// county are admitted to, schools by stage, and the township offices that
// employ public-welfare workers. Real hospital and university names; schools
// are named the way local ones are ("竹篙镇中心小学").
import type { HouseholdCase } from './caseload';
import type { Rng } from './random';
import type { SchoolStage } from './types';

export interface Hospital {
  /** Short code used in the inpatient bill number (eventRef). */
  code: string;
  name: string;
}

const PROVINCIAL: readonly Hospital[] = [
  { code: 'HXYY', name: '四川大学华西医院' },
  { code: 'SSRM', name: '四川省人民医院' },
];
const CHILDREN: readonly Hospital[] = [
  { code: 'HXEY', name: '四川大学华西第二医院' },
  { code: 'CDFE', name: '成都市妇女儿童中心医院' },
];

/** Local hospitals by county: most admissions are local, serious cases go to Chengdu. */
const LOCAL: Readonly<Record<string, readonly Hospital[]>> = {
  '510104': [{ code: 'CDER', name: '成都市第二人民医院' }, { code: 'JJRM', name: '成都市锦江区人民医院' }],
  '510105': [{ code: 'CDSA', name: '成都市第三人民医院' }, { code: 'QYRM', name: '成都市青羊区人民医院' }],
  '510107': [{ code: 'WHRM', name: '成都市武侯区人民医院' }, { code: 'CDSA', name: '成都市第三人民医院' }],
  '510121': [{ code: 'JTYY', name: '金堂县第一人民医院' }, { code: 'JTZY', name: '金堂县中医医院' }],
  '511302': [{ code: 'CBFY', name: '川北医学院附属医院' }, { code: 'NCZX', name: '南充市中心医院' }],
  '511321': [{ code: 'NBRM', name: '南部县人民医院' }, { code: 'NBZY', name: '南部县中医医院' }],
  '513401': [{ code: 'LSYY', name: '凉山彝族自治州第一人民医院' }, { code: 'XCRM', name: '西昌市人民医院' }],
  '513431': [{ code: 'ZJRM', name: '昭觉县人民医院' }, { code: 'LSYY', name: '凉山彝族自治州第一人民医院' }],
};

export function hospitalFor(rng: Rng, regionCode: string, age: number, serious: boolean): Hospital {
  if (serious && age < 18) return rng.pick(CHILDREN);
  if (serious && rng.chance(0.5)) return rng.pick(PROVINCIAL);
  return rng.pick(LOCAL[regionCode] ?? PROVINCIAL);
}

const UNIVERSITIES = ['四川大学', '西南交通大学', '西南石油大学', '四川师范大学', '西华师范大学', '成都大学', '川北医学院', '西昌学院', '成都职业技术学院'];
const NUMERALS = ['第一', '第二', '第三', '第四', '第五', '实验'];

/** "锦江区" → "锦江", "昭觉县" → "昭觉": local secondary schools carry the short name. */
const shortName = (county: string): string => county.replace(/(区|县|市)$/, '');

export function schoolFor(rng: Rng, h: HouseholdCase, stage: SchoolStage): string {
  const county = h.county.name;
  const township = h.household.township;
  const rural = h.household.area === 'RURAL';
  switch (stage) {
    case 'PRESCHOOL':
      return `${township}中心幼儿园`;
    case 'PRIMARY':
      return rural ? `${township}中心小学` : `${county}${rng.pick(NUMERALS)}小学`;
    case 'JUNIOR_SECONDARY':
      return rural ? `${county}${township}初级中学` : `${county}${rng.pick(NUMERALS)}中学`;
    case 'SENIOR_SECONDARY':
      return `四川省${shortName(county)}中学`;
    case 'VOCATIONAL':
      return `${county}职业高级中学`;
    case 'HIGHER':
      return rng.pick(UNIVERSITIES);
  }
}

export const specialSchoolFor = (h: HouseholdCase): string => `${h.county.name}特殊教育学校`;

const URBAN_POSTS = ['社区保洁员', '治安巡逻员', '社区养老服务协理员', '停车秩序管理员', '社区网格协管员'];
const RURAL_POSTS = ['生态护林员', '乡村保洁员', '河道巡查员', '村级公共设施管护员', '地质灾害监测员'];

/** Public-welfare jobs are created by the township (镇/乡人民政府) or street office (街道办事处). */
export function welfareJobFor(rng: Rng, h: HouseholdCase): { employer: string; position: string } {
  const township = h.household.township;
  const urban = township.endsWith('街道');
  return {
    employer: urban ? `${h.county.name}${township}办事处` : `${h.county.name}${township}人民政府`,
    position: rng.pick(urban ? URBAN_POSTS : RURAL_POSTS),
  };
}

export const TRAINING_COURSES = ['中式烹调师', '养老护理员', '家政服务员', '电工', '挖掘机操作', '农村电商', '中式面点师', '育婴员'];
