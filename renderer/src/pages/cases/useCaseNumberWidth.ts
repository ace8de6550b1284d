import { useLayoutEffect, useState, type RefObject } from 'react';

/** Before the first rows are measured: wide enough for `JQ-12-20261123-0007`. */
const DEFAULT_WIDTH = 180;

/**
 * The width (px) the 办件编号 column needs for the longest case number among `numbers`, measured
 * in the table's own monospace font, padding included. A case number is read and compared whole,
 * so it never wraps; a fixed width broke it at its hyphens (JQ-12-20261123- / 0007) once the hall
 * code or the window number was longer than the width assumed, or the font wider.
 */
export function useCaseNumberWidth(container: RefObject<HTMLElement | null>, numbers: readonly string[]): number {
  const [width, setWidth] = useState(DEFAULT_WIDTH);
  // In a monospace font the longest string is the widest.
  const longest = numbers.reduce((a, n) => (n.length > a.length ? n : a), '');
  useLayoutEffect(() => {
    const table = container.current?.querySelector<HTMLElement>('.case-table .ant-table');
    if (!table || longest === '') return;
    const probe = document.createElement('span');
    probe.className = 'mono nowrap';
    probe.style.cssText = 'position:absolute;visibility:hidden;left:0;top:0;pointer-events:none';
    probe.textContent = longest;
    table.appendChild(probe);
    const text = probe.getBoundingClientRect().width;
    probe.remove();
    const cell = table.querySelector<HTMLElement>('tbody td');
    const style = cell ? getComputedStyle(cell) : null;
    const padding = style ? parseFloat(style.paddingLeft) + parseFloat(style.paddingRight) + parseFloat(style.borderRightWidth || '0') : 16;
    // +2: sub-pixel rounding of the text and the column must not add up to a wrap.
    setWidth(Math.max(DEFAULT_WIDTH, Math.ceil(text + padding + 2)));
  }, [container, longest]);
  return width;
}
