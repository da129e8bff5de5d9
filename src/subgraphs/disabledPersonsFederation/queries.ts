// Disabled persons' federation (残联) adds no query of its own beyond
// `disabilityPrograms` (made with its record type): its records are read
// through the assistance view and `Person.disabilityRecords`.
export {};
