// What a request revealed about whom: noted by the shield as personal
// fields resolve, written as one audit entry per person (or household) when the
// response goes out.

export interface AuditSubject {
  personKey?: string;
  householdSourceId?: string;
}

export class AuditCollector {
  private readonly reads = new Map<string, { subject: AuditSubject; fields: Set<string> }>();

  note(subject: AuditSubject, field: string): void {
    const key = subject.personKey ? `p:${subject.personKey}` : `h:${subject.householdSourceId}`;
    const read = this.reads.get(key) ?? { subject, fields: new Set<string>() };
    read.fields.add(field);
    this.reads.set(key, read);
  }

  /** Everything noted so far, and forget it (so a flush happens once). */
  drain(): { subject: AuditSubject; fields: string[] }[] {
    const all = [...this.reads.values()].map(({ subject, fields }) => ({ subject, fields: [...fields].sort() }));
    this.reads.clear();
    return all;
  }
}

/** Whose details a resolved parent object holds, whatever subgraph shape it has. */
export function subjectOf(parent: unknown): AuditSubject | null {
  const p = parent as Record<string, unknown> | null;
  if (!p) return null;
  if (typeof p.personKey === 'string') return { personKey: p.personKey };
  const record = (p.record ?? p) as Record<string, unknown>;
  if (typeof record.beneficiaryKey === 'string') return { personKey: record.beneficiaryKey };
  if (typeof p.sourceId === 'string') return { householdSourceId: p.sourceId };
  return null;
}
