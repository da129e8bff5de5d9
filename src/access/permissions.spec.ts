// The permission table is data; docs/access.md shows it as it is in the code.
import fs from 'node:fs';
import path from 'node:path';
import type { Caller } from './callers';
import { CAPABILITY_NAMES, can, permissionTableMarkdown, rolesWith } from './permissions';

const caller = (role: Caller['role']): Caller => ({ sub: 's', role, department: null, regions: ['51'], org: null, purpose: 'p' });

test('docs/access.md prints the permission table exactly as the code holds it', () => {
  const docs = fs.readFileSync(path.join(__dirname, '../../docs/access.md'), 'utf8');
  expect(docs).toContain(permissionTableMarkdown());
});

test('deny by default: no capability for an anonymous caller, and every capability is held by some role', () => {
  for (const name of CAPABILITY_NAMES) {
    expect(can(null, name)).toBe(false);
    expect(rolesWith(name).length).toBeGreaterThan(0);
  }
});

test('the table says what ACCESS.md says of its corners: charities read no registry, auditors write nothing, only ADMIN administers', () => {
  expect(can(caller('CHARITY'), 'readRegistry')).toBe(false);
  expect(CAPABILITY_NAMES.filter((name) => /^(send|write|review|open|answer|close|administer)/.test(name) && can(caller('AUDITOR'), name))).toEqual([]);
  expect(rolesWith('administer')).toEqual(['ADMIN']);
  expect(rolesWith('preCheckAssistance')).toEqual(['CHARITY']);
});
