import { describe, expect, it } from 'vitest';
import { readClock, utcOffsetMinutes } from '../../../../electron/core/app/clock-reading';

describe('a zone’s offset from UTC', () => {
  it('is in minutes east, half hours and summer time included', () => {
    const winter = new Date('2026-01-15T12:00:00Z');
    const summer = new Date('2026-07-15T12:00:00Z');
    expect(utcOffsetMinutes('Asia/Shanghai', winter)).toBe(480);
    expect(utcOffsetMinutes('UTC', winter)).toBe(0);
    expect(utcOffsetMinutes('Asia/Kolkata', winter)).toBe(330);
    expect(utcOffsetMinutes('America/St_Johns', winter)).toBe(-210);
    expect(utcOffsetMinutes('America/St_Johns', summer)).toBe(-150);
    expect(utcOffsetMinutes('Europe/London', summer)).toBe(60);
  });
});

describe('the clock reading', () => {
  it('differs in date only when the two zones are on different days', () => {
    const late = new Date('2026-03-01T16:30:00Z');
    expect(readClock(late, 'Asia/Shanghai', 'Asia/Urumqi')).toMatchObject({ hallToday: '2026-03-02', pcToday: '2026-03-01', datesDiffer: true });
    expect(readClock(new Date('2026-03-01T15:59:00Z'), 'Asia/Shanghai', 'Asia/Urumqi')).toMatchObject({ hallToday: '2026-03-01', pcToday: '2026-03-01', datesDiffer: false });
  });
});
