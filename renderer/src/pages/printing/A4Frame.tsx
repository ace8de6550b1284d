import { useCallback, useMemo, useRef, useState, type Ref } from 'react';
import { withScreenMargins } from './screen-margins';

/** A4 at CSS pixels (96 per inch): 210 × 297 mm. */
const A4_HEIGHT_PX = Math.round((297 / 25.4) * 96);

/**
 * An A4 notice as it was issued: the stored HTML page (its styles are inside it) in a sandboxed
 * frame, 210 mm wide and as tall as its pages. No script of the notice runs (no `allow-scripts`);
 * `allow-same-origin` lets this page print the frame and read its height, `allow-modals` lets
 * Chromium open the print dialog for it.
 */
export function A4Frame({ html, title, frameRef, onKey }: { html: string; title: string; frameRef?: Ref<HTMLIFrameElement>; onKey?: (e: KeyboardEvent) => void }) {
  const own = useRef<HTMLIFrameElement | null>(null);
  const [height, setHeight] = useState(A4_HEIGHT_PX);
  const shown = useMemo(() => withScreenMargins(html), [html]);
  const onKeyRef = useRef(onKey);
  onKeyRef.current = onKey;

  const setRef = useCallback(
    (el: HTMLIFrameElement | null) => {
      own.current = el;
      if (typeof frameRef === 'function') frameRef(el);
      else if (frameRef) frameRef.current = el;
    },
    [frameRef],
  );

  const onLoad = () => {
    const doc = own.current?.contentDocument;
    if (!doc) return;
    // The frame grows to the notice's full length (a long 补正 list runs onto a second page), so
    // the page scrolls, not a box inside it.
    setHeight(Math.max(A4_HEIGHT_PX, doc.documentElement.scrollHeight));
    // A click on the paper puts the keyboard inside the frame: Ctrl+P and Esc must still work.
    doc.addEventListener('keydown', (e) => onKeyRef.current?.(e));
  };

  return (
    <div className="a4-desk">
      <iframe
        ref={setRef}
        className="a4-paper"
        title={title}
        sandbox="allow-same-origin allow-modals"
        srcDoc={shown}
        onLoad={onLoad}
        style={{ height }}
      />
    </div>
  );
}
