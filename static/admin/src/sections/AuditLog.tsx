import type { SectionProps } from './types';

/** Placeholder for the section "Audit log" (to be built). */
export function AuditLog({ t }: SectionProps) {
  return (
    <section className="pa-section" aria-labelledby="pa-audit-title">
      <h2 id="pa-audit-title" className="pa-heading" tabIndex={-1}>
        {t.nav['audit']}
      </h2>
    </section>
  );
}
