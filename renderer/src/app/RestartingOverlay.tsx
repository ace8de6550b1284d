import { Result, Spin } from 'antd';
import { useEffect, useState } from 'react';

/**
 * Why the screen is covered: the core is restarting (after the first-run setup, or on new
 * settings), or the settings are saved and the program must be restarted by hand.
 */
export type Restarting =
  | { kind: 'restarting'; reason: 'setup' | 'settings' }
  | { kind: 'manual'; configFile: string };

/** After this long without the core coming back, say what to do instead of spinning on. */
const PATIENCE_MS = 30_000;

/**
 * Covers the whole window while the core restarts: nothing on screen can be used meanwhile
 * (calls wait or fail), and everyone signs in again afterwards. App takes it away once the
 * window's facts have been loaded from the restarted core.
 */
export function RestartingOverlay({ restarting }: { restarting: Restarting }) {
  const [slow, setSlow] = useState(false);
  useEffect(() => {
    setSlow(false);
    const timer = setTimeout(() => setSlow(true), PATIENCE_MS);
    return () => clearTimeout(timer);
  }, [restarting]);

  return (
    <div className="restarting-overlay" role="alertdialog" aria-modal="true" aria-labelledby="restarting-title" aria-live="polite">
      {restarting.kind === 'manual' ? (
        <Result
          status="success"
          title={<span id="restarting-title">设置已保存</span>}
          subTitle={
            <>
              设置已写入 <span className="mono">{restarting.configFile}</span>。请关闭并重新启动程序，然后用管理员账号登录。
            </>
          }
        />
      ) : (
        <div className="restarting-panel">
          <Spin size="large" />
          <h1 id="restarting-title" className="restarting-title">
            {restarting.reason === 'setup' ? '正在按新设置启动…' : '程序正在重新启动…'}
          </h1>
          <p className="muted">稍候即可使用；重新启动后请重新登录。</p>
          {slow && <p className="restarting-slow">如长时间停留在此画面，请关闭并重新启动程序。</p>}
        </div>
      )}
    </div>
  );
}
