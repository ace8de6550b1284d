import type { ServerMigration } from '../migrate';

// Device roles (issue 17): a hall's enrolled PCs are windows (窗口), dispensers (取号机) or displays
// (叫号屏), and the queue's routes accept each request only from the role it belongs to (a window's
// token may not report as a dispenser, a dispenser's may not call). The role is stated by the
// operator on the one-time code (`enrol --role …`) and copied onto the token the code is spent
// for. NULL on both: a code or token from before this migration (or a code issued without a role,
// whose token then takes the role the device's own config names) — such a token is accepted in
// every role, as all tokens were before, so halls keep working after the upgrade.
export const migration0009: ServerMigration = {
  version: 9,
  name: 'device-roles',
  sql: `
ALTER TABLE enrolment_codes ADD COLUMN role text NULL CHECK (role IN ('window', 'dispenser', 'display'));
ALTER TABLE tokens ADD COLUMN role text NULL CHECK (role IN ('window', 'dispenser', 'display'));
`,
};
