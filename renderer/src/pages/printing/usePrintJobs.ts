import { useCallback, useEffect, useRef, useState } from 'react';
import type { MethodArgs, PrintJob } from '../../../../electron/contract';
import { useCoreEvent, useCounter } from '../../api/hooks';
import { useOnReconnect } from '../../app/frame-context';
import { withJob } from './print-job-words';

export interface LiveJobs {
  jobs: PrintJob[];
  /** The first answer has come (or failed). */
  loaded: boolean;
  error: unknown;
  reload: () => void;
  /** Puts a job the page just got from the core (a retry's or reprint's answer) into the list. */
  put: (job: PrintJob) => void;
}

/**
 * Print jobs as `printing.listJobs` gives them for `args`, kept live from `printing.jobChanged`
 * (a job that `belongs` adds itself or replaces its older state), and read again when the event
 * socket comes back, since events sent while it was down are lost. `args` null: nothing asked.
 */
export function usePrintJobs(args: MethodArgs<'printing.listJobs'> | null, belongs: (job: PrintJob) => boolean): LiveJobs {
  const client = useCounter();
  const [jobs, setJobs] = useState<PrintJob[]>([]);
  const [loaded, setLoaded] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [generation, setGeneration] = useState(0);
  const key = args === null ? null : JSON.stringify(args);
  const belongsRef = useRef(belongs);
  belongsRef.current = belongs;
  const listedKey = useRef<string | null>(null);

  useEffect(() => {
    if (key === null) return;
    // Another filter is another list: nothing of the previous one carries over.
    if (listedKey.current !== key) {
      listedKey.current = key;
      setJobs([]);
      setLoaded(false);
    }
    let live = true;
    client.call('printing.listJobs', JSON.parse(key) as MethodArgs<'printing.listJobs'>).then(
      (list) => {
        if (!live) return;
        // Events that came while the list was on its way are newer than it: keep them.
        setJobs((seen) => seen.reduce((acc, j) => withJob(acc, j), list));
        setError(null);
        setLoaded(true);
      },
      (err: unknown) => {
        if (!live) return;
        setError(err);
        setLoaded(true);
      },
    );
    return () => {
      live = false;
    };
  }, [client, key, generation]);

  useCoreEvent('printing.jobChanged', (job) => {
    if (belongsRef.current(job)) setJobs((list) => withJob(list, job));
  });
  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  useOnReconnect(reload);
  const put = useCallback((job: PrintJob) => setJobs((list) => withJob(list, job)), []);
  return { jobs, loaded, error, reload, put };
}
