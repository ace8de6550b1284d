import { ArrowLeftOutlined, PrinterOutlined } from '@ant-design/icons';
import { Alert, App as AntApp, Button, Result, Skeleton, Tag } from 'antd';
import { useRef, useState } from 'react';
import { PRINTER_LABELS, type IssuedDocument, type PrinterId } from '../../../../electron/contract';
import { useCounter, useQuery, useShell } from '../../api/hooks';
import { useHealth, useWindowInfo } from '../../app/frame-context';
import { keys, useHotkey } from '../../app/shortcuts';
import { errorMessage, isCallError } from '../../shared/call-error';
import { formatInstant } from '../../shared/format';
import { A4Frame } from './A4Frame';
import { isPrintKey } from './print-keys';
import { ThermalStrip } from './ThermalStrip';
import './printing.css';

/** The printer a thermal document goes to. */
function printerOf(doc: IssuedDocument): PrinterId {
  return doc.lastJob?.printer ?? (doc.kind === 'queueTicket' ? 'ticketPrinter' : 'receiptPrinter');
}

interface DocumentPreviewProps {
  documentId: string;
  /** The preview of a 补打: shown marked 补打 (the core marks the content), and printing it is recorded. */
  reprint: boolean;
  onBack: () => void;
  /** Shown in a dialog (the intake result): Esc is the dialog's, and the keys work inside it. */
  inDialog?: boolean;
  /** A 补打 was recorded on the case. */
  onReprinted?: () => void;
}

/**
 * One issued document on screen, exactly as it was issued (`printing.document`), with what can be
 * done with it:
 * - an A4 notice: 打印 (Ctrl+P). In the desktop shell it goes to the configured A4 printer
 *   (`printing.printNotice`: Chromium prints the stored page, no dialog) and the outcome is shown
 *   here; in the browser shell it prints the frame with the browser's own dialog, so the page
 *   says to choose the A4 printer there. For a 补打,
 *   the reprint is recorded (`printing.reprint`) when the clerk first presses 打印 on this
 *   preview, not when it opens: a preview looked at and closed is not a reprint, and the browser
 *   cannot tell whether its dialog printed or was cancelled, so pressing 打印 is the clerk's act
 *   that counts. A second 打印 from the same preview (after a cancelled dialog, or a printer
 *   error in the desktop shell) is not recorded twice.
 * - a thermal receipt or ticket: its lines at the paper's width, and 补打 (Ctrl+P) sends it to its
 *   printer again, marked 补打 — every press is a new paper, so each is recorded.
 */
