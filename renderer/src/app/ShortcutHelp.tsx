import { Modal } from 'antd';
import { ShortcutTable } from './ShortcutTable';

export function ShortcutHelp({ open, onClose }: { open: boolean; onClose: () => void }) {
  return (
    <Modal
      open={open}
      onCancel={onClose}
      title="快捷键"
      footer={null}
      // Four columns for the window's work (ShortcutTable); still inside a 1366-wide screen.
      width={1300}
      centered
    >
      <p className="muted">
        不带 Ctrl / Alt 的快捷键在输入框中不起作用，以免打字时误触发。
      </p>
      <ShortcutTable />
    </Modal>
  );
}
