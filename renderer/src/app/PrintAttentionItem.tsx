/**
 * The status bar's count of print jobs that need the clerk (failed, unknown, waiting for the
 * printer), for the roles that do the window's work (those who may call printing.listJobs).
 * Kept current from `printing.jobChanged`; a click opens the print-jobs page.
 */
import { Tooltip } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { useCounter, useCoreEvent } from '../api/hooks';
import { ATTENTION_STATES, printAttention, type PrintAttention } from '../shared/print-attention';
import { useOnReconnect, useSession } from './frame-context';
import { mayCall } from './role-access';

/** The print-jobs page (helper R's route; /work/notes/R-S-route.md). */
export const PRINT_JOBS_PATH = '/printing';

/** Jobs change in bursts (queued → sending → printed within a second): one read after the burst. */
const RELOAD_DELAY_MS = 250;

function usePrintAttention(enabled: boolean): PrintAttention | null {
  const client = useCounter();
  const [attention, setAttention] = useState<PrintAttention | null>(null);
  const latest = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const load = useCallback(() => {
    if (!enabled) return;
    const ticket = ++latest.current;
    client.call('printing.listJobs', { states: [...ATTENTION_STATES], limit: 500 }).then(
      (jobs) => {
        if (ticket === latest.current) setAttention(printAttention(jobs));
      },
      // Printing unavailable, the session paused or ended: no count rather than a wrong one.
      () => {
        if (ticket === latest.current) setAttention(null);
      },
    );
  }, [client, enabled]);
  useEffect(() => {
    load();
    return () => {
      if (timer.current) clearTimeout(timer.current);
    };
  }, [load]);
  useCoreEvent('printing.jobChanged', () => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(load, RELOAD_DELAY_MS);
  });
  // Events sent while the socket was down are gone: count again.
  useOnReconnect(load);
  return enabled ? attention : null;
}

/** `打印待处理 3`, red when a job needs a decision, amber when jobs only wait; nothing when none. */
export function PrintAttentionItem() {
  const role = useSession().staff?.role;
  const enabled = role !== undefined && mayCall(role, 'printing.listJobs');
  const attention = usePrintAttention(enabled);
  const navigate = useNavigate();
  if (!attention || attention.total === 0) return null;
  const tone = attention.level === 'error' ? 'bad' : 'warn';
  return (
    <Tooltip title={`${attention.words}。点击查看打印任务`} placement="topLeft">
      <button
        type="button"
        className={`status-item status-${tone} status-link print-attention`}
        onClick={() => void navigate(PRINT_JOBS_PATH)}
        aria-label={`打印待处理 ${attention.total} 项：${attention.words}`}
      >
        <span className="status-dot" aria-hidden />
        打印待处理 <span className="status-count">{attention.total}</span>
      </button>
    </Tooltip>
  );
}
