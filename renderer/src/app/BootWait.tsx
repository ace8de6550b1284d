import { Progress, Spin } from 'antd';
import { useEffect, useState } from 'react';
import { describeStartProgress, type StartProgress } from '../../../electron/contract';
import { useCoreEvent } from '../api/hooks';

/**
 * What the window shows until the core answers: a spinner, and while the database is backed up
 * and upgraded (the core's `app.starting`, at least once a second), how far it is — the step,
 * its percent and a bar — with the seconds spent so far, counted here so the screen moves every
 * second even while one long statement (an index, the foreign-key check) runs.
 */
export function BootWait() {
  const [progress, setProgress] = useState<StartProgress | null>(null);
  const [since, setSince] = useState<number | null>(null);
  const [, setTick] = useState(0);
  useCoreEvent('app.starting', (p) => {
    setProgress(p);
    setSince((s) => s ?? Date.now());
  });
  useEffect(() => {
    if (since === null) return;
    const timer = setInterval(() => setTick((n) => n + 1), 1000);
    return () => clearInterval(timer);
  }, [since]);

  if (progress === null || since === null) {
    return (
      <div className="boot-wait">
        <Spin size="large" />
        <div className="muted">正在连接本机服务…</div>
      </div>
    );
  }
  const seconds = Math.floor((Date.now() - since) / 1000);
  return (
    <div className="boot-wait boot-progress" role="status" aria-live="polite">
      <Spin size="large" />
      <div className="boot-progress-words">{describeStartProgress(progress)}</div>
      <Progress percent={progress.percent} status="active" style={{ width: 420 }} />
      <div className="muted">
        已用时 {Math.floor(seconds / 60)} 分 {seconds % 60} 秒。升级大型数据库可能需要几分钟，请勿关闭程序或电脑；完成后自动进入。
      </div>
    </div>
  );
}
