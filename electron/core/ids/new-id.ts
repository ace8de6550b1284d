import { v7 } from 'uuid';

/**
 * UUIDv7: made here, at the moment the record is made, so nothing waits for the network to get
 * an identity; time-ordered, so ids sort the way the records were made.
 */
export function newId(): string {
  return v7();
}
