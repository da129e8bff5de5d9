// The department table and the names made from it: every program has one
// owner, every department's Prisma file, model and relation follow the naming
// scheme, and the detail schemas take what the table says.
import fs from 'node:fs';
import path from 'node:path';
import { Department, Program } from '../db/client/prisma/enums';
import { DESCRIPTORS, camelName, detailDelegate, detailRelation, kebabName } from './index';
import { DETAILS } from './details';
import { PROGRAMS, programsOf } from './programs';

const departments = Object.values(Department);
const schemaDir = path.join(__dirname, '../../prisma/schema');

test('every program is listed by exactly one department, and the catalogue keeps the Program enum order', () => {
  expect(Object.keys(PROGRAMS)).toEqual(Object.values(Program));
  for (const program of Object.values(Program)) {
    expect(departments.filter((d) => program in DESCRIPTORS[d].programs)).toEqual([PROGRAMS[program].department]);
  }
  expect(departments.flatMap(programsOf).sort()).toEqual([...Object.values(Program)].sort());
});

test.each(departments)('%s: names follow from the enum value', (department) => {
  const camel = camelName(department);
  const pascal = camel[0]!.toUpperCase() + camel.slice(1);
  expect(detailRelation(department)).toBe(camel);
  expect(detailDelegate(department)).toBe(`${camel}RecordDetail`);
  expect(kebabName(department)).toBe(department.toLowerCase().replaceAll('_', '-'));
  const prismaFile = fs.readFileSync(path.join(schemaDir, `${department.toLowerCase()}.prisma`), 'utf8');
  expect(prismaFile).toMatch(new RegExp(`^model ${pascal}RecordDetail \\{`, 'm'));
  const records = fs.readFileSync(path.join(schemaDir, 'records.prisma'), 'utf8');
  expect(records).toMatch(new RegExp(`^\\s+${camel}\\s+${pascal}RecordDetail\\?$`, 'm'));
});

test('details accept the stored fields only: a computed field is never sent', () => {
  expect(Object.keys(DETAILS.HEALTHCARE_SECURITY.schema.shape)).toEqual(['hospitalName', 'billTotal', 'insurancePaid', 'admissionDate', 'dischargeDate']);
  expect(DETAILS.HEALTHCARE_SECURITY.schema.safeParse({ outOfPocket: '1.00' }).success).toBe(false);
  expect(DETAILS.HEALTHCARE_SECURITY.dateFields).toEqual(['admissionDate', 'dischargeDate']);
  expect(DETAILS.HOUSING.decimalFields).toEqual(['floorAreaSqm']);
});
