import { Tag } from 'antd';
import { useEffect, useState } from 'react';
import { useCounter } from '../../api/hooks';

/**
 * The window's 另办事项 (`window.itemCodes`) by name, for those who read the settings but may not
 * call settings.get: each name comes from catalog.getItem (the window's own catalog); a code the
 * catalog cannot name (withdrawn, or the call refused) is shown as it is.
 */
export function ItemNames({ codes }: { codes: readonly string[] }) {
  const client = useCounter();
  const [names, setNames] = useState<ReadonlyMap<string, string>>(new Map());
  const key = codes.join('\n');
  useEffect(() => {
    let live = true;
    const wanted = key ? key.split('\n') : [];
    void Promise.all(
      wanted.map((code) =>
        client.call('catalog.getItem', { code }).then(
          (item) => [code, item.name] as const,
          () => [code, code] as const,
        ),
      ),
    ).then((pairs) => {
      if (live) setNames(new Map(pairs));
    });
    return () => {
      live = false;
    };
  }, [client, key]);
  if (codes.length === 0) return <span className="muted">无</span>;
  return (
    <>
      {codes.map((code) => (
        <Tag key={code} title={code}>
          {names.get(code) ?? code}
        </Tag>
      ))}
    </>
  );
}
