/**
 * CRC-16/MODBUS (poly 0x8005 reflected = 0xA001, init 0xFFFF, no final XOR), the v1 frame's check
 * (protocols/rating-device.md, Frame). Written by hand because it is ten lines and a dependency for
 * it would weigh more than the code; the catalogue check value ("123456789" → 0x4B37) is tested.
 * @param bytes the bytes covered (v1: VER..PAYLOAD)
 * @returns the 16-bit CRC (sent low byte first on the wire)
 */
export function crc16Modbus(bytes: Uint8Array): number {
  let crc = 0xffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit++) {
      crc = crc & 1 ? (crc >>> 1) ^ 0xa001 : crc >>> 1;
    }
  }
  return crc;
}
