import { SearchOutlined } from '@ant-design/icons';
import { Input, Tag, type InputRef } from 'antd';
import { useEffect, useId, useRef, useState, type KeyboardEvent, type Ref } from 'react';
import { CASE_TYPE_LABELS, type CaseType, type ItemSearchHit } from '../../../../electron/contract';
import { useCounter } from '../../api/hooks';
import { isComposing } from './keyboard';
import { MATCHED_BY_LABELS, promisedLabel, visitsLabel } from './labels';

const DEBOUNCE_MS = 80;
const LIMIT = 12;

export const CASE_TYPE_COLORS: Record<CaseType, string> = {
  immediate: 'green',
  promised: 'blue',
  joint: 'purple',
  referred: 'orange',
};

interface ItemSearchProps {
  query: string;
  onQueryChange: (query: string) => void;
  onChoose: (hit: ItemSearchHit) => void;
  /** The chosen item's name: when the box shows exactly this, there is nothing to search. */
  chosenName: string | null;
  disabled?: boolean;
  status?: 'error';
  inputRef?: Ref<InputRef>;
}

interface Results {
  query: string;
  hits: ItemSearchHit[];
  error: string | null;
}

/**
 * As-you-type search over the catalog (names, pinyin initials, full pinyin, codes,
 * departments). Each keystroke asks the core after a short pause; answers to older queries
 * are dropped, and an Enter typed before the answer arrives picks the first hit when it does.
 */
export function ItemSearch({ query, onQueryChange, onChoose, chosenName, disabled, status, inputRef }: ItemSearchProps) {
  const client = useCounter();
  const listId = useId();
  const [results, setResults] = useState<Results>({ query: '', hits: [], error: null });
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const pendingPick = useRef(false);
  const listRef = useRef<HTMLUListElement>(null);

  const wanted = query.trim();
  const searching = wanted !== '' && wanted !== chosenName;

  useEffect(() => {
    if (!searching) return;
    let live = true;
    const timer = setTimeout(() => {
      client
        .call('catalog.search', { query: wanted, limit: LIMIT })
        .then((hits) => {
          if (live) setResults({ query: wanted, hits, error: null });
        })
        .catch((err: unknown) => {
          if (live) setResults({ query: wanted, hits: [], error: err instanceof Error ? err.message : String(err) });
        });
    }, DEBOUNCE_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [client, wanted, searching]);

  const current = results.query === wanted;
  const hits = current ? results.hits : [];

  useEffect(() => {
    setActive(0);
  }, [results]);

  const latestChoose = useRef(choose);
  latestChoose.current = choose;
  useEffect(() => {
    if (!current || !pendingPick.current) return;
    pendingPick.current = false;
    const first = results.hits[0];
    if (first) latestChoose.current(first);
  }, [results, current]);

  useEffect(() => {
    listRef.current?.querySelector<HTMLElement>(`[data-index="${active}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [active]);

  function choose(hit: ItemSearchHit) {
    setOpen(false);
    pendingPick.current = false;
    onChoose(hit);
  }

  function onKeyDown(e: KeyboardEvent<HTMLInputElement>) {
    if (isComposing(e)) return;
    switch (e.key) {
      case 'ArrowDown':
        e.preventDefault();
        setOpen(true);
        setActive((i) => Math.min(i + 1, Math.max(hits.length - 1, 0)));
        break;
      case 'ArrowUp':
        e.preventDefault();
        setActive((i) => Math.max(i - 1, 0));
        break;
      case 'PageDown':
        e.preventDefault();
        setActive(Math.max(hits.length - 1, 0));
        break;
      case 'PageUp':
        e.preventDefault();
        setActive(0);
        break;
      case 'Enter': {
        if (e.ctrlKey || e.metaKey || e.altKey) return;
        e.preventDefault();
        if (!searching) return;
        const hit = hits[active];
        if (current && hit) choose(hit);
        else if (!current) pendingPick.current = true;
        break;
      }
      case 'Escape':
        if (open && searching) {
          e.preventDefault();
          e.stopPropagation();
          setOpen(false);
          pendingPick.current = false;
        } else if (chosenName !== null && query !== chosenName) {
          // Back to the chosen item: the clerk started a new search and changed their mind.
          e.preventDefault();
          onQueryChange(chosenName);
        }
        break;
      default:
        break;
    }
  }

  const showList = open && searching && !disabled;
  const activeId = showList && hits[active] ? `${listId}-${active}` : undefined;

  return (
    <div className="ik-search">
      <Input
        ref={inputRef}
        size="large"
        value={query}
        disabled={disabled}
        status={status}
        allowClear
        placeholder="输入事项名称、拼音首字母（如 gtgs）或事项编码"
        prefix={<SearchOutlined className="ik-search-icon" />}
        suffix={<kbd className="ik-kbd">/</kbd>}
        role="combobox"
        aria-label="搜索事项"
        aria-expanded={showList}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={activeId}
        autoComplete="off"
        spellCheck={false}
        onChange={(e) => {
          onQueryChange(e.target.value);
          setOpen(true);
        }}
        onKeyDown={onKeyDown}
        onFocus={() => setOpen(true)}
        onBlur={() => {
          setOpen(false);
          pendingPick.current = false;
          // A search left unfinished must not sit in the box as if it were the chosen item.
          if (chosenName !== null && query !== chosenName) onQueryChange(chosenName);
        }}
      />
      {showList ? (
        <ul className="ik-search-list" id={listId} role="listbox" aria-label="事项搜索结果" ref={listRef}>
          {!current ? (
            <li className="ik-search-note">正在搜索…</li>
          ) : results.error ? (
            <li className="ik-search-note ik-text-error">{results.error}</li>
          ) : hits.length === 0 ? (
            <li className="ik-search-note">没有找到“{wanted}”相关的事项，可换用名称中的字、拼音首字母或事项编码</li>
          ) : (
            hits.map((hit, i) => (
              <li
                key={hit.code}
                id={`${listId}-${i}`}
                data-index={i}
                role="option"
                aria-selected={i === active}
                className={i === active ? 'ik-search-hit ik-search-hit-active' : 'ik-search-hit'}
                // Keep focus in the box: a click must not blur it first and close the list.
                onMouseDown={(e) => e.preventDefault()}
                onMouseEnter={() => setActive(i)}
                onClick={() => choose(hit)}
              >
                <div className="ik-search-hit-main">
                  <span className="ik-search-hit-name">{hit.name}</span>
                  <Tag color={CASE_TYPE_COLORS[hit.caseType]} variant="outlined">
                    {CASE_TYPE_LABELS[hit.caseType]}
                  </Tag>
                  <span className="ik-search-hit-matched">按{MATCHED_BY_LABELS[hit.matchedBy]}匹配</span>
                </div>
                <div className="ik-search-hit-meta">
                  <span>{hit.department}</span>
                  <span>{promisedLabel(hit)}</span>
                  <span>{visitsLabel(hit.visits)}</span>
                  <span>{hit.feeDescription}</span>
                </div>
              </li>
            ))
          )}
        </ul>
      ) : null}
    </div>
  );
}
