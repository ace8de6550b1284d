import type { Migration } from '../migration';

/**
 * 差评 follow-ups (issue 15; DOMAIN.md, Ratings): the current stage of each 差评's follow-up,
 * the projection of the follow-up events on the rating's own stream (rating.followUpOpened,
 * rating.verified, … rating.appealDecided). Unlike the rating row it may be updated, and only
 * together with the event that moved it (ratings/follow-ups/follow-up-store.ts), version-checked.
 */
export const migration0010: Migration = {
  version: 10,
  name: 'follow-ups',
  up(db) {
    db.exec(`
      -- One per 差评 (rating_id UNIQUE: a vote delivered twice is one rating, so one follow-up).
      -- stage: contract/ratings.ts FOLLOW_UP_STAGES. appealed_from: the stage an appeal was
      -- lodged from, kept after the decision (an appeal is allowed once, and a rejected one goes
      -- back there). due_date: hall calendar date, ratings.followUpWorkingDays working days after
      -- the rating's received_date. verdict: the applicant's view of the remedy at closing
      -- (REMEDY_VERDICTS). excluded: an appeal was upheld, so the rating is left out of 满意率
      -- (the rating row itself is never touched). version: the rating stream's version after the
      -- last follow-up event (the optimistic check of every act). staff_id: the rated staff
      -- member (copied from the rating: who may appeal, who may not act on it).
      -- rectified_at: the first 整改 recorded (办结 needs one).
      CREATE TABLE follow_ups (
        seq            INTEGER PRIMARY KEY,
        id             TEXT    NOT NULL UNIQUE,
        rating_id      TEXT    NOT NULL UNIQUE REFERENCES ratings (id),
        stage          TEXT    NOT NULL CHECK (stage IN ('verifying', 'revisiting', 'rectifying', 'appealing', 'closed')),
        appealed_from  TEXT    CHECK (appealed_from IS NULL OR appealed_from IN ('verifying', 'revisiting', 'rectifying')),
        opened_at      TEXT    NOT NULL,
        due_date       TEXT    NOT NULL CHECK (due_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
        rectified_at   TEXT,
        closed_at      TEXT,
        verdict        TEXT    CHECK (verdict IS NULL OR verdict IN ('satisfied', 'basically_satisfied', 'dissatisfied', 'unreachable')),
        excluded       INTEGER NOT NULL DEFAULT 0 CHECK (excluded IN (0, 1)),
        version        INTEGER NOT NULL CHECK (version >= 1),
        staff_id       TEXT    REFERENCES staff (id),
        CHECK ((stage = 'closed') = (closed_at IS NOT NULL)),
        CHECK (stage <> 'appealing' OR appealed_from IS NOT NULL),
        CHECK (excluded = 0 OR (stage = 'closed' AND appealed_from IS NOT NULL))
      ) STRICT;
      -- The 评价 page: open ones by due date (an overdue one has the earliest dates, so it comes
      -- first with no sort), closed ones latest first.
      CREATE INDEX follow_ups_open_by_due ON follow_ups (due_date, opened_at) WHERE stage <> 'closed';
      CREATE INDEX follow_ups_closed_latest ON follow_ups (closed_at) WHERE stage = 'closed';
    `);
  },
};
