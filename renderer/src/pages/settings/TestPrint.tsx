/**
 * 测试打印 for one printer on the 设置 page (printing.testPrint, administrator): prints the test
 * page (the printer's state, the column ruler, the rare characters of the app's own font) on the
 * printer as saved, and follows the job live (`printing.jobChanged`) beside the printer's state
 * now (app.health: 缺纸, 纸将尽, 上盖打开, 脱机 by name).
 */
import { Button, Tag } from 'antd';
import { useCallback, useRef, useState } from 'react';
import type { PrintJob, PrintJobState, PrinterId } from '../../../../electron/contract';
import { useCounter, useCoreEvent } from '../../api/hooks';
import { useHealth } from '../../app/frame-context';
import { errorMessage } from '../../shared/call-error';
import { DEVICE_STATE_COLORS, DEVICE_STATE_LABELS, printerConditionLevel, printerConditionWords } from '../../shared/health-labels';
import { jobStateText } from '../printing/print-job-words';
import { laterReport as later, testPrintBlocked } from './test-print-model';

const JOB_COLORS: Record<PrintJobState, 'default' | 'processing' | 'success' | 'warning' | 'error'> = {
  queued: 'processing',
  waiting: 'warning',
  sending: 'processing',
  printed: 'success',
  failed: 'error',
  unknown: 'error',
  discarded: 'default',
};

export interface TestPrintProps {
  printer: PrinterId;
  /** The saved settings have this printer (the test page goes to the printer as saved). */
  configured: boolean;
  /** The form holds changes to this printer that are not saved yet. */
  edited: boolean;
  /** Saved as a 系统打印机 (the OS queue): no paper or cover status to show. */
  systemQueue: boolean;
}

/**
 * 测试打印 and what follows it, under one printer's fields: disabled with the reason while the
 * printer is not saved or edited since (the page goes to the printer as saved); the printer's
 * state (its condition by name when it reports one); the test job's state, live.
 */
export function TestPrint({ printer, configured, edited, systemQueue }: TestPrintProps) {
  const client = useCounter();
  const health = useHealth();
  const device = health.devices.find((d) => d.id === printer);
  const [job, setJob] = useState<PrintJob | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // Events of jobs of this printer seen meanwhile, so the call's answer never shows an older state.
  const seen = useRef(new Map<string, PrintJob>());

  useCoreEvent('printing.jobChanged', (changed) => {
    if (changed.printer !== printer || changed.documentKind !== 'testPage') return;
    seen.current.set(changed.id, later(changed, seen.current.get(changed.id)));
    setJob((current) => (current && current.id === changed.id ? later(current, changed) : current));
  });

  const blocked = testPrintBlocked(configured, edited);
  const print = useCallback(async () => {
    setBusy(true);
    setError(null);
    try {
      const answer = await client.call('printing.testPrint', { printer });
      setJob(later(answer, seen.current.get(answer.id)));
    } catch (err: unknown) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }, [client, printer]);

  const words = printerConditionWords(device?.condition);
  const level = printerConditionLevel(device?.condition);
  return (
    <div className="test-print" data-printer={printer}>
      <Button onClick={() => void print()} loading={busy} disabled={blocked !== null}>
        测试打印
      </Button>
      {blocked && <span className="muted test-print-blocked">{blocked}</span>}
      {configured && device && (
        <span className="test-print-printer">
          打印机：
          {/* A condition (缺纸 …) says what to do; the state beside it (故障) would only alarm. */}
          {words.length === 0 ? (
            <Tag color={DEVICE_STATE_COLORS[device.state]}>{DEVICE_STATE_LABELS[device.state]}</Tag>
          ) : (
            words.map((w) => (
              <Tag key={w} color={level === 'warning' ? 'warning' : 'error'}>
                {w}
              </Tag>
            ))
          )}
          {systemQueue && <span className="muted">系统打印机无法读取缺纸等状态</span>}
        </span>
      )}
      <span className="test-print-job" role="status" aria-live="polite">
        {job && (
          <>
            测试页：<Tag color={JOB_COLORS[job.state]}>{jobStateText(job)}</Tag>
          </>
        )}
        {error && <span className="test-print-error">{`测试打印失败：${error}`}</span>}
      </span>
    </div>
  );
}
