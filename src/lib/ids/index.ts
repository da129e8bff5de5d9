export { checkCharacter, maskIdNumber, parseIdNumber } from './idNumber';
export type { IdNumberResult, ParseIdNumberOptions } from './idNumber';
export { personKey } from './personKey';
