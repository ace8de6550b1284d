import { describe, expect, it } from 'vitest';
import { createLogger, maskPersonalNumbers } from '../../../../electron/core/logging/logger';

function logged(fields: Record<string, unknown>, message = 'intake'): string {
  const lines: string[] = [];
  createLogger({ write: (line) => lines.push(line) }).info(message, fields);
  return lines.join('\n');
}

describe('logs mask international mobile numbers too', () => {
  it('as stored (E.164) and as typed, in free text', () => {
    const text = maskPersonalNumbers('applicant +85291234567 called; agent gave +1 415 555 2671 and 00853 6612 3456');
    expect(text).not.toMatch(/91234567|5552671|66123456/);
    expect(text).toContain('+852****4567');
    expect(text).toContain('+1******2671');
  });

  it('in fields named as phone numbers and inside messages', () => {
    const line = logged({ mobile: '+85291234567', applicant: { contactPhone: '+886912345678' } }, 'sms to +447911123456 failed');
    expect(line).not.toMatch(/91234567|912345678|7911123456/);
    expect(line).toContain('+852****4567');
  });

  it('leaves times, case numbers and counts alone', () => {
    const text = 'at 2026-11-30T03:41:00.123Z case JQ-12-20261130-0007 took 1000123 ms';
    expect(maskPersonalNumbers(text)).toBe(text);
  });
});
