import { useState, type ReactNode } from 'react';
import { NAME_DOT, foldNameDots } from '../../../../electron/contract';

/** A person's name folds full stops between Chinese characters too; an organisation's keeps them. */
export type NameKind = 'person' | 'organisation';

// Most of these look just like “·” in the UI's font, so the note names what was typed.
const DOT_NAMES: Readonly<Record<string, string>> = {
  '\u30FB': '日文中点',
  '\uFF65': '半角日文中点',
  '\u2027': '连字点',
  '\u2022': '项目符号',
  '\u0387': '希腊文中点',
  '\u2219': '数学点号',
  '\u22C5': '数学点号',
  '.': '英文句点',
  '\uFF0E': '全角句点',
  '\u3002': '句号',
  '\uFE52': '小句点',
};

/** `日文中点“・”、项目符号“•”`: each replaced character by name, then as typed. */
function described(chars: readonly string[]): string {
  return chars.map((c) => `${DOT_NAMES[c] ?? '圆点'}“${c}”`).join('、');
}

/**
 * The 间隔号 of a name is stored as U+00B7 whatever dot was typed (DOMAIN.md; foldNameDots).
 * The clerk sees that happen beside the field instead of finding a different dot on the
 * receipt: while typing, which dot will be replaced; on leaving the field, the name is
 * rewritten with U+00B7 and a note says what was replaced, for as long as the name still
 * holds a 间隔号. Nothing else in the name is touched.
 */
export function useNameDotNotes() {
  // Per field key: the characters replaced when the clerk last left the field.
  const [replacedByField, setReplacedByField] = useState<Record<string, readonly string[]>>({});

  /** The note for the field, or null when there is nothing to say. */
  function note(key: string, value: string, kind: NameKind): ReactNode {
    const pending = foldNameDots(value, { fullStops: kind === 'person' }).replaced;
    if (pending.length > 0) {
      return (
        <span className="ik-field-note" role="status">
          {described(pending)}将存为标准间隔号“{NAME_DOT}”
        </span>
      );
    }
    const replaced = replacedByField[key];
    if (replaced && replaced.length > 0 && value.includes(NAME_DOT)) {
      return (
        <span className="ik-field-note" role="status">
          已改为标准间隔号“{NAME_DOT}”（原为{described(replaced)}）
        </span>
      );
    }
    return null;
  }

  /** On leaving the field: writes the folded name back through `set` and remembers the note. */
  function foldOnLeave(key: string, value: string, kind: NameKind, set: (value: string) => void): void {
    const folded = foldNameDots(value, { fullStops: kind === 'person' });
    if (folded.replaced.length === 0) return;
    set(folded.value);
    setReplacedByField((r) => ({ ...r, [key]: folded.replaced }));
  }

  return { note, foldOnLeave };
}
