// Plausible names: common Han surnames weighted roughly by frequency, and Yi
// names (compound clan name + given name) for Liangshan households.
import type { Rng } from './random';
import type { Sex } from './types';

const HAN_SURNAMES: readonly (readonly [string, number])[] = [
  ['王', 10], ['李', 10], ['张', 9], ['刘', 8], ['陈', 7], ['杨', 6], ['黄', 4], ['赵', 4], ['吴', 3], ['周', 3],
  ['徐', 2], ['孙', 2], ['马', 2], ['朱', 2], ['胡', 2], ['郭', 2], ['何', 3], ['罗', 3], ['高', 2], ['林', 2],
  ['谢', 2], ['唐', 2], ['冯', 1], ['邓', 2], ['蒋', 1], ['曾', 2], ['彭', 1], ['肖', 1], ['袁', 1], ['任', 1],
];

const HAN_GIVEN: Readonly<Record<Sex, readonly string[]>> = {
  MALE: [
    '伟', '强', '军', '勇', '杰', '涛', '明', '超', '华', '平', '刚', '辉', '建', '国', '志', '文', '斌', '宇',
    '浩', '鹏', '磊', '俊', '峰', '林', '波', '海', '东', '成', '德', '福', '龙', '永', '家', '子', '轩', '睿',
  ],
  FEMALE: [
    '芳', '娟', '敏', '静', '丽', '艳', '霞', '燕', '玲', '婷', '秀', '英', '兰', '红', '梅', '琴', '雪', '慧',
    '颖', '欣', '怡', '佳', '蓉', '莉', '萍', '桂', '淑', '凤', '琳', '雨', '萱', '诗', '晓', '春',
  ],
};

const YI_SURNAMES: readonly string[] = ['吉克', '阿苏', '曲比', '沙马', '俄木', '阿西', '海来', '马海', '吉吉', '勒格', '俄底', '的日'];

const YI_GIVEN: Readonly<Record<Sex, readonly string[]>> = {
  MALE: ['拉格', '木呷', '石布', '尔古', '伍沙', '子体', '拉哈', '阿牛', '日火', '木乃', '阿各', '拉且'],
  FEMALE: ['阿依', '阿果', '阿呷', '莫色', '阿衣', '日作', '么尔', '阿支', '阿妞', '史莫', '阿嫫', '尔作'],
};

export type NameStyle = 'HAN' | 'YI';

export function pickSurname(rng: Rng, style: NameStyle): string {
  return style === 'YI' ? rng.pick(YI_SURNAMES) : rng.weighted(HAN_SURNAMES);
}

/** Two-character given name; repeated characters (婷婷, 丽丽) happen in real life too. */
export function pickGivenName(rng: Rng, style: NameStyle, sex: Sex): string {
  if (style === 'YI') return rng.pick(YI_GIVEN[sex]);
  const pool = HAN_GIVEN[sex];
  return rng.pick(pool) + rng.pick(pool);
}
