/**
 * A screen's frame: its heading, which takes the focus when the screen opens so that a screen
 * reader announces where the user is and the keyboard starts from the top of the new content.
 */

import { useEffect, useRef, type ReactNode } from "react";

export function Page({
  title,
  testId,
  actions,
  children,
}: {
  title: string;
  testId: string;
  actions?: ReactNode;
  children: ReactNode;
}) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    heading.current?.focus();
  }, []);
  return (
    <section className="page" data-testid={`page-${testId}`} aria-labelledby={`heading-${testId}`}>
      <div className="page-head">
        <h1 id={`heading-${testId}`} ref={heading} tabIndex={-1} data-testid={`heading-${testId}`}>
          {title}
        </h1>
        {actions ? <div className="page-actions">{actions}</div> : null}
      </div>
      {children}
    </section>
  );
}
