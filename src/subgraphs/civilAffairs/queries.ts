// Civil affairs adds no query of its own beyond `civilAffairsPrograms` (made
// with its record type): its records are read through the assistance view and
// `Person.civilAffairsRecords`.
export {};
