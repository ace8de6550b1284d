import type { DeviceFault, DeviceFaultRecord } from '../../../contract/ratings';
import type { Db } from '../../storage/database';
import { statement } from '../../storage/statements';

/**
 * The latest `limit` device faults kept (`device_faults`, migration 0009), newest first in the
 * order they were stored (each is stored when it is reported, so that is the order they happened
 * at this window).
 */
export function listDeviceFaults(db: Db, limit: number): DeviceFaultRecord[] {
  const rows = statement(db, 'SELECT id, fault, at, device_serial FROM device_faults ORDER BY seq DESC LIMIT ?').all(limit) as Array<{
    id: string;
    fault: DeviceFault;
    at: string;
    device_serial: string | null;
  }>;
  return rows.map((r) => ({ id: r.id, fault: r.fault, at: r.at, deviceSerial: r.device_serial }));
}
