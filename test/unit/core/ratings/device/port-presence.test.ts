import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { portIdentity, portPresence } from '../../../../../electron/core/ratings/device/port-finder';
import { makeTempDir } from '../../../../support/temp-dirs';

const noLister = async () => {
  throw new Error('not asked for a device-file path');
};

describe('port presence by the identity of what was opened', () => {
  it('calls a link re-pointed at another node "replaced", a missing one "gone", the same one "present"', async () => {
    const dir = makeTempDir('port-presence');
    const first = path.join(dir, 'pts-3');
    const second = path.join(dir, 'pts-4');
    fs.writeFileSync(first, '');
    fs.writeFileSync(second, '');
    const link = path.join(dir, 'ttyUSB-by-id');
    fs.symlinkSync(first, link);
    const opened = portIdentity(link);
    expect(opened).not.toBeNull();
    expect(await portPresence(link, opened, noLister)).toBe('present');

    // Unplugged and plugged in again between two checks: the name is there, the node is another.
    fs.renameSync(link, `${link}.old`);
    fs.symlinkSync(second, link);
    expect(await portPresence(link, opened, noLister)).toBe('replaced');

    fs.rmSync(link);
    expect(await portPresence(link, opened, noLister)).toBe('gone');
    // Without an identity to compare: existence alone.
    fs.symlinkSync(second, link);
    expect(await portPresence(link, null, noLister)).toBe('present');
  });

  it('asks the lister for a COM port, and counts it present when the lister fails', async () => {
    expect(portIdentity('COM3')).toBeNull();
    expect(await portPresence('COM3', null, async () => [{ path: 'COM3' }])).toBe('present');
    expect(await portPresence('COM3', null, async () => [{ path: 'COM4' }])).toBe('gone');
    expect(await portPresence('COM3', null, noLister)).toBe('present');
  });

  it('bounds a listing that never answers: the COM port counts as present within the bound', async () => {
    const at = performance.now();
    expect(await portPresence('COM3', null, () => new Promise(() => undefined), 100)).toBe('present');
    expect(performance.now() - at).toBeLessThan(1000);
  });
});