export function DocumentPreview({ documentId, reprint, onBack, inDialog = false, onReprinted }: DocumentPreviewProps) {
  const client = useCounter();
  const shell = useShell();
  const health = useHealth();
  const { timeZone } = useWindowInfo();
  const { message } = AntApp.useApp();
  const loaded = useQuery('printing.document', { documentId, reprint });
  const frame = useRef<HTMLIFrameElement | null>(null);
  const [busy, setBusy] = useState(false);
  const busyRef = useRef(false);
  const [recorded, setRecorded] = useState(false);
  const [printError, setPrintError] = useState<string | null>(null);
  const doc = loaded.data;

  const printerId = doc && doc.medium === 'thermal' ? printerOf(doc) : null;
  const printer = printerId ? health.devices.find((d) => d.id === printerId) : undefined;
  const noPrinter = printerId !== null && (printer === undefined || printer.state === 'not_configured');

  const printA4 = async () => {
    if (!doc || busyRef.current) return;
    busyRef.current = true;
    setPrintError(null);
    try {
      if (reprint && !recorded) {
        setBusy(true);
        try {
          await client.call('printing.reprint', { documentId });
        } catch (err) {
          // Not recorded, not printed: a 补打 on paper must be on the case too.
          setPrintError(`补打未能记入办件，未打印：${errorMessage(err)}`);
          return;
        } finally {
          setBusy(false);
        }
        setRecorded(true);
        onReprinted?.();
      }
      if (shell === 'electron') {
        setBusy(true);
        try {
          await client.call('printing.printNotice', { documentId, reprint });
          void message.success(`已送到 A4 打印机：${doc.label}${reprint ? '（补打）' : ''}`);
        } catch (err) {
          // The core's words already say what was not printed and why (找不到打印机…).
          const words = errorMessage(err);
          const notPrinted = words.includes('未打印') ? words : `未打印：${words}`;
          // A 补打 was recorded before printing: say so, and that pressing 打印 again records nothing more.
          setPrintError(reprint ? `本次补打已记入办件，但${notPrinted}。排除后再按“打印”即可（不再重复记录）。` : notPrinted);
        } finally {
          setBusy(false);
        }
        return;
      }
      const win = frame.current?.contentWindow;
      if (!win) {
        setPrintError('文书尚未显示完整，请稍候再按打印');
        return;
      }
      win.focus();
      win.print();
    } finally {
      busyRef.current = false;
    }
  };

  const printThermal = async () => {
    if (!doc || busyRef.current || noPrinter) return;
    busyRef.current = true;
    setBusy(true);
    setPrintError(null);
    // A receipt never on paper gets its first, unmarked copy (printing.print), not a 补打.
    const first = !doc.sent;
    try {
      if (first) {
        await client.call('printing.print', { documentId });
        void message.success(`${doc.label}已发送到打印机`);
      } else {
        await client.call('printing.reprint', { documentId });
        void message.success(`已补打${doc.label}（纸上标“补打”，已记入办件）`);
      }
      onReprinted?.();
    } catch (err) {
      setPrintError(`${first ? '打印' : '补打'}失败：${errorMessage(err)}`);
    } finally {
      busyRef.current = false;
      setBusy(false);
    }
  };

  const print = () => void (doc?.medium === 'a4' ? printA4() : printThermal());
  useHotkey(isPrintKey, print, { inDialogs: inDialog, enabled: doc !== undefined });
  useHotkey(keys.plain('Escape'), onBack, { enabled: !inDialog });
  const onFrameKey = (e: KeyboardEvent) => {
    if (isPrintKey(e)) {
      e.preventDefault();
      print();
    } else if (e.key === 'Escape') {
      // The dialog's own Esc does not hear keys inside the frame.
      e.preventDefault();
      onBack();
    }
  };

  if (loaded.error && !doc) {
    const notFound = isCallError(loaded.error, 'not_found', 'invalid_arguments');
    return (
      <Result
        status={notFound ? '404' : 'error'}
        title={notFound ? '没有找到这份文书' : '文书读取失败'}
        subTitle={errorMessage(loaded.error)}
        extra={[
          <Button key="back" onClick={onBack}>
            返回
          </Button>,
          ...(notFound
            ? []
            : [
                <Button key="retry" type="primary" onClick={loaded.reload}>
                  重试
                </Button>,
              ]),
        ]}
      />
    );
  }
  if (!doc) return <Skeleton active paragraph={{ rows: 12 }} />;

  const kind = doc.label;
  const title = `${kind}${doc.documentNumber ? ` ${doc.documentNumber}` : ''}`;
  const a4 = doc.medium === 'a4';

  return (
    <div className="doc-preview">
      <div className="doc-preview-bar" role="toolbar" aria-label="文书预览">
        {!inDialog && (
          <Button icon={<ArrowLeftOutlined />} onClick={onBack}>
            返回
            <kbd className="button-key" aria-hidden>
              Esc
            </kbd>
          </Button>
        )}
        <div className="doc-preview-title">
          <h2 className="page-title">
            {title}
            {reprint && (
              <Tag color="orange" className="doc-reprint-tag">
                补打
              </Tag>
            )}
          </h2>
          <div className="muted">
            {/* A receipt is generated at acceptance; whether it reached paper is its job's matter. */}
            {doc.medium === 'thermal' ? '生成于' : '出具于'} {formatInstant(doc.issuedAt, timeZone)}
            {doc.reprints > 0 ? ` · 已补打 ${doc.reprints} 次` : ''}
          </div>
        </div>
        <Button
          type="primary"
          size="large"
          icon={<PrinterOutlined />}
          loading={busy}
          disabled={!a4 && noPrinter}
          onClick={print}
          aria-keyshortcuts="Control+P"
        >
          {a4 || !doc.sent ? '打印' : '补打'}
          <kbd className="button-key" aria-hidden>
            Ctrl+P
          </kbd>
        </Button>
      </div>
      <div className="doc-preview-hint">
        {a4 ? (
          <Alert
            type="info"
            showIcon
            title={
              <>
                {shell === 'browser'
                  ? '按“打印”后，在浏览器打印对话框中选择 A4 打印机，纸张 A4，缩放“默认”，不勾选“页眉和页脚”。'
                  : '按“打印”直接送到 A4 打印机（“设置”中的 A4 打印机名称；未填写时为系统默认打印机），不再弹出对话框。'}
                <br />
                <span className={reprint ? 'doc-reprint-note' : 'muted'}>
                  {reprint
                    ? recorded
                      ? '本次补打已记入办件。'
                      : '按“打印”时，本次补打记入办件（只预览不记录）。'
                    : '再次打印已出具的文书，请用办件页“文书”中的“补打”（纸上标“补打”）。'}
                </span>
              </>
            }
          />
        ) : noPrinter ? (
          <Alert type="warning" showIcon title={`未配置${PRINTER_LABELS[printerId ?? 'receiptPrinter']}，不能补打；此处仅供预览。`} />
        ) : !doc.sent ? (
          <Alert type="info" showIcon title={`这份${kind}还没有打印过：“打印”把它送到${PRINTER_LABELS[printerId ?? 'receiptPrinter']}，纸上不标“补打”。`} />
        ) : (
          <Alert type="info" showIcon title={`“补打”把这份${kind}再次送到${PRINTER_LABELS[printerId ?? 'receiptPrinter']}，纸上标“补打”，并记入办件。`} />
        )}
        {printError && <Alert type="error" showIcon title={printError} role="alert" className="doc-print-error" />}
      </div>
      {a4 ? (
        doc.html !== null ? (
          <A4Frame html={doc.html} title={title} frameRef={frame} onKey={onFrameKey} />
        ) : (
          <Alert type="error" showIcon title="这份文书没有可显示的内容" />
        )
      ) : (
        <ThermalStrip lines={doc.lines ?? []} paper={doc.paper} columns={doc.columns ?? 48} title={title} />
      )}
    </div>
  );
}
