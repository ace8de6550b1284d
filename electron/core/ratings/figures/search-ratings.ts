import type { z } from 'zod';
import type { Rating, RatingSearchArgs } from '../../../contract/ratings';
import type { Db } from '../../storage/database';
import { statement } from '../../storage/statements';
import { RATING_COLUMNS, RATING_FROM, ratingFromRow, type RatingRow } from './rating-view';

export type RatingSearch = z.output<typeof RatingSearchArgs>;

/**
 * Ratings matching every given filter, newest first (received_at, then storage order), one page
 * of `limit` from `offset`, with the number matching in all. `from` / `to` are hall calendar dates
 * (inclusive) compared with the stored `rated_date` (the hall date of the coin's believed time,
 * migration 0009: a coin queued overnight in the device counts on the day it fell), so a day range is an index range of ratings_by_day, never a time-zone computation per
 * row. `itemCode` goes through the rating's case (a rating without a case has no item).
 * Upheld-appeal ratings are listed like any other, marked `excluded`.
 */
export function searchRatings(db: Db, args: RatingSearch): { ratings: Rating[]; total: number } {
  const where: string[] = [];
  const params: Array<string | number> = [];
  if (args.from !== undefined) {
    where.push('r.rated_date >= ?');
    params.push(args.from);
  }
  if (args.to !== undefined) {
    where.push('r.rated_date <= ?');
    params.push(args.to);
  }
  if (args.satisfactions !== undefined) {
    // An empty list asks for no level at all: nothing matches (not "every level").
    where.push(args.satisfactions.length === 0 ? '0' : `r.satisfaction IN (${args.satisfactions.map(() => '?').join(', ')})`);
    params.push(...args.satisfactions);
  }
  if (args.staffId !== undefined) {
    where.push('r.staff_id = ?');
    params.push(args.staffId.toLowerCase());
  }
  if (args.caseId !== undefined) {
    where.push('r.case_id = ?');
    params.push(args.caseId.toLowerCase());
  }
  if (args.itemCode !== undefined) {
    where.push('c.item_code = ?');
    params.push(args.itemCode);
  }
  const filter = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
  const rows = statement(db, `SELECT ${RATING_COLUMNS} FROM ${RATING_FROM} ${filter} ORDER BY r.received_at DESC, r.seq DESC LIMIT ? OFFSET ?`).all(
    ...params,
    args.limit,
    args.offset,
  ) as RatingRow[];
  const needsCase = args.itemCode !== undefined;
  const total = statement(
    db,
    `SELECT count(*) AS n FROM ratings r ${needsCase ? 'JOIN cases c ON c.id = r.case_id' : ''} ${filter}`,
  ).get(...params) as { n: number };
  return { ratings: rows.map(ratingFromRow), total: total.n };
}
