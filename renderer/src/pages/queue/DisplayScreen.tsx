import { useEffect, useRef, useState } from 'react';
import { Clock } from '../../app/Clock';
import { callSentence } from './announcements';
import type { CallSource, SourceStatus } from './call-sources';
import { EMPTY_BOARD, featuredCall, foldCalls, type DisplayBoard } from './display-board';
import { browserSpeaker, type Speaker, type SpeakerState } from './speaker';
import './display.css';

const QUIET: SpeakerState = { speaking: null, waiting: 0, blocked: false, noChineseVoice: false };

/**
 * The hall screen (大厅显示屏, 1920×1080): the call being announced (else the latest) in large
 * type, each window's last call, the calls before; every call spoken in order (speaker.ts).
 * It never needs a reload: the source reconnects by itself and the screen says 连接中断，正在重连
 * meanwhile, keeping what it showed. One screen for both sources (call-sources.ts).
 *
 * `speaker` is for tests; by default the browser's speech synthesis (none: the screen stays silent).
 */
export function DisplayScreen({
  source,
  title,
  timeZone,
  speaker: givenSpeaker,
}: {
  source: CallSource;
  /** The hall's name, or 叫号信息 when the source does not know it. */
  title: string;
  /** The hall's time zone for the clock; the browser's when not known. */
  timeZone?: string;
  speaker?: Speaker | null;
}) {
  const [board, setBoard] = useState<DisplayBoard>(EMPTY_BOARD);
  const [status, setStatus] = useState<SourceStatus>('connecting');
  const [voice, setVoice] = useState<SpeakerState>(QUIET);
  const [speaker, setSpeaker] = useState<Speaker | null>(null);
  // The source's handlers read the speaker here: made in an effect (closed in its cleanup, which
  // React's StrictMode runs once at mount), before the source starts below.
  const speakerRef = useRef<Speaker | null>(null);
  useEffect(() => {
    const made = givenSpeaker !== undefined ? givenSpeaker : browserSpeaker();
    speakerRef.current = made;
    setSpeaker(made);
    const off = made?.onChange(setVoice);
    return () => {
      off?.();
      if (givenSpeaker === undefined) made?.close();
      speakerRef.current = null;
    };
  }, [givenSpeaker]);

  useEffect(
    () =>
      source({
        calls(calls, backlog) {
          setBoard((b) => foldCalls(b, calls));
          if (backlog) speakerRef.current?.remember(calls);
          else speakerRef.current?.hear(calls);
        },
        status: setStatus,
      }),
    [source],
  );

  // Chromium speaks only after the page was used once (unless the kiosk's autoplay policy says
  // otherwise): the first touch or key lets the waiting announcements out.
  useEffect(() => {
    if (!voice.blocked || speaker === null) return;
    const unblock = () => speaker.unblock();
    window.addEventListener('pointerdown', unblock);
    window.addEventListener('keydown', unblock);
    return () => {
      window.removeEventListener('pointerdown', unblock);
      window.removeEventListener('keydown', unblock);
    };
  }, [voice.blocked, speaker]);

  const featured = featuredCall(board, voice.speaking?.seq ?? null);
  const announcing = featured !== null && voice.speaking?.seq === featured.seq;
  const zone = timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;

  return (
    <div className="hall-display" data-status={status}>
      <header className="hall-display-head">
        <h1>{title}</h1>
        <Clock timeZone={zone} />
      </header>
      <main className="hall-display-body">
        <section className={`hall-display-featured${announcing ? ' announcing' : ''}`} aria-live="polite" aria-label="当前叫号">
          {featured ? (
            <>
              {featured.recall && <div className="hall-display-recall">再次呼叫</div>}
              <div className="hall-display-number">{featured.number}</div>
              <div className="hall-display-window">
                请到 <strong>{featured.window}</strong> 号窗口办理
              </div>
            </>
          ) : (
            <div className="hall-display-idle">请留意叫号</div>
          )}
        </section>
        <section className="hall-display-windows" aria-label="各窗口叫号">
          <h2>各窗口</h2>
          <table>
            <thead>
              <tr>
                <th>窗口</th>
                <th>号码</th>
              </tr>
            </thead>
            <tbody>
              {board.windows.map((call) => (
                <tr key={call.window} className={call.seq === featured?.seq ? 'current' : undefined}>
                  <td>{call.window} 号</td>
                  <td className="hall-display-cell-number">{call.number}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      </main>
      <footer className="hall-display-foot">
        <ol className="hall-display-recent" aria-label="最近叫号">
          {board.recent.slice(1).map((call) => (
            <li key={call.seq}>{callSentence(call)}</li>
          ))}
        </ol>
        <div className="hall-display-notes">
          {status === 'lost' && (
            <span className="hall-display-note bad" role="status">
              连接中断，正在重连
            </span>
          )}
          {voice.blocked && (
            <span className="hall-display-note warn" role="status">
              语音播报未开启：请点击屏幕任意位置
            </span>
          )}
          {voice.noChineseVoice && <span className="hall-display-note warn">本机没有中文语音，播报可能不清楚</span>}
          {givenSpeaker === undefined && !('speechSynthesis' in window) && <span className="hall-display-note warn">本浏览器不支持语音播报</span>}
        </div>
        {/* What is being said, for those who cannot hear it (and for the tests). */}
        <div className="hall-display-speaking" data-testid="speaking">
          {voice.speaking ? `正在播报：${voice.speaking.text}` : ''}
        </div>
      </footer>
    </div>
  );
}
