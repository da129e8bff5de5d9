// Human resources and social security (人社) adds no query of its own beyond
// `humanResourcesPrograms` (made with its record type): its records are read
// through the assistance view and `Person.humanResourcesRecords`.
export {};
