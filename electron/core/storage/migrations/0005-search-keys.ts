import { NAME_DOT, NAME_DOT_VARIANTS, nameSearchKey, nameTails } from '../../../contract/validation';
import type { Migration } from '../migration';

/**
 * What the case list finds a case by, beyond the columns of `cases` (issue 11 §1):
 * - `case_name_tails`: a name from each part after a 间隔号 on, so `艾尼` finds `阿卜杜·艾尼`;
 * - `case_extra_documents`: identity documents other than the applicant's own (the agent's).
 * Both only get rows for the few cases that need them (see case-search-keys.ts).
 *
 * Cases stored before this version are brought up to the same keys: their search name
 * (`cases.applicant_name`, a search column only) gets its 间隔号 folded to U+00B7 as new names
 * are (U+30FB and U+2027 were stored as typed), and their tails and agents' documents are
 * filled in. The events and the stored states keep the names exactly as they were recorded.
 */
export const migration0005: Migration = {
  version: 5,
  name: 'search-keys',
  up(db) {
    db.exec(`
      -- WITHOUT ROWID: each row is its key; found by prefix (tails) or exactly (numbers).
      -- A tail carries its case's list order (received_date, seq), so the cases found by a part
      -- of their name are listed from this table alone, without a lookup per case.
      CREATE TABLE case_name_tails (
        tail           TEXT    NOT NULL,
        received_date  TEXT    NOT NULL,
        case_seq       INTEGER NOT NULL REFERENCES cases (seq),
        PRIMARY KEY (tail, received_date, case_seq)
      ) STRICT, WITHOUT ROWID;
      -- While the cases are walked in list order, each one's tails are looked up by the case.
      CREATE INDEX case_name_tails_by_case ON case_name_tails (case_seq);

      CREATE TABLE case_extra_documents (
        number    TEXT    NOT NULL,
        case_seq  INTEGER NOT NULL REFERENCES cases (seq),
        PRIMARY KEY (number, case_seq)
      ) STRICT, WITHOUT ROWID;

      -- States are JSON.stringify output, so a case without an agent holds "agent":null; the
      -- byte search skips parsing those (nearly all) at a million cases.
      INSERT OR IGNORE INTO case_extra_documents (number, case_seq)
        SELECT json_extract(state, '$.agent.idNumber'), case_seq FROM case_states
        WHERE instr(state, '"agent":{') > 0 AND json_type(state, '$.agent.idNumber') = 'text';
    `);

    // Only names holding some dot are read into JS: the rest need nothing.
    const dots = [NAME_DOT, ...NAME_DOT_VARIANTS];
    const dotted = db
      .prepare(`SELECT seq, applicant_name, received_date FROM cases WHERE ${dots.map(() => 'instr(applicant_name, ?) > 0').join(' OR ')}`)
      .all(...dots) as Array<{ seq: number; applicant_name: string; received_date: string }>;
    const rename = db.prepare('UPDATE cases SET applicant_name = ? WHERE seq = ?');
    const addTail = db.prepare('INSERT OR IGNORE INTO case_name_tails (tail, received_date, case_seq) VALUES (?, ?, ?)');
    for (const row of dotted) {
      const key = nameSearchKey(row.applicant_name);
      if (key !== row.applicant_name) rename.run(key, row.seq);
      for (const tail of nameTails(key)) addTail.run(tail, row.received_date, row.seq);
    }
  },
};
