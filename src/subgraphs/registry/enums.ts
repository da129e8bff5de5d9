// Registry enums, straight from the Prisma schema so the two never disagree.
import {
  DisabilityType,
  EmploymentStatus,
  Relation,
  RegionLevel,
  SchoolStage,
  Sex,
  StandardProgram,
} from '../../db/client/prisma/enums';
import { areaEnum } from '../../graphql/recordEnums';
import { builder } from './builder';

export const RegionLevelEnum = builder.enumType(RegionLevel, {
  name: 'RegionLevel',
  description: 'Level of an administrative division (GB/T 2260).',
});
export const AreaEnum = areaEnum(builder);
export const StandardProgramEnum = builder.enumType(StandardProgram, {
  name: 'StandardProgram',
  description: 'Program a standard applies to: DIBAO (最低生活保障) or TEKUN (特困人员基本生活标准).',
});
export const SexEnum = builder.enumType(Sex, { name: 'Sex', description: 'Sex, derived from the ID number.' });
export const RelationEnum = builder.enumType(Relation, {
  name: 'Relation',
  description: 'Relation of a member to the head of the household.',
});
export const DisabilityTypeEnum = builder.enumType(DisabilityType, {
  name: 'DisabilityType',
  description: 'Type of disability on the disability certificate (残疾人证).',
});
export const EmploymentStatusEnum = builder.enumType(EmploymentStatus, {
  name: 'EmploymentStatus',
  description: 'Employment status as known to the registry.',
});
export const SchoolStageEnum = builder.enumType(SchoolStage, {
  name: 'SchoolStage',
  description: 'Stage of schooling a person is enrolled in.',
});
