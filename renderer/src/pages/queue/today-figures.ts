import { minutesOf, type WindowFigures } from '../../../../electron/contract';

/**
 * The window's line of today's figures on its 叫号 panel (issue 17, capability 6):
 * "今日已办 3 件 · 平均等候 12 分 · 平均办理 7 分 · 过号 1" (means in whole minutes, "—" with nothing
 * served yet); null when the figures are not known (the panel shows no line).
 */
export function todayFiguresWords(figures: WindowFigures | null | undefined): string | null {
  if (!figures) return null;
  const minutes = (ms: number | null) => (ms === null ? '—' : `${minutesOf(ms)} 分`);
  return `今日已办 ${figures.served} 件 · 平均等候 ${minutes(figures.averageWaitMs)} · 平均办理 ${minutes(figures.averageServiceMs)} · 过号 ${figures.noShows}`;
}
