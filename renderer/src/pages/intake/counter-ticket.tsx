import { useEffect, useState } from 'react';
import type { QueuePanel } from '../../../../electron/contract';
import { useCoreEvent, useQuery } from '../../api/hooks';

/**
 * The words for the ticket at this window's counter (issue 17 §3): `当前号 A005 · 绿色通道` — its
 * number and, when this window serves its letter, the category's name — or null when no ticket is
 * called or being served (or no queue is set up here). A case accepted now records this ticket.
 */
export function counterTicketWords(panel: Pick<QueuePanel, 'current' | 'waiting'> | null | undefined): string | null {
  const current = panel?.current ?? null;
  if (current === null) return null;
  const letter = /^[A-Z]+/.exec(current.number)?.[0] ?? null;
  const name = letter === null ? undefined : panel?.waiting.find((line) => line.letter === letter)?.name;
  return name ? `当前号 ${current.number} · ${name}` : `当前号 ${current.number}`;
}

/**
 * 受理's header line for the ticket at the counter: read once on opening, then kept by
 * `queue.changed` (a press here, at the caller keypad, or the hall's lines read while looked at).
 * Nothing shows with no ticket held; a failed read shows nothing either (the form works without).
 */
export function CounterTicket() {
  const query = useQuery('queue.state', {});
  const [panel, setPanel] = useState<QueuePanel>();
  useEffect(() => {
    if (query.data) setPanel(query.data);
  }, [query.data]);
  useCoreEvent('queue.changed', setPanel);
  const words = counterTicketWords(panel);
  if (words === null) return null;
  return (
    <span className="ik-counter-ticket" role="status" aria-live="polite" data-ticket={panel?.current?.number}>
      {words}
    </span>
  );
}
