import { useEffect, useRef } from 'react';

/** A tool opened in the Customers section (CSV import, resend invitations): a region named by its heading, which takes focus when the tool opens. */
export function ToolPanel({ id, heading, intro, children }: { id: string; heading: string; intro: string; children: React.ReactNode }) {
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => headingRef.current?.focus(), []);
  return (
    <div className="pa-customers-panel" role="region" aria-labelledby={id}>
      <h3 id={id} className="pa-subtitle" tabIndex={-1} ref={headingRef}>
        {heading}
      </h3>
      <p className="pa-muted">{intro}</p>
      {children}
    </div>
  );
}
