/**
 * The serial ports found on this PC now (SerialPort.list(), through `settings.listPorts` or, during
 * first-run setup, `setup.listPorts`), so IT can tell the rating device's USB adapter from a
 * printer's before choosing a port.
 */
import { Alert, Button, Table } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { PortList, SerialPortInfo } from '../../../../electron/contract';
import { useCounter } from '../../api/hooks';
import { errorMessage } from '../../shared/call-error';
import { portDescription, usbId } from './device-words';

/** The ports last found, whether a search is under way, and a function that searches again. */
export interface PortSearch {
  /** undefined until the first answer. */
  list: PortList | undefined;
  loading: boolean;
  /** The call itself failed (not the OS listing, which is `list.error`). */
  error: string | null;
  search: () => void;
}

/**
 * Asks the core for the ports with `method` once when mounted (unless `auto` is false) and each
 * time `search` is called; an answer to an older search never replaces a newer one.
 */
export function usePortSearch(method: 'settings.listPorts' | 'setup.listPorts', auto = true): PortSearch {
  const client = useCounter();
  const [list, setList] = useState<PortList>();
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const latest = useRef(0);
  const search = useCallback(() => {
    const ticket = ++latest.current;
    setLoading(true);
    client.call(method, {}).then(
      (answer) => {
        if (ticket !== latest.current) return;
        setList(answer);
        setError(null);
        setLoading(false);
      },
      (err: unknown) => {
        if (ticket !== latest.current) return;
        setError(errorMessage(err));
        setLoading(false);
      },
    );
  }, [client, method]);
  useEffect(() => {
    if (auto) search();
  }, [auto, search]);
  return { list, loading, error, search };
}

export interface PortListViewProps {
  search: PortSearch;
  /** Shows the table only after the button was pressed once (the 设置 page); default true. */
  showTable?: boolean;
}

/** 检测串口 and a small table of what was found: path, manufacturer, description, USB id. */
export function PortListView({ search, showTable = true }: PortListViewProps) {
  const { list, loading, error } = search;
  return (
    <div className="port-list">
      <Button onClick={search.search} loading={loading}>
        检测串口
      </Button>
      {error && <Alert className="port-list-alert" type="error" showIcon title={`检测串口失败：${error}`} />}
      {list?.error && (
        <Alert
          className="port-list-alert"
          type="warning"
          showIcon
          title={list.error}
          description="仍可直接输入串口，例如 COM3 或 /dev/ttyUSB0。"
        />
      )}
      {showTable && list && !list.error && (
        <Table<SerialPortInfo>
          className="port-list-table"
          size="small"
          rowKey="path"
          pagination={false}
          dataSource={list.ports}
          locale={{ emptyText: '本机未找到串口（请检查 USB 转串口线是否插好、驱动是否安装）' }}
          columns={[
            { title: '串口', dataIndex: 'path', render: (v: string) => <span className="mono">{v}</span> },
            { title: '制造商', dataIndex: 'manufacturer', render: (v: string | null) => v ?? '—' },
            { title: '说明', key: 'description', render: (_: unknown, p) => p.friendlyName ?? (portDescription(p) || '—') },
            { title: 'USB 标识（厂商:产品）', key: 'usb', render: (_: unknown, p) => <span className="mono">{usbId(p) || '—'}</span> },
          ]}
        />
      )}
    </div>
  );
}
