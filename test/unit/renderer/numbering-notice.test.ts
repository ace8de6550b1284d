import { describe, expect, it } from 'vitest';
import { changesNumbering, numberingNotice } from '../../../renderer/src/pages/settings/numbering-notice';

const saved = { hall: { code: 'JQ' }, window: { number: 12 } };

describe('a save that changes how case numbers begin is told before it is made', () => {
  it('asks only when 大厅代码 or 窗口号 changes', () => {
    expect(changesNumbering(saved, { hall: { code: 'JQ' }, window: { number: 12 } })).toBe(false);
    expect(changesNumbering(saved, { hall: { code: 'JQ' }, window: { number: 13 } })).toBe(true);
    expect(changesNumbering(saved, { hall: { code: 'XH' }, window: { number: 12 } })).toBe(true);
  });

  it('names the new start of the numbers and the risk of duplicates', () => {
    expect(numberingNotice('XH', 3)).toBe(
      '大厅代码/窗口号是办件编号的一部分：重启后新办件编号将以 XH-3- 开头；与其他窗口重复会造成编号重复。确认修改？',
    );
  });
});
