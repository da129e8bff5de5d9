// Healthcare security (医保) adds no query of its own beyond
// `healthcareSecurityPrograms` (made with its record type): its records are
// read through the assistance view and `Person.healthcareSecurityRecords`.
export {};
