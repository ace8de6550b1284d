import type { ServerMigration } from '../migrate';

// Dispenser reports (issue 17): each 取号机 tells the hall server whether its ticket printer can
// print (缺纸 …) when that changes and every 30 s, so the windows' 叫号 page can warn the staff.
// One row per dispenser (hall, device number = its enrolment's window number), overwritten by
// each report; `reported_at` is the server's clock at the report (a silent dispenser shows by it).
export const migration0008: ServerMigration = {
  version: 8,
  name: 'queue-dispensers',
  sql: `
CREATE TABLE queue_dispensers (
  hall text NOT NULL,
  device integer NOT NULL CHECK (device BETWEEN 1 AND 999),
  ready boolean NOT NULL,
  words text NULL,
  reported_at timestamptz NOT NULL,
  PRIMARY KEY (hall, device),
  CHECK (ready = (words IS NULL))
);
`,
};
