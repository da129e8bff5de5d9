// What a DCI search answers with (SearchResponse.data.reg_records): the
// hub's persons as SRPerson objects and its households as Group objects, in
// the vocabulary of schema.spdci.org's social extension. They are made from
// what the GraphQL API answered the caller, so they hold exactly what the
// access policy let it see: the person key and the masked ID number, never
// the plain number; a name only when the caller's purpose allows it.

/** The GraphQL selection every person in an answer is read with. */
export const PERSON_FIELDS = `
  personKey maskedIdNumber birthDate sex name deathDate
  disabilityGrade disabilityType employmentStatus schoolStage orphan
  residenceRegion { code name } hukouRegion { code name }
  households { relation household { sourceId } }`;

/** The GraphQL selection every household in an answer is read with. */
export const HOUSEHOLD_FIELDS = `
  sourceId area township memberCount region { code name }
  members { relation person { ${PERSON_FIELDS} } }`;

export const REG_TYPE = 'ns:org:RegistryType:Social';

interface Region {
  code: string;
  name: string;
}

export interface PersonAnswer {
  personKey: string;
  maskedIdNumber: string;
  birthDate: string;
  sex: 'MALE' | 'FEMALE';
  name?: string | null;
  deathDate?: string | null;
  disabilityGrade?: number | null;
  disabilityType?: string | null;
  employmentStatus?: string | null;
  schoolStage?: string | null;
  orphan?: boolean | null;
  residenceRegion?: Region | null;
  hukouRegion?: Region | null;
  households?: Array<{
    relation: string;
    household: { sourceId: string };
  }> | null;
}

export interface HouseholdAnswer {
  sourceId: string;
  area: string;
  township?: string | null;
  memberCount: number;
  region?: Region | null;
  members?: Array<{ relation: string; person: PersonAnswer | null }> | null;
}

const identifier = (type: string, value: string) => ({
  '@type': 'Identifier',
  identifier_type: type,
  identifier_value: value,
});

/** A person as an SRPerson: identified by its person key and masked ID number. */
export function srPerson(person: PersonAnswer) {
  return dropEmpty({
    '@type': 'SRPerson',
    identifier: [identifier('PERSON_KEY', person.personKey), identifier('MASKED_NATIONAL_ID', person.maskedIdNumber)],
    // Chinese names are not split into surname and given name: compound surnames make a split a guess.
    name: person.name ? { '@type': 'Name', name: person.name } : undefined,
    sex: person.sex === 'MALE' ? 'male' : 'female',
    birth_date: person.birthDate,
    death_date: person.deathDate,
    address: place(person.residenceRegion),
    hukou_address: place(person.hukouRegion),
    disability_info: person.disabilityGrade
      ? {
          '@type': 'DisabilityInfo',
          disability_type: person.disabilityType,
          functional_severity: person.disabilityGrade,
        }
      : undefined,
    employment_status: person.employmentStatus,
    education_level: person.schoolStage,
    orphan: person.orphan,
    group_memberships: person.households?.map(({ relation, household }) => ({
      group_identifier: household.sourceId,
      relationship: relation,
    })),
  });
}

/** A household as a Group, its members as Members. */
export function group(household: HouseholdAnswer) {
  return dropEmpty({
    '@type': 'Group',
    group_identifier: [identifier('HOUSEHOLD_ID', household.sourceId)],
    group_type: 'household',
    place: place(household.region),
    township: household.township,
    area: household.area,
    group_size: household.memberCount,
    member_list: household.members?.flatMap(({ relation, person }) =>
      person
        ? [
            {
              '@type': 'Member',
              member_identifier: person.personKey,
              relationship: relation,
              demographic_info: srPerson(person),
            },
          ]
        : [],
    ),
  });
}

const place = (region: Region | null | undefined) =>
  region ? { '@type': 'Address', region_code: region.code, region_name: region.name } : undefined;

function dropEmpty<T extends Record<string, unknown>>(object: T): Partial<T> {
  return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined && value !== null)) as Partial<T>;
}
