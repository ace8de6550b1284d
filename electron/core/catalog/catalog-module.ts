import path from 'node:path';
import { IDENTITY_DOCUMENT_LABELS, IDENTITY_DOCUMENT_TYPES } from '../../contract/validation';
import type { CapabilityModule, CoreContext, HandlerSlice } from '../assembly/capability-module';
import { readJsonFile } from '../resources/read-json';
import { loadCatalogFile, loadRejectionReasonsFile, type RejectionReason } from './catalog-file-schema';
import { retireDueCancellations } from './catalog-cancellations';
import { CatalogService } from './catalog-service';
import { catalogIsEmpty, importCatalog } from './catalog-store';

/** The catalog of items this window handles, and the intake's reference lists. */
export interface CatalogModule extends CapabilityModule {
  readonly catalog: CatalogService;
  /** The shipped 不予受理 reasons (`<resourcesDir>/intake/rejection-reasons.json`). */
  readonly rejectionReasons: readonly RejectionReason[];
}

/**
 * `catalog.search`, `catalog.getItem` and `intake.referenceData`. On first start (an empty
 * catalog) the shipped catalog (`<resourcesDir>/catalog/default-catalog.json`) is imported.
 * @throws the loaders' errors for a shipped file that is missing or malformed, SQLite's for a
 *   store that cannot be written (start-up reports both).
 */
export function catalogModule(ctx: CoreContext): CatalogModule {
  const { db, config } = ctx;
  db.transaction(() => {
    const retired = retireDueCancellations(db, ctx.today(), ctx.clock.now().toISOString());
    if (retired.length > 0) ctx.log.info('catalog items cancelled from today', { codes: retired });
    if (!catalogIsEmpty(db)) return;
    const file = path.join(ctx.places.resourcesDir, 'catalog', 'default-catalog.json');
    const result = importCatalog(db, loadCatalogFile(readJsonFile(file)), file, ctx.clock.now().toISOString());
    ctx.log.info('default catalog loaded', { ...result });
  }).immediate();
  const rejectionReasons = loadRejectionReasonsFile(readJsonFile(path.join(ctx.places.resourcesDir, 'intake', 'rejection-reasons.json'))).reasons;
  const catalog = new CatalogService(
    db,
    { departments: config.window.departments, itemCodes: config.window.itemCodes },
    rejectionReasons,
    () => ctx.today(),
  );
  return {
    name: 'catalog',
    catalog,
    rejectionReasons,
    handlers: {
      'catalog.search': (args) => catalog.search(args.query, args.limit),
      'catalog.getItem': (args) => catalog.detail(args.code, args.version),
      'intake.referenceData': () => ({
        rejectionReasons: rejectionReasons.map((r) => ({
          id: r.id,
          text: r.text,
          legalBasis: r.legalBasis ?? null,
          itemTypes: r.itemTypes,
          itemCodes: r.itemCodes ?? null,
        })),
        identityDocumentTypes: IDENTITY_DOCUMENT_TYPES.map((key) => ({ key, label: IDENTITY_DOCUMENT_LABELS[key] })),
      }),
    } satisfies HandlerSlice,
    readsOnDamagedStore: ['catalog.search', 'catalog.getItem', 'intake.referenceData'],
  };
}
