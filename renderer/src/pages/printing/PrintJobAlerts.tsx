import { App as AntApp, Button } from 'antd';
import { useEffect, useRef } from 'react';
import { useNavigate } from 'react-router';
import type { PrintJob, PrintJobState } from '../../../../electron/contract';
import { useCoreEvent } from '../../api/hooks';
import { useSession } from '../../app/frame-context';
import { mayCall } from '../../app/role-access';
import { isAlarming, jobAdvice, jobStateText, jobTitle } from './print-job-words';

/** What was last said about each job, so a job re-announced unchanged (a retry count) is not toasted again. */
interface Said {
  state: PrintJobState;
  reason: string | null;
}

/**
 * Wherever the clerk is, the moment a print job cannot come out (等待打印机, 未打印, 打印结果不明)
 * a notice says which document and why, with a link to 打印任务; when that job prints after all,
 * the notice goes and a short 已打印 takes its place. Mounted once in the frame.
 */
export function PrintJobAlerts() {
  const { notification, message } = AntApp.useApp();
  const navigate = useNavigate();
  const role = useSession().staff?.role;
  const mayOpenJobs = role !== undefined && mayCall(role, 'printing.listJobs');
  const said = useRef(new Map<string, Said>());

  useCoreEvent('printing.jobChanged', (job: PrintJob) => {
    const key = `print-job-${job.id}`;
    const before = said.current.get(job.id);
    if (isAlarming(job.state)) {
      if (before && before.state === job.state && before.reason === job.reason) return;
      said.current.set(job.id, { state: job.state, reason: job.reason });
      const advice = jobAdvice(job);
      notification.warning({
        key,
        title: `${jobTitle(job)}：${jobStateText(job)}`,
        description: advice,
        // Stays until the clerk closes it or the job is settled: the paper did not come out.
        duration: 0,
        placement: 'bottomRight',
        role: 'alert',
        className: 'print-job-alert',
        actions: mayOpenJobs ? (
          <Button
            type="primary"
            size="small"
            onClick={() => {
              notification.destroy(key);
              void navigate('/printing');
            }}
          >
            打开打印任务
          </Button>
        ) : undefined,
      });
      return;
    }
    if (!before) return;
    said.current.delete(job.id);
    notification.destroy(key);
    if (job.state === 'printed') void message.success(`${jobTitle(job)} 已打印`);
  });

  // Whoever signs in next is not greeted by the previous clerk's printer troubles.
  useEffect(() => {
    const map = said.current;
    return () => {
      for (const id of map.keys()) notification.destroy(`print-job-${id}`);
      map.clear();
    };
  }, [notification]);

  return null;
}
