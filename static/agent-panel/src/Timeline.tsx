import type { PanelData, TimelineEntry } from '../../../src/surfaces/agent-api';
import { iso, type Dates } from './dates';
import type { Messages } from './i18n';

/** Entries newest first, each id once (a page loaded with "Show older" may overlap the first). */
export function newestFirst(entries: TimelineEntry[]): TimelineEntry[] {
  const seen = new Set<string>();
  const unique = entries.filter((e) => (seen.has(e.id) ? false : (seen.add(e.id), true)));
  return unique.map((e, i) => [e, i] as const).sort((a, b) => b[0].at - a[0].at || a[1] - b[1]).map(([e]) => e);
}

function Event({ entry, t, when }: { entry: TimelineEntry; t: Messages; when: string }) {
  const known = Object.prototype.hasOwnProperty.call(t.timeline.kind, entry.kind);
  let label = known ? t.timeline.kind[entry.kind] : t.timeline.other(String(entry.kind));
  if (entry.via && (entry.kind === 'invite.sent' || entry.kind === 'customer.imported')) {
    label = t.timeline.automatic[entry.kind === 'invite.sent' ? 'invited' : 'added'](entry.via, entry.via === 'api' ? entry.actorName : entry.issueKey);
  }
  if (entry.template && (entry.kind === 'email.sent' || entry.kind === 'email.failed')) {
    label = t.timeline.emailWith(label, t.timeline.templates[entry.template] ?? entry.template);
  }
  return (
    <li id={`pa-ev-${entry.id}`} className={`pa-event${entry.kind === 'email.failed' || entry.kind === 'login.locked' ? ' pa-event--bad' : ''}`} tabIndex={-1}>
      <span className="pa-event-label">{label}</span>
      {entry.reason && <span className="pa-event-reason">{t.timeline.reason(entry.reason)}</span>}
      <span className="pa-event-meta">
        {t.timeline.actor(entry)} · <time dateTime={iso(entry.at)}>{when}</time>
      </span>
    </li>
  );
}

/** The account's history, newest first, with "Show older" while there is more. */
export function Timeline({ timeline, t, dates, moreBusy, onMore }: { timeline: PanelData['timeline']; t: Messages; dates: Dates; moreBusy: boolean; onMore: () => void }) {
  const entries = newestFirst(timeline.entries);
  return (
    <section className="pa-timeline" aria-labelledby="pa-timeline-title">
      <h2 id="pa-timeline-title" className="pa-subtitle">
        {t.timeline.heading}
      </h2>
      {entries.length === 0 ? (
        <p className="pa-muted">{t.timeline.empty}</p>
      ) : (
        <ol className="pa-events">
          {entries.map((e) => (
            <Event key={e.id} entry={e} t={t} when={dates.dateTime(e.at)} />
          ))}
        </ol>
      )}
      {timeline.cursor && (
        <button type="button" className="pa-btn pa-btn--subtle pa-more" aria-disabled={moreBusy} onClick={onMore}>
          {moreBusy ? t.timeline.loadingMore : t.timeline.more}
        </button>
      )}
    </section>
  );
}
