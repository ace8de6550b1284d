import { useLayoutEffect, useRef, useState, type RefObject } from 'react';

/**
 * The width in CSS px of the element `ref` points at, kept current as the window is resized, so
 * the hand-drawn SVG charts draw at their real size (scaling a viewBox would scale their text).
 * `fallback` until the first measurement.
 */
export function useWidth<T extends HTMLElement>(fallback: number): [RefObject<T | null>, number] {
  const ref = useRef<T>(null);
  const [width, setWidth] = useState(fallback);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    setWidth(el.clientWidth || fallback);
    const observer = new ResizeObserver(([entry]) => {
      const w = entry?.contentRect.width;
      if (w) setWidth(Math.floor(w));
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, [fallback]);
  return [ref, width];
}
