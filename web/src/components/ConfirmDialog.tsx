import { type ReactNode, useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';

interface Props {
  open: boolean;
  title?: string;
  confirmLabel: string;
  onConfirm(): void;
  onCancel(): void;
  busy?: boolean;
  /** false for a confirmation that destroys nothing (saving a date) */
  isDestructive?: boolean;
  children: ReactNode;
}

/** A native modal <dialog>: it traps focus, closes on Escape and returns focus by itself. */
export function ConfirmDialog({
  open,
  title,
  confirmLabel,
  onConfirm,
  onCancel,
  busy,
  isDestructive = true,
  children,
}: Props) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDialogElement>(null);
  const cancel = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) {
      d.showModal();
      // The safe choice has focus first: Enter on a destructive dialog must not destroy.
      cancel.current?.focus();
    }
    if (!open && d.open) d.close();
  }, [open]);
  return (
    <dialog
      ref={ref}
      className="confirm"
      aria-labelledby="confirm-title"
      onCancel={(e) => {
        e.preventDefault();
        onCancel();
      }}
    >
      <h2 id="confirm-title">{title ?? t('confirm.title')}</h2>
      <div className="confirm-body">{children}</div>
      <div className="actions">
        <button type="button" className={isDestructive ? 'danger' : ''} onClick={onConfirm} disabled={busy}>
          {confirmLabel}
        </button>
        <button type="button" className="secondary" onClick={onCancel} ref={cancel}>
          {t('app.cancel')}
        </button>
      </div>
    </dialog>
  );
}
