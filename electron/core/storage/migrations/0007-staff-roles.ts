import type { Migration } from '../migration';

/**
 * Staff roles (contract/roles.ts) and PINs set by someone else. Accounts registered before roles
 * existed become `clerk`s: nobody is made an administrator by an upgrade (an IT person makes one
 * with `npm run staff -- set-role --number … --role it_admin`). `pin_change_required` marks a PIN
 * an administrator or a 组长 set (a new account, a reset), which the person must replace at their
 * next sign-in.
 */
export const migration0007: Migration = {
  version: 7,
  name: 'staff-roles',
  up(db) {
    db.exec(`
      ALTER TABLE staff ADD COLUMN role TEXT NOT NULL DEFAULT 'clerk' CHECK (role IN ('clerk', 'lead', 'it_admin'));
      ALTER TABLE staff ADD COLUMN pin_change_required INTEGER NOT NULL DEFAULT 0 CHECK (pin_change_required IN (0, 1));
    `);
  },
};
