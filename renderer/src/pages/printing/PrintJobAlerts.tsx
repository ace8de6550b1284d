import { App as AntApp, Button } from 'antd';
import { useEffect, useRef } from 'react';
import { useLocation, useNavigate } from 'react-router';
import type { PrintJob } from '../../../../electron/contract';
import { useCoreEvent, useCounter } from '../../api/hooks';
import { useSession } from '../../app/frame-context';
import { mayCall } from '../../app/role-access';
import { isJobOnScreen, onJobShown } from './jobs-on-screen';
import { isAlarming, jobAdvice, jobStateText, jobTitle } from './print-job-words';
import { pendingJobsSummary } from './pending-jobs-summary';

/** The 打印任务 page's route: where every job is shown with its guidance, so no toast there. */
const JOBS_PATH = '/printing';
const SUMMARY_KEY = 'print-jobs-pending';
/** How long a job's toast waits for a page that shows the job itself (ms). */
const SHOWN_GRACE_MS = 600;

/** What was last said about each job, so a job re-announced unchanged (a retry count) is not toasted again. */
interface Said {
  /** The job as last told (its state and reason), to tell it again when a page stops showing it. */
  job: PrintJob;
}

/**
 * Wherever the clerk is, the moment a print job cannot come out (等待打印机, 未打印, 打印结果不明)
 * a notice says which document and why, with a link to 打印任务; when that job prints after all,
 * the notice goes and a short 已打印 takes its place. Not for a job the page already shows with
 * its guidance (the intake result's panel, the 打印任务 page): the toast would hide it.
 * At sign-in (and when the page loads) the jobs left needing a decision — after a crash and
 * restart, or from an earlier session — are counted in one notice with a button to 打印任务, so
 * they are not left to a small count in the status bar. Mounted once in the frame.
 */
export function PrintJobAlerts() {
  const { notification, message } = AntApp.useApp();
  const navigate = useNavigate();
  const role = useSession().staff?.role;
  const mayOpenJobs = role !== undefined && mayCall(role, 'printing.listJobs');
  const said = useRef(new Map<string, Said>());
  const client = useCounter();
  const { pathname } = useLocation();
  // Only the list itself: a document's preview (/printing/documents/…) shows no job's guidance.
  const onJobsPage = pathname === JOBS_PATH;
  const onJobsPageRef = useRef(onJobsPage);
  onJobsPageRef.current = onJobsPage;
  const staffId = useSession().staff?.id;

  const openJobsButton = (key: string, label = '打开打印任务') =>
    mayOpenJobs ? (
      <Button
        type="primary"
        size="small"
        onClick={() => {
          notification.destroy(key);
          void navigate(JOBS_PATH);
        }}
      >
        {label}
      </Button>
    ) : undefined;

  // Signed in (or the page loaded): say how many jobs wait for a decision, once per session.
  useEffect(() => {
    if (staffId === undefined || !mayOpenJobs) return;
    let live = true;
    client
      .call('printing.listJobs', { states: ['failed', 'unknown'], limit: 500 })
      .then((jobs) => {
        const summary = pendingJobsSummary(jobs);
        if (!live || summary === null || onJobsPageRef.current) return;
        notification.warning({
          key: SUMMARY_KEY,
          title: summary.title,
          description: summary.description,
          duration: 0,
          placement: 'topRight',
          // Below the header: its 退出 / 暂离 stay within reach (the bottom right holds 确认受理).
          style: { marginTop: 40 },
          role: 'alert',
          className: 'print-job-alert print-jobs-pending',
          actions: openJobsButton(SUMMARY_KEY, '去处理（打印任务）'),
        });
      })
      // The status bar still counts them; a failed read is no reason to interrupt the clerk.
      .catch(() => undefined);
    return () => {
      live = false;
      notification.destroy(SUMMARY_KEY);
    };
    // openJobsButton is rebuilt each render; the notice is made once per signed-in clerk.
  }, [client, staffId, mayOpenJobs, notification]);

  // On the 打印任务 page every job is listed with its guidance: the notices would only cover it.
  useEffect(() => {
    if (!onJobsPage) return;
    notification.destroy(SUMMARY_KEY);
    for (const id of said.current.keys()) notification.destroy(`print-job-${id}`);
  }, [onJobsPage, notification]);

  const toast = (job: PrintJob): void => {
    const key = `print-job-${job.id}`;
    notification.warning({
      key,
      title: `${jobTitle(job)}：${jobStateText(job)}`,
      description: jobAdvice(job),
      // Stays until the clerk closes it or the job is settled: the paper did not come out.
      duration: 0,
      placement: 'bottomRight',
      role: 'alert',
      className: 'print-job-alert',
      actions: openJobsButton(key),
    });
  };
  const toastRef = useRef(toast);
  toastRef.current = toast;

  // A page that starts showing a job with its guidance takes over from its toast; when it stops
  // (继续受理下一件) and the job still needs the clerk, the toast comes back.
  useEffect(
    () =>
      onJobShown((caseId, shownNow) => {
        for (const [id, s] of said.current) {
          if (s.job.caseId !== caseId) continue;
          if (shownNow) notification.destroy(`print-job-${id}`);
          else if (!onJobsPageRef.current) toastRef.current(s.job);
        }
      }),
    [notification],
  );

  useCoreEvent('printing.jobChanged', (job: PrintJob) => {
    const key = `print-job-${job.id}`;
    const before = said.current.get(job.id)?.job;
    if (isAlarming(job.state)) {
      if (before && before.state === job.state && before.reason === job.reason) return;
      said.current.set(job.id, { job });
      // A moment's grace: the intake result that shows this very job may still be mounting (a
      // printer that is out of paper answers within milliseconds of the acceptance).
      window.setTimeout(() => {
        const now = said.current.get(job.id)?.job;
        if (now !== job || onJobsPageRef.current || (job.caseId !== null && isJobOnScreen(job.caseId))) return;
        toastRef.current(job);
      }, SHOWN_GRACE_MS);
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
