// Housing (住建) adds no query of its own beyond `housingPrograms` (made with its
// record type): its records are read through the assistance view,
// `Person.housingRecords` and `Household.housingRecords`.
export {};
