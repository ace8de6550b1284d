import type { ReactNode, Ref } from 'react';

interface SectionProps {
  id: string;
  number: number;
  title: string;
  /** Shortcut shown beside the title, e.g. "Alt+2". */
  shortcut?: string;
  extra?: ReactNode;
  children: ReactNode;
  ref?: Ref<HTMLElement>;
}

/** One numbered block of the intake page; the number is the order a clerk fills them in. */
export function Section({ id, number, title, shortcut, extra, children, ref }: SectionProps) {
  return (
    <section className="ik-section" id={id} aria-labelledby={`${id}-title`} ref={ref}>
      <header className="ik-section-head">
        <span className="ik-section-number" aria-hidden="true">
          {number}
        </span>
        <h2 className="ik-section-title" id={`${id}-title`}>
          {title}
        </h2>
        {shortcut ? <kbd className="ik-kbd ik-section-shortcut">{shortcut}</kbd> : null}
        <div className="ik-section-extra">{extra}</div>
      </header>
      <div className="ik-section-body">{children}</div>
    </section>
  );
}

export function Kbd({ children }: { children: ReactNode }) {
  return <kbd className="ik-kbd">{children}</kbd>;
}
