import type { DeviceFaultRecord, Rating } from '../../contract/ratings';
import type { Clock } from '../clock';
import type { Logger } from '../logging/logger';
import type { Db } from '../storage/database';
import type { WindowIdentity } from '../window-identity';
import { randomUUID } from 'node:crypto';
import { attribute, coinTime, onDutyLookupAt, staffOnDutyAt } from './attribution';
import type { DeviceFaultEvent, DeviceVote, RatingDeviceSink } from './device/rating-driver';
import { statement } from '../storage/statements';
import { armedSession, markRated, sessionHasRating, sessionOfDeviceId } from './session-store';
import { insertDeviceFault, insertRating, loadRating, REUSED_KEY_MARK, votesUnderKey, type VoteWords } from './vote-store';

/** What the sink is built from. */
export interface VoteSinkDeps {
  db: Db;
  clock: Clock;
  log: Logger;
  window: WindowIdentity;
  /**
   * Opens the follow-up of a 差评 inside the vote's transaction (F's openFollowUp with its
   * context); returns its id, or null for 3–5.
   */
  openFollowUp(db: Db, rating: Pick<Rating, 'id' | 'satisfaction' | 'staffId' | 'receivedAt'>): string | null;
  /** After the commit: what to tell the window (never throws back into the driver). */
  stored(outcome: { rating: Rating; followUpId: string | null; ratedSessionId: string | null }): void;
  faultStored(fault: DeviceFaultRecord): void;
  /**
   * After the commit of a vote whose key the device had already used for another coin (stored
   * under `<key>:dup:<uuid>`): the module tells the status bar (「评价器事件编号重复，请联系厂家」).
   */
  keyReused?(info: { key: string; storedKey: string; deviceSerial: string | null }): void;
}

/** Whether a stored vote is this very vote told again (a redelivery), field by field. */
function sameVote(stored: VoteWords, vote: DeviceVote): boolean {
  return (
    stored.satisfaction === vote.satisfaction &&
    stored.slot === vote.slot &&
    stored.deviceSessionId === vote.deviceSessionId &&
    stored.deviceTime === vote.deviceTime
  );
}

/**
 * The core's side of the rating driver (rating-driver.ts RatingDeviceSink): each vote is
 * committed in ONE transaction — the `ratings` row with its attribution, its `rating.received`
 * event and outbox row, the follow-up of a 差评, the session marked rated — before commitVote
 * returns, so the driver acknowledges only what is on disk (protocols/rating-device.md host
 * rule 1). A key already stored is a no-op: a vote delivered again after a lost ACK, a resend, an
 * unplug or a restart of either side is stored once — when it is the same vote (level, slot,
 * session id, device time). A key already stored for a DIFFERENT coin (a device whose event
 * counter restarted: reflash, board swap) is not a redelivery: the coin is stored under
 * `<key>:dup:<uuid>`, an error logged and `keyReused` told, so no citizen's coin is lost.
 * 一次一评: a coin naming a session that already has its rating is kept as a coin with no
 * session (on_duty / nobody, no case) and logged. A throw means not stored (the driver does
 * not acknowledge; the device delivers it again). What the window is told afterwards cannot
 * undo the commit: its failures are logged.
 */
