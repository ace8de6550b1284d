/**
 * What a change of 大厅代码 or 窗口号 means, said before it is saved: both start every case number
 * (`JQ-12-20261123-0007`, electron/core/cases/case-number.ts), so a new case after the restart
 * carries the new ones, and two windows (or halls) with the same pair would hand out the same numbers.
 */
export function numberingNotice(hallCode: string, windowNumber: number): string {
  return `大厅代码/窗口号是办件编号的一部分：重启后新办件编号将以 ${hallCode}-${windowNumber}- 开头；与其他窗口重复会造成编号重复。确认修改？`;
}

/** The settings that make up the start of a case number. */
export interface Numbering {
  hall: { code: string };
  window: { number: number };
}

/** Whether saving `next` over `saved` changes how new case numbers begin. */
export function changesNumbering(saved: Numbering, next: Numbering): boolean {
  return saved.hall.code !== next.hall.code || saved.window.number !== next.window.number;
}
