import { describe, expect, it } from 'vitest';
import { SerialPortInfoSchema } from '../../../../electron/contract/settings';
import { describePorts } from '../../../../electron/core/devices/serial-ports';

describe('describePorts', () => {
  it('gives every port its USB description, null where the OS says nothing, sorted by path', () => {
    const listed = [
      { path: 'COM10', manufacturer: 'FTDI', serialNumber: 'A10', vendorId: '0403', productId: '6001' },
      // Windows' binding adds a friendlyName beyond the declared PortInfo.
      { path: 'COM3', manufacturer: 'wch.cn', friendlyName: 'USB-SERIAL CH340 (COM3)', serialNumber: '', vendorId: '1A86', productId: '7523' },
      { path: 'COM1', manufacturer: undefined },
    ];
    const ports = describePorts(listed);

    expect(ports.map((p) => p.path)).toEqual(['COM1', 'COM3', 'COM10']);
    expect(ports[1]).toEqual({
      path: 'COM3',
      manufacturer: 'wch.cn',
      friendlyName: 'USB-SERIAL CH340 (COM3)',
      serialNumber: null,
      vendorId: '1A86',
      productId: '7523',
    });
    expect(ports[0]).toEqual({ path: 'COM1', manufacturer: null, friendlyName: null, serialNumber: null, vendorId: null, productId: null });
    for (const port of ports) expect(SerialPortInfoSchema.parse(port)).toEqual(port);
  });
});
