/**
 * A malformed frame or payload on the rating device's wire (protocols/rating-device.md v1, or
 * protocols/legacy-hall-bus.md), or a value that cannot be put on the wire. The message says what
 * was wrong (English: it goes to logs and tests; drivers turn it into Chinese words for the clerk).
 */
export class ProtocolError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProtocolError';
  }
}
