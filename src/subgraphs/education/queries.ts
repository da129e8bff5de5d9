// Education (教育) adds no query of its own beyond `educationPrograms` (made with
// its record type): its records are read through the assistance view and
// `Person.educationRecords`.
export {};
