import { describe, expect, it } from 'vitest';
import { crc16Modbus } from '../../../../../electron/core/ratings/protocol/crc16-modbus';

describe('crc16Modbus', () => {
  it('gives the catalogue check value for "123456789" (CRC-16/MODBUS = 0x4B37)', () => {
    expect(crc16Modbus(Buffer.from('123456789', 'ascii'))).toBe(0x4b37);
  });

  it('gives the init value for no bytes', () => {
    expect(crc16Modbus(new Uint8Array(0))).toBe(0xffff);
  });

  it('matches the classic Modbus RTU example (01 03 00 00 00 01 → CRC 84 0A, sent 84 0A)', () => {
    // Read holding register 0 of slave 1: the frame on the wire ends `84 0A` (low byte first).
    expect(crc16Modbus(Uint8Array.from([0x01, 0x03, 0x00, 0x00, 0x00, 0x01]))).toBe(0x0a84);
  });

  it('changes with any single flipped bit', () => {
    const data = Buffer.from('好差评 v1', 'utf8');
    const base = crc16Modbus(data);
    for (let i = 0; i < data.length * 8; i++) {
      const copy = Buffer.from(data);
      copy[i >> 3] = (copy[i >> 3] ?? 0) ^ (1 << (i & 7));
      expect(crc16Modbus(copy)).not.toBe(base);
    }
  });
});
