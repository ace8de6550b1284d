import type { DeviceFaultRecord, Rating } from '../../contract/ratings';
import type { Clock } from '../clock';
import type { Logger } from '../logging/logger';
import type { Db } from '../storage/database';
import type { WindowIdentity } from '../window-identity';
import { attribute, coinTime, signedInLookupAt, staffSignedInAt } from './attribution';
import type { DeviceFaultEvent, DeviceVote, RatingDeviceSink } from './device/rating-driver';
import { armedSession, markRated, sessionOfDeviceId } from './session-store';
import { insertDeviceFault, insertRating, loadRating, ratingIdOfVote } from './vote-store';

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
}

/**
 * The core's side of the rating driver (rating-driver.ts RatingDeviceSink): each vote is
 * committed in ONE transaction — the `ratings` row with its attribution, its `rating.received`
 * event and outbox row, the follow-up of a 差评, the session marked rated — before commitVote
 * returns, so the driver acknowledges only what is on disk (protocols/rating-device.md host
 * rule 1). A key already stored is a no-op: a vote delivered again after a lost ACK, a resend, an
 * unplug or a restart of either side is stored once. A throw means not stored (the driver does
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
          if (ratingIdOfVote(db, vote.key) !== null) return null;
          // v1 names its session (0: none); the legacy bus has none on the wire, so the open one counts.
          const session = vote.deviceSessionId === null ? armedSession(db) : sessionOfDeviceId(db, vote.deviceSessionId);
          const ratedAt = coinTime(vote.deviceTime, vote.receivedAt);
          const attribution = attribute(session, session ? null : staffSignedInAt(db, signedInLookupAt(ratedAt, vote.receivedAt)));
          const id = insertRating(db, deps.window, {
            voteKey: vote.key,
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
          return { id, followUpId, ratedSessionId: rated && session ? session.id : null };
        })
        .immediate();
      if (outcome === null) {
        log.info('rating delivered again, kept once', { key: vote.key });
        return;
      }
      const rating = loadRating(db, outcome.id);
      log.info('rating stored', { ratingId: outcome.id, attribution: rating?.attribution, followUpId: outcome.followUpId });
      if (rating) tell('ratings.received', () => deps.stored({ rating, followUpId: outcome.followUpId, ratedSessionId: outcome.ratedSessionId }));
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
