// Pseudonymous person key (EXCHANGE.md "Person key"): departments holding the
// same pepper compute the same key, so the plain number never has to travel.
import { createHmac } from 'node:crypto';

export function personKey(normalizedIdNumber: string, pepper: string): string {
  // Without a pepper the key is a plain hash: the ID space is small enough to enumerate.
  if (pepper.length === 0) throw new RangeError('personKey needs a non-empty pepper');
  // A lower-case x would silently give a second key for the same person.
  if (!/^\d{17}[\dX]$/.test(normalizedIdNumber)) {
    throw new RangeError('personKey needs a normalised 18-character ID number (upper-case X)');
  }
  return createHmac('sha256', pepper).update(normalizedIdNumber, 'utf8').digest('hex');
}
