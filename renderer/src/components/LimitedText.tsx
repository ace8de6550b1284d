/**
 * Inputs and text areas with a length limit that is never applied silently: a counter shows how
 * much room is left, and an edit that would go past the limit is refused whole — nothing already
 * typed is cut — with a message saying so. Characters are counted as people count them (code
 * points, like the core's boundedText), so 𠮷 is one character, not two UTF-16 units as the
 * browser's own `maxLength` would count it.
 */
import { Input } from 'antd';
import type { InputProps, InputRef } from 'antd';
import type { TextAreaProps, TextAreaRef } from 'antd/es/input/TextArea';
import { forwardRef, useRef, useState } from 'react';
import './limited-text.css';
import { codePointCount, limitedEdit, refusedMessage } from './limited-text-rules';

interface LimitProps {
  /** The limit in characters (code points); the same number as the core's schema for the field. */
  limit: number;
  /** Show the “n / limit” counter (default true). Number fields whose validator states the exact length may hide it. */
  counter?: boolean;
}

function useLimit(limit: number, counter: boolean, value: unknown) {
  // A field without a counter holds a number (id, mobile, tracking): its length is in 位.
  const unit = counter ? '字' : '位';
  const current = typeof value === 'string' ? value : '';
  const previous = useRef(current);
  previous.current = current;
  const [refusedAt, setRefusedAt] = useState<string | null>(null);
  const count = {
    max: limit,
    strategy: codePointCount,
    show: counter,
    exceedFormatter: (next: string) => {
      const edit = limitedEdit(previous.current, next, limit);
      if (edit.refused) setRefusedAt(edit.value);
      return edit.value;
    },
  };
  // The message stays while the text is as it was when an edit was refused.
  const refused = refusedAt !== null && refusedAt === current;
  const message = refused ? (
    <div className="limited-text-refused" role="alert">
      {refusedMessage(limit, unit)}
    </div>
  ) : null;
  return { count, message };
}

/** antd Input with a code-point limit; use inside Form.Item like Input. */
export const LimitedInput = forwardRef<InputRef, Omit<InputProps, 'maxLength' | 'count' | 'showCount'> & LimitProps>(
  function LimitedInput({ limit, counter = true, ...props }, ref) {
    const { count, message } = useLimit(limit, counter, props.value);
    return (
      <>
        <Input ref={ref} {...props} count={count} />
        {message}
      </>
    );
  },
);

/** antd TextArea with a code-point limit; line breaks are kept as typed. */
export const LimitedTextArea = forwardRef<TextAreaRef, Omit<TextAreaProps, 'maxLength' | 'count' | 'showCount'> & LimitProps>(
  function LimitedTextArea({ limit, counter = true, ...props }, ref) {
    const { count, message } = useLimit(limit, counter, props.value);
    return (
      <>
        <Input.TextArea ref={ref} {...props} count={count} />
        {message}
      </>
    );
  },
);
