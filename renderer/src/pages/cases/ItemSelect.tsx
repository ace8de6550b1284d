import { Select, Spin } from 'antd';
import { useEffect, useRef, useState } from 'react';
import type { ItemSearchHit } from '../../../../electron/contract';
import { useCounter } from '../../api/hooks';
import { errorMessage } from '../../shared/call-error';

export interface ItemValue {
  value: string;
  label: string;
}

interface Props {
  value?: ItemValue | null;
  onChange?: (value: ItemValue | null) => void;
  id?: string;
  placeholder?: string;
}

/**
 * Picks a catalog item by name, pinyin initials or code, asking the core as the clerk types
 * (the catalog holds thousands of items; the core's index answers in well under a millisecond).
 */
export function ItemSelect({ value, onChange, id, placeholder }: Props) {
  const client = useCounter();
  const [query, setQuery] = useState('');
  const [hits, setHits] = useState<ItemSearchHit[]>([]);
  const [searching, setSearching] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const latest = useRef(0);

  useEffect(() => {
    const q = query.trim();
    if (q === '') {
      // Nothing asked any more: a search still under way must neither spin on nor answer late.
      latest.current++;
      setHits([]);
      setFailure(null);
      setSearching(false);
      return;
    }
    const ticket = ++latest.current;
    setSearching(true);
    // A short pause so a fast typist's every keystroke does not become a call.
    const timer = setTimeout(() => {
      client.call('catalog.search', { query: q, limit: 20 }).then(
        (result) => {
          if (ticket !== latest.current) return;
          setHits(result);
          setFailure(null);
          setSearching(false);
        },
        (err: unknown) => {
          if (ticket !== latest.current) return;
          setHits([]);
          setFailure(errorMessage(err));
          setSearching(false);
        },
      );
    }, 150);
    return () => clearTimeout(timer);
  }, [client, query]);

  const notFound = searching ? (
    <Spin size="small" />
  ) : failure ? (
    <span className="text-error">{failure}</span>
  ) : query.trim() === '' ? (
    '输入事项名称、拼音首字母或事项编码'
  ) : (
    '没有匹配的事项'
  );

  return (
    <Select<ItemValue | null>
      id={id}
      labelInValue
      allowClear
      value={value ?? null}
      placeholder={placeholder ?? '全部事项'}
      showSearch={{ filterOption: false, onSearch: setQuery }}
      notFoundContent={notFound}
      onChange={(v) => {
        setQuery('');
        onChange?.(v ?? null);
      }}
      options={hits.map((h) => ({ value: h.code, label: h.name, department: h.department }))}
      optionRender={(option) => (
        <div className="item-option">
          <span className="item-option-name">{option.label}</span>
          <span className="item-option-dept">{String(option.data.department ?? '')}</span>
        </div>
      )}
      popupMatchSelectWidth={420}
    />
  );
}
