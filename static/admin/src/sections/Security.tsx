import type { SectionProps } from './types';

/** Placeholder for the section "Security" (to be built). */
export function Security({ t }: SectionProps) {
  return (
    <section className="pa-section" aria-labelledby="pa-security-title">
      <h2 id="pa-security-title" className="pa-heading" tabIndex={-1}>
        {t.nav['security']}
      </h2>
    </section>
  );
}
