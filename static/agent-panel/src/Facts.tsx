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

/** A date fact: the formatted date in a <time>, or the formatter's text for 0 ("never"). */
function DateFact({ term, sec, format }: { term: string; sec: number; format: (sec: number) => string }) {
  return <Fact term={term}>{sec > 0 ? <time dateTime={iso(sec)}>{format(sec)}</time> : format(sec)}</Fact>;
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
      <DateFact term={t.facts.invited} sec={customer.invitedAt} format={dates.date} />
      {(status === 'invited' || status === 'invite-expired') && <DateFact term={t.facts.inviteExpires} sec={customer.inviteExpiresAt} format={dates.date} />}
      <DateFact term={t.facts.activeSince} sec={customer.activatedAt} format={dates.date} />
      <DateFact term={t.facts.passwordChanged} sec={customer.passwordChangedAt} format={dates.date} />
      <DateFact term={t.facts.lastSignIn} sec={customer.lastSignInAt} format={dates.dateTime} />
      <Fact term={t.facts.twoStep}>
        <TwoStepLine customer={customer} t={t} />
      </Fact>
    </dl>
  );
}
