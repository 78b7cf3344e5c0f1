import type { PanelCustomer, PanelStatus } from '../../../src/surfaces/agent-api';
import { iso, type Dates } from './dates';
import type { Lang, Messages } from './i18n';

function Fact({ term, children }: { term: string; children: React.ReactNode }) {
  return (
    <div className="pa-fact">
      <dt>{term}</dt>
      <dd>{children}</dd>
    </div>
  );
}

function When({ sec, text }: { sec: number; text: string }) {
  return sec > 0 ? <time dateTime={iso(sec)}>{text}</time> : <>{text}</>;
}

/** 'On (authenticator app, SMS +49 ••• •••• 89)', 'Off', 'Required, not set up'… (the number comes masked). */
function TwoStepLine({ customer, t }: { customer: PanelCustomer; t: Messages }) {
  return (
    <span id="pa-two-step">
      {customer.twoStep === 'on'
        ? t.twoStepOn([...(customer.twoStepMethods.totp ? [t.twoStepMethod.totp] : []), ...(customer.twoStepMethods.sms ? [t.twoStepMethod.sms(customer.twoStepMethods.sms)] : [])])
        : t.twoStep[customer.twoStep]}
      {customer.passkeys > 0 ? <span id="pa-passkeys">{` · ${t.passkeys(customer.passkeys)}`}</span> : null}
    </span>
  );
}

/** The customer's account facts (dates, language, two-step verification); the reporter's email when it differs. */
export function Facts({ customer, reporterEmail, status, t, dates }: { customer: PanelCustomer; reporterEmail: string | null; status: PanelStatus; t: Messages; dates: Dates }) {
  return (
    <dl className="pa-facts" aria-label={t.facts.label}>
      {customer.email && customer.email !== reporterEmail && <Fact term={t.facts.email}>{customer.email}</Fact>}
      {customer.username && <Fact term={t.facts.username}>{customer.username}</Fact>}
      {customer.locale && (
        <Fact term={t.facts.language}>{customer.locale in t.languages ? t.languages[customer.locale as Lang] : customer.locale}</Fact>
      )}
      <Fact term={t.facts.invited}>
        <When sec={customer.invitedAt} text={dates.date(customer.invitedAt)} />
      </Fact>
      {(status === 'invited' || status === 'invite-expired') && (
        <Fact term={t.facts.inviteExpires}>
          <When sec={customer.inviteExpiresAt} text={dates.date(customer.inviteExpiresAt)} />
        </Fact>
      )}
      <Fact term={t.facts.activeSince}>
        <When sec={customer.activatedAt} text={dates.date(customer.activatedAt)} />
      </Fact>
      <Fact term={t.facts.passwordChanged}>
        <When sec={customer.passwordChangedAt} text={dates.date(customer.passwordChangedAt)} />
      </Fact>
      <Fact term={t.facts.lastSignIn}>
        <When sec={customer.lastSignInAt} text={dates.dateTime(customer.lastSignInAt)} />
      </Fact>
      <Fact term={t.facts.twoStep}>
        <TwoStepLine customer={customer} t={t} />
      </Fact>
    </dl>
  );
}
