import { Button } from 'antd';
import type { ReactNode, Ref } from 'react';
import { Kbd } from './Section';

interface IntakeActionBarProps {
  /** What the form is about (the item, the applicant), left of the button. */
  summary: ReactNode;
  /** The line on top after a failed submit, repeated beside the button; null: none. */
  error: string | null;
  /** The button's words, e.g. 确认受理. */
  label: string;
  onConfirm: () => void;
  submitting: boolean;
  /** A refusal is marked as dangerous, as everywhere else. */
  danger?: boolean;
  disabled?: boolean;
  /** The id of the element saying why the button is disabled. */
  describedBy?: string;
  confirmRef?: Ref<HTMLButtonElement>;
}

/** The bar under every intake form: what it is about, the last failure, and its Ctrl+Enter button. */
export function IntakeActionBar({ summary, error, label, onConfirm, submitting, danger, disabled, describedBy, confirmRef }: IntakeActionBarProps) {
  return (
    <footer className="ik-actionbar">
      <div className="ik-actionbar-summary">
        {summary}
        {error ? (
          <span className="ik-text-error ik-actionbar-error" title={error}>
            {error}
          </span>
        ) : null}
      </div>
      <span className="ik-actionbar-keys" aria-hidden="true">
        <Kbd>Ctrl</Kbd>+<Kbd>Enter</Kbd>
      </span>
      <Button
        ref={confirmRef}
        type="primary"
        size="large"
        danger={danger}
        loading={submitting}
        disabled={disabled}
        aria-describedby={describedBy}
        onClick={onConfirm}
        className="ik-confirm"
      >
        {label}
      </Button>
    </footer>
  );
}
