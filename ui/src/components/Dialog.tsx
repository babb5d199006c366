/**
 * A modal dialog: the rest of the page is inert while it is open, Tab and Shift+Tab cycle
 * inside it, Escape closes it, and the focus returns to what opened it.
 */

import { useEffect, useRef, type KeyboardEvent, type ReactNode } from "react";

import { useI18n } from "../i18n/context";

const FOCUSABLE =
  'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

/** The element Tab should move to from `current`, staying inside `items` (wraps around). */
export function nextFocus<T>(
  items: readonly T[],
  current: T | null,
  backwards: boolean,
): T | undefined {
  if (items.length === 0) {
    return undefined;
  }
  const index = current === null ? -1 : items.indexOf(current);
  if (backwards) {
    return index <= 0 ? items[items.length - 1] : items[index - 1];
  }
  return index === -1 || index === items.length - 1 ? items[0] : items[index + 1];
}

export function Dialog({
  title,
  open,
  onClose,
  children,
  testId,
  wide = false,
}: {
  title: string;
  open: boolean;
  onClose: () => void;
  children: ReactNode;
  testId: string;
  /** Room for a table (a plan's items and instalments) beside the fields. */
  wide?: boolean;
}) {
  const { t } = useI18n();
  const ref = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog || !open) {
      return;
    }
    const opener = document.activeElement as HTMLElement | null;
    if (typeof dialog.showModal === "function") {
      dialog.showModal();
    } else {
      dialog.setAttribute("open", "");
    }
    // The first field of the content, not the close button, takes the focus.
    const first =
      dialog.querySelector<HTMLElement>(`.dialog-body :is(${FOCUSABLE})`) ??
      dialog.querySelector<HTMLElement>(FOCUSABLE);
    first?.focus();
    return () => {
      if (typeof dialog.close === "function" && dialog.open) {
        dialog.close();
      }
      opener?.focus();
    };
  }, [open]);

  if (!open) {
    return null;
  }

  const onKeyDown = (event: KeyboardEvent<HTMLDialogElement>) => {
    if (event.key === "Escape") {
      event.preventDefault();
      onClose();
      return;
    }
    if (event.key === "Tab" && ref.current) {
      const items = [...ref.current.querySelectorAll<HTMLElement>(FOCUSABLE)];
      const next = nextFocus(items, document.activeElement as HTMLElement | null, event.shiftKey);
      if (next) {
        event.preventDefault();
        next.focus();
      }
    }
  };

  return (
    <dialog
      ref={ref}
      className={wide ? "dialog dialog-wide" : "dialog"}
      aria-labelledby={`${testId}-title`}
      data-testid={testId}
      onKeyDown={onKeyDown}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      <div className="dialog-head">
        <h2 id={`${testId}-title`}>{title}</h2>
        <button type="button" className="quiet" onClick={onClose} aria-label={t("app.close")}>
          ×
        </button>
      </div>
      <div className="dialog-body">{children}</div>
    </dialog>
  );
}