export function voteSink(deps: VoteSinkDeps): RatingDeviceSink {
  const { db, log } = deps;
  const tell = (what: string, fn: () => void): void => {
    try {
      fn();
    } catch (err) {
      log.error('rating listener failed', { what, error: err instanceof Error ? err.message : String(err) });
    }
  };
  return {
    commitVote(vote: DeviceVote): void {
      const outcome = db
        .transaction(() => {
          const stored = votesUnderKey(db, vote.key);
          if (stored.some((s) => sameVote(s, vote))) return null;
          const voteKey = stored.length === 0 ? vote.key : `${vote.key}${REUSED_KEY_MARK}${randomUUID()}`;
          if (stored.length > 0) log.error('rating device reused an event id for another coin: stored under a new key', { key: vote.key, storedKey: voteKey });
          // v1 names its session (0: none); the legacy bus has none on the wire, so the open one counts.
          const named = vote.deviceSessionId === null ? armedSession(db) : sessionOfDeviceId(db, vote.deviceSessionId);
          // 一次一评: a second coin for one session (the device armed again for it after a lost
          // event, review of issue 15 #1) is nobody's case rating.
          const session = named !== null && !sessionHasRating(db, named.id) ? named : null;
          if (named !== null && session === null) log.warn('coin of a session already rated: kept as a coin with no session', { key: vote.key, sessionId: named.id });
          const ratedAt = coinTime(vote.deviceTime, vote.receivedAt);
          const lookupAt = session ? null : onDutyLookupAt(vote.deviceTime, vote.receivedAt);
          const attribution = attribute(session, lookupAt === null ? null : staffOnDutyAt(db, lookupAt));
          const id = insertRating(db, deps.window, {
            voteKey,
            deviceSessionId: vote.deviceSessionId,
            satisfaction: vote.satisfaction,
            receivedAt: vote.receivedAt,
            ratedAt,
            attribution,
            origin: {
              protocol: vote.protocol,
              deviceSerial: vote.deviceSerial,
              deviceEventId: vote.deviceEventId,
              address: vote.address,
              slot: vote.slot,
              deviceTime: vote.deviceTime,
            },
          });
          const followUpId = deps.openFollowUp(db, { id, satisfaction: vote.satisfaction, staffId: attribution.staffId, receivedAt: vote.receivedAt });
          const rated = session !== null && markRated(db, session.id, id, vote.receivedAt);
          return { id, followUpId, ratedSessionId: rated && session ? session.id : null, reusedKey: voteKey === vote.key ? null : voteKey };
        })
        .immediate();
      if (outcome === null) {
        log.info('rating delivered again, kept once', { key: vote.key });
        return;
      }
      const rating = loadRating(db, outcome.id);
      log.info('rating stored', { ratingId: outcome.id, attribution: rating?.attribution, followUpId: outcome.followUpId });
      const reusedKey = outcome.reusedKey;
      if (reusedKey !== null && deps.keyReused) {
        const keyReused = deps.keyReused;
        tell('rating key reused', () => keyReused({ key: vote.key, storedKey: reusedKey, deviceSerial: vote.deviceSerial }));
      }
      if (rating) tell('ratings.received', () => deps.stored({ rating, followUpId: outcome.followUpId, ratedSessionId: outcome.ratedSessionId }));
    },
    lastBusVoteAt(address: number, score: number): string | null {
      // The latest few rows only (rowid order = commit order): a repeat within the legacy bus's
      // 2 s window is among them on any window, and the lookup stays O(1) on a year of votes.
      const at = statement(
        db,
        `SELECT received_at FROM (SELECT seq, protocol, address, slot, received_at FROM ratings ORDER BY seq DESC LIMIT 20)
          WHERE protocol = 'legacy-bus' AND address = ? AND slot = ? ORDER BY seq DESC LIMIT 1`,
      )
        .pluck()
        .get(address, score) as string | undefined;
      return at ?? null;
    },
    commitFault(fault: DeviceFaultEvent): void {
      const at = coinTime(fault.deviceTime, fault.receivedAt);
      const id = db
        .transaction(() => insertDeviceFault(db, { faultKey: fault.key, fault: fault.fault, at, deviceSerial: fault.deviceSerial, deviceTime: fault.deviceTime }))
        .immediate();
      if (id === null) return;
      log.warn('rating device fault', { fault: fault.fault, deviceSerial: fault.deviceSerial });
      tell('ratings.deviceFault', () => deps.faultStored({ id, fault: fault.fault, at, deviceSerial: fault.deviceSerial }));
    },
  };
}
