// A small slice of Sichuan with real GB/T 2260 codes and names, and for each
// county the townships households are spread over. Urban districts have only
// 街道; counties are mostly rural (镇/乡) around a county-seat 街道.
import type { RegionObject } from './types';

export interface CountyProfile {
  code: string;
  name: string;
  cityCode: string;
  /** Share of households registered as URBAN. */
  urbanShare: number;
  /** Relative number of demo households. */
  weight: number;
  urbanTownships: readonly string[];
  ruralTownships: readonly string[];
  /** Share of households with Yi names (Liangshan). */
  yiShare: number;
}

export const PROVINCE: RegionObject = { type: 'region', code: '510000', name: '四川省', parentCode: null, level: 'PROVINCE' };

export const CITIES: readonly RegionObject[] = [
  { type: 'region', code: '510100', name: '成都市', parentCode: '510000', level: 'CITY' },
  { type: 'region', code: '511300', name: '南充市', parentCode: '510000', level: 'CITY' },
  { type: 'region', code: '513400', name: '凉山彝族自治州', parentCode: '510000', level: 'CITY' },
];

export const COUNTIES: readonly CountyProfile[] = [
  {
    code: '510104', name: '锦江区', cityCode: '510100', urbanShare: 1, weight: 30, yiShare: 0,
    urbanTownships: ['春熙路街道', '书院街街道', '合江亭街道', '牛市口街道', '狮子山街道', '成龙路街道'],
    ruralTownships: [],
  },
  {
    code: '510105', name: '青羊区', cityCode: '510100', urbanShare: 1, weight: 30, yiShare: 0,
    urbanTownships: ['少城街道', '草堂街道', '府南街道', '光华街道', '金沙街道', '黄田坝街道'],
    ruralTownships: [],
  },
  {
    code: '510107', name: '武侯区', cityCode: '510100', urbanShare: 1, weight: 35, yiShare: 0,
    urbanTownships: ['浆洗街街道', '玉林街道', '火车南站街道', '簇桥街道', '机投桥街道'],
    ruralTownships: [],
  },
  {
    code: '510121', name: '金堂县', cityCode: '510100', urbanShare: 0.35, weight: 45, yiShare: 0,
    urbanTownships: ['赵镇街道', '官仓街道', '淮口街道'],
    ruralTownships: ['竹篙镇', '转龙镇', '土桥镇', '五凤镇', '三溪镇'],
  },
  {
    code: '511302', name: '顺庆区', cityCode: '511300', urbanShare: 0.75, weight: 35, yiShare: 0,
    urbanTownships: ['中城街道', '北城街道', '西城街道', '东南街道'],
    ruralTownships: ['芦溪镇', '李家镇', '双桥镇', '共兴镇'],
  },
  {
    code: '511321', name: '南部县', cityCode: '511300', urbanShare: 0.3, weight: 50, yiShare: 0,
    urbanTownships: ['南隆街道', '河东街道'],
    ruralTownships: ['东坝镇', '建兴镇', '升钟镇', '大桥镇', '八尔湖镇'],
  },
  {
    code: '513401', name: '西昌市', cityCode: '513400', urbanShare: 0.6, weight: 35, yiShare: 0.25,
    urbanTownships: ['长安街道', '北城街道', '西城街道', '新村街道'],
    ruralTownships: ['礼州镇', '安宁镇', '川兴镇', '佑君镇'],
  },
  {
    code: '513431', name: '昭觉县', cityCode: '513400', urbanShare: 0.15, weight: 40, yiShare: 0.85,
    urbanTownships: ['新城街道'],
    ruralTownships: ['竹核镇', '四开镇', '解放乡', '三岔河乡', '支尔莫乡'],
  },
];

export const COUNTY_REGIONS: readonly RegionObject[] = COUNTIES.map((county) => ({
  type: 'region',
  code: county.code,
  name: county.name,
  parentCode: county.cityCode,
  level: 'COUNTY',
}));

/** Parents before children, so the list imports in order. */
export const DEMO_REGIONS: readonly RegionObject[] = [PROVINCE, ...CITIES, ...COUNTY_REGIONS];
