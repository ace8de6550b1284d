import type { CatalogChoices } from '../../contract/settings';
import type { Db } from '../storage/database';
import { statement } from '../storage/statements';

/**
 * What a window may be set to serve (CatalogChoices): the departments of the catalog's items in
 * force, and those items (code, name, department), by department then code. Cancelled and
 * superseded versions are not offered: a window cannot serve what is no longer handled.
 */
export function catalogChoices(db: Db): CatalogChoices {
  const items = statement(db, 'SELECT code, name, department FROM catalog_items WHERE in_force = 1 ORDER BY department, code').all() as Array<{
    code: string;
    name: string;
    department: string;
  }>;
  return { departments: [...new Set(items.map((i) => i.department))], items };
}
