import { CounterError } from '../../contract/errors';
import type { ItemDetail, ItemSearchHit, ItemSummary } from '../../contract/catalog';
import type { ItemLookup } from '../cases/case-commands';
import type { ItemSnapshot } from '../cases/case-state';
import type { Db } from '../storage/database';
import type { RejectionReason } from './catalog-file-schema';
import { cancelledOn, loadPendingCancellations, type PendingCancellations } from './catalog-cancellations';
import { loadInForceItems, loadItemVersion, type StoredItem } from './catalog-store';
import { reasonsForItem } from './rejection-reasons';
import { buildSearchIndex, searchItems, type ItemSearchIndex } from './item-search';

export interface WindowScope {
  departments: readonly string[];
  itemCodes: readonly string[];
}

export function servesItem(scope: WindowScope, item: { code: string; department: string }): boolean {
  if (scope.departments.length === 0 && scope.itemCodes.length === 0) return true;
  return scope.departments.includes(item.department) || scope.itemCodes.includes(item.code);
}

/** What a snapshot and a summary of an item both say, in the order the stored events keep them. */
function itemHead(stored: StoredItem) {
  const { item } = stored;
  return {
    code: stored.code,
    version: stored.version,
    name: item.name,
    department: item.department,
    itemType: item.itemType,
    caseType: item.caseType,
    legalDays: item.legalDays,
    promisedDays: item.promisedDays,
  };
}

/** The item version as a case records it at 收件 (ItemSnapshot, case-state.ts). */
export function toSnapshot(stored: StoredItem): ItemSnapshot {
  return {
    ...itemHead(stored),
    materials: stored.item.materials.map((m) => ({
      id: m.id,
      name: m.name,
      form: m.form,
      copies: m.copies,
      required: m.required,
      key: m.key,
      note: m.note ?? null,
    })),
  };
}

function toSummary(stored: StoredItem): ItemSummary {
  return { ...itemHead(stored), visits: stored.item.visits, feeDescription: stored.item.fee.description };
}

/**
 * The catalog as this window sees it: the items in force that it handles, searchable as the
 * clerk types. Call reload() after importing a catalog (the upstream's, with sync).
 */
export class CatalogService implements ItemLookup {
  private items: StoredItem[] = [];
  private byCode = new Map<string, StoredItem>();
  private index: ItemSearchIndex = buildSearchIndex([]);
  /** (code, version) rows never change once written, so their snapshots can be kept. */
  private readonly versions = new Map<string, { snapshot: ItemSnapshot; inForce: boolean } | null>();
  /** Cancellations announced upstream for a later hall date (catalog-cancellations.ts). */
  private pending: PendingCancellations = new Map();

  constructor(
    private readonly db: Db,
    private readonly scope: WindowScope,
    /** The stock 不予受理 reasons; each item's detail offers those that apply to it. */
    private readonly rejectionReasons: readonly RejectionReason[] = [],
    /**
     * Today's hall date (YYYY-MM-DD): an item whose announced cancellation date has come is no
     * longer offered, even before the store retires it. Default: no date ever comes.
     */
    private readonly today: () => string = () => '0000-00-00',
  ) {
    this.reload();
  }

  /** Whether the item's announced cancellation has taken effect (catalog-cancellations.ts). */
  private withdrawn(code: string): boolean {
    return this.pending.size > 0 && cancelledOn(this.pending, code, this.today());
  }

  /** Reads the items in force again: after an import, or an item pulled from the upstream (issue 16). */
  reload(): void {
    this.pending = loadPendingCancellations(this.db);
    this.items = loadInForceItems(this.db).filter((s) => servesItem(this.scope, s.item));
    this.byCode = new Map(this.items.map((s) => [s.code, s]));
    this.index = buildSearchIndex(this.items.map((s) => ({ code: s.code, name: s.item.name, department: s.item.department })));
    // In-force flags move on import; the snapshots themselves stay valid.
    this.versions.clear();
  }

  search(query: string, limit: number): ItemSearchHit[] {
    return searchItems(this.index, query, limit).flatMap((hit) => {
      const stored = this.byCode.get(hit.code);
      return stored && !this.withdrawn(stored.code) ? [{ ...toSummary(stored), matchedBy: hit.matchedBy }] : [];
    });
  }

  detail(code: string, version?: number): ItemDetail {
    const stored = version === undefined ? this.inForce(code) : loadItemVersion(this.db, code, version);
    // An older version is shown for a case's sake, but only of an item this window handles.
    if (!stored || !servesItem(this.scope, stored.item)) throw new CounterError('not_found', '事项不存在或本窗口不受理该事项');
    const snapshot = toSnapshot(stored);
    return {
      ...toSummary(stored),
      conditions: stored.item.conditions,
      basis: stored.item.basis,
      feeAmountYuan: stored.item.fee.amountYuan,
      materials: snapshot.materials,
      catalogVersion: stored.catalogVersion,
      rejectionReasons: reasonsForItem(this.rejectionReasons, {
        code: stored.code,
        itemType: stored.item.itemType,
        basis: stored.item.basis,
        name: stored.item.name,
      }),
    };
  }

  inForce(code: string): StoredItem | null {
    const stored = this.byCode.get(code);
    return stored && !this.withdrawn(code) ? stored : null;
  }

  itemVersion(code: string, version: number): { snapshot: ItemSnapshot; inForce: boolean } | null {
    const key = `${code}\u0000${version}`;
    if (!this.versions.has(key)) {
      const stored = loadItemVersion(this.db, code, version);
      this.versions.set(key, stored ? { snapshot: toSnapshot(stored), inForce: stored.inForce } : null);
    }
    const found = this.versions.get(key) ?? null;
    return found && found.inForce && this.withdrawn(code) ? { ...found, inForce: false } : found;
  }

  servedHere(snapshot: ItemSnapshot): boolean {
    return servesItem(this.scope, snapshot);
  }
}
