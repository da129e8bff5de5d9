import { recordEnums } from '../../graphql/recordEnums';
import { builder } from './builder';

export const { DepartmentEnum, ProgramEnum, FrequencyEnum, RecordStatusEnum, NeedCategoryEnum } = recordEnums(builder);
