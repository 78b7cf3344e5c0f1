import { useEffect, useMemo, useState } from 'react';
import type { ProfileData } from '../../../src/surfaces/profile-api';
import { useStartUp, type Boot } from '../../shared/use-start-up';
import * as api from './api';
import type { Failure, Outcome } from './api';
import { MESSAGES, type Messages } from './i18n';
import { PasswordForm } from './PasswordForm';
import { TwoStepSection } from './TwoStepSection';
import { MyData } from './MyData';
import { PasskeySection } from './PasskeySection';
import { ColumnHeads } from '../../shared/ColumnHeads';

type State = { phase: 'loading' } | { phase: 'ready'; data: ProfileData } | { phase: 'failed'; failure: Failure };

const iso = (sec: number) => new Date(sec * 1000).toISOString();

function failureText(t: Messages, failure: Failure, dateTime: (sec: number) => string): string {
  return failure.error === 'locked' ? t.lockedUntil(dateTime(failure.until ?? 0)) : t.errors[failure.error];
}

/** "Sign-in and security" on the help center's profile page: who you are, recent sign-ins, change password, two-step verification. */
export function ProfilePanel({ boot }: { boot: Boot<Outcome<ProfileData>> }) {
  const [state, setState] = useState<State>({ phase: 'loading' });
  const show = (outcome: Outcome<ProfileData>) => setState(outcome.ok ? { phase: 'ready', data: outcome.data } : { phase: 'failed', failure: outcome });
  // The context read and the first profile/get, started in main.tsx before the first render; English until the host answers.
  const locale = useStartUp(boot, show);
  const t = MESSAGES[locale.lang];
  const dateTime = useMemo(() => {
    const f = new Intl.DateTimeFormat(locale.intl, { day: 'numeric', month: 'short', year: 'numeric', hour: 'numeric', minute: '2-digit' });
    return (sec: number) => f.format(new Date(sec * 1000));
  }, [locale.intl]);

  async function load() {
    setState({ phase: 'loading' });
    show(await api.loadProfile());
  }

  useEffect(() => {
    document.title = t.title;
  }, [t.title]);

  return (
    <main className="pp" aria-busy={state.phase === 'loading'}>
      <h1 className="pp-title">{t.title}</h1>
      {state.phase === 'loading' ? <p className="pp-muted">{t.loading}</p> : null}
      {state.phase === 'failed' ? (
        <div className="pp-notice pp-notice--error" role="alert">
          <p>{failureText(t, state.failure, dateTime)}</p>
          {state.failure.error === 'internal' || state.failure.error === 'unreachable' ? (
            <button type="button" className="pp-btn" onClick={() => void load()}>
              {t.retry}
            </button>
          ) : null}
        </div>
      ) : null}
      {state.phase === 'ready' ? <Profile t={t} data={state.data} dateTime={dateTime} onChanged={(data) => setState({ phase: 'ready', data })} /> : null}
    </main>
  );
}

function Profile({ t, data, dateTime, onChanged }: { t: Messages; data: ProfileData; dateTime: (sec: number) => string; onChanged: (d: ProfileData) => void }) {
  return (
    <div className="pp-body">
      <dl className="pp-facts">
        <div className="pp-fact">
          <dt>{t.username}</dt>
          <dd id="pp-username">{data.username}</dd>
        </div>
        <div className="pp-fact">
          <dt>{t.email}</dt>
          <dd id="pp-email">{data.email}</dd>
        </div>
      </dl>
      <p className="pp-muted" id="pp-password-changed">
        {data.passwordChangedAt > 0 ? t.passwordChanged(dateTime(data.passwordChangedAt)) : t.passwordNever}
      </p>
      {data.lockedUntil > 0 ? (
        <p className="pp-notice pp-notice--error">{t.lockedUntil(dateTime(data.lockedUntil))}</p>
      ) : null}

      <section className="pp-section" aria-labelledby="pp-signins-title">
        <h2 id="pp-signins-title" className="pp-subtitle">
          {t.signIns.title}
        </h2>
        {data.signIns.length === 0 ? (
          <p className="pp-muted">{t.signIns.none}</p>
        ) : (
          <table className="pp-signins">
            <ColumnHeads labels={[t.signIns.time, t.signIns.result]} />
            <tbody>
              {data.signIns.map((s) => (
                <tr key={s.id} data-outcome={s.outcome}>
                  <td>
                    <time dateTime={iso(s.at)}>{dateTime(s.at)}</time>
                  </td>
                  <td className={`pp-outcome pp-outcome--${s.outcome}`}>{t.signIns.outcome[s.outcome]}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      {data.canChangePassword ? (
        <PasswordForm t={t} data={data} dateTime={dateTime} onChanged={onChanged} />
      ) : (
        <p className="pp-notice pp-notice--info">{t.errors['wrong-state']}</p>
      )}
      {data.canChangePassword ? <TwoStepSection t={t} data={data} dateTime={dateTime} onChanged={onChanged} /> : null}
      <PasskeySection t={t} data={data} dateTime={dateTime} onChanged={onChanged} />
      <MyData t={t} />
    </div>
  );
}
