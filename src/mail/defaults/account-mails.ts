import type { Locale } from '../../i18n/locale';
import type { MailTemplate } from '../default-templates';

/** The shipped account mails (invitation, reminder, reset, password changed, sign-in code), per locale. */
export const ACCOUNT_MAILS: Record<'invite' | 'invite-reminder' | 'reset' | 'password-changed' | 'sign-in-code', Record<Locale, MailTemplate>> = {
  invite: {
    en: {
      subject: '[{{ portal.name }}] You are invited to the {{ portal.name }} portal',
      preheader: 'Set your password for {{ customer.username }}. The link is valid for {{ link.days }} days.',
      html: `<p>Hello {{ customer.name }},</p>
<p>{{ inviter.name }} invited you to the {{ portal.name }} portal, where you can raise requests and follow their progress.</p>
<p>Your username: <strong>{{ customer.username }}</strong></p>
{{ link.url | button: "Set your password" }}
<p>This link is valid for {{ link.days }} days and works once. After that, ask us for a new invitation: {{ support.contact }}</p>
<p class="small">If the button does not work, copy this link into your browser:<br><a href="{{ link.url }}">{{ link.url }}</a></p>`,
      text: `Hello {{ customer.name }},

{{ inviter.name }} invited you to the {{ portal.name }} portal, where you can raise requests and follow their progress.

Your username: {{ customer.username }}

Set your password:
{{ link.url }}

This link is valid for {{ link.days }} days and works once. After that, ask us for a new invitation: {{ support.contact }}`,
    },
    de: {
      subject: '[{{ portal.name }}] Einladung zum Portal {{ portal.name }}',
      preheader: 'Legen Sie Ihr Passwort für {{ customer.username }} fest. Der Link ist {{ link.days }} Tage gültig.',
      html: `<p>Hallo {{ customer.name }},</p>
<p>{{ inviter.name }} hat Sie zum Portal {{ portal.name }} eingeladen. Dort können Sie Anfragen stellen und ihren Bearbeitungsstand verfolgen.</p>
<p>Ihr Benutzername: <strong>{{ customer.username }}</strong></p>
{{ link.url | button: "Passwort festlegen" }}
<p>Dieser Link ist {{ link.days }} Tage gültig und funktioniert einmal. Danach bitten Sie uns um eine neue Einladung: {{ support.contact }}</p>
<p class="small">Falls die Schaltfläche nicht funktioniert, kopieren Sie diesen Link in Ihren Browser:<br><a href="{{ link.url }}">{{ link.url }}</a></p>`,
      text: `Hallo {{ customer.name }},

{{ inviter.name }} hat Sie zum Portal {{ portal.name }} eingeladen. Dort können Sie Anfragen stellen und ihren Bearbeitungsstand verfolgen.

Ihr Benutzername: {{ customer.username }}

Passwort festlegen:
{{ link.url }}

Dieser Link ist {{ link.days }} Tage gültig und funktioniert einmal. Danach bitten Sie uns um eine neue Einladung: {{ support.contact }}`,
    },
  },
  'invite-reminder': {
    en: {
      subject: '[{{ portal.name }}] Reminder: your invitation to {{ portal.name }} expires soon',
      preheader: 'Set your password for {{ customer.username }}. Your invitation expires in {{ link.days }} days.',
      html: `<p>Hello {{ customer.name }},</p>
<p>you were invited to the {{ portal.name }} portal but have not set your password yet.</p>
<p>Your username: <strong>{{ customer.username }}</strong></p>
{{ link.url | button: "Set your password" }}
<p>Your invitation expires in {{ link.days }} days. This link replaces the one in your invitation email and works once. Questions? {{ support.contact }}</p>
<p class="small">If the button does not work, copy this link into your browser:<br><a href="{{ link.url }}">{{ link.url }}</a></p>`,
      text: `Hello {{ customer.name }},

you were invited to the {{ portal.name }} portal but have not set your password yet.

Your username: {{ customer.username }}

Set your password:
{{ link.url }}

Your invitation expires in {{ link.days }} days. This link replaces the one in your invitation email and works once. Questions? {{ support.contact }}`,
    },
    de: {
      subject: '[{{ portal.name }}] Erinnerung: Ihre Einladung zu {{ portal.name }} läuft bald ab',
      preheader: 'Legen Sie Ihr Passwort für {{ customer.username }} fest. Ihre Einladung läuft in {{ link.days }} Tagen ab.',
      html: `<p>Hallo {{ customer.name }},</p>
<p>Sie wurden zum Portal {{ portal.name }} eingeladen, haben aber noch kein Passwort festgelegt.</p>
<p>Ihr Benutzername: <strong>{{ customer.username }}</strong></p>
{{ link.url | button: "Passwort festlegen" }}
<p>Ihre Einladung läuft in {{ link.days }} Tagen ab. Dieser Link ersetzt den aus Ihrer Einladungs-E-Mail und funktioniert einmal. Fragen? {{ support.contact }}</p>
<p class="small">Falls die Schaltfläche nicht funktioniert, kopieren Sie diesen Link in Ihren Browser:<br><a href="{{ link.url }}">{{ link.url }}</a></p>`,
      text: `Hallo {{ customer.name }},

Sie wurden zum Portal {{ portal.name }} eingeladen, haben aber noch kein Passwort festgelegt.

Ihr Benutzername: {{ customer.username }}

Passwort festlegen:
{{ link.url }}

Ihre Einladung läuft in {{ link.days }} Tagen ab. Dieser Link ersetzt den aus Ihrer Einladungs-E-Mail und funktioniert einmal. Fragen? {{ support.contact }}`,
    },
  },
  reset: {
    en: {
      subject: '[{{ portal.name }}] Reset your password',
      preheader: 'Create a new password for {{ customer.username }}. The link is valid for {{ link.minutes }} minutes.',
      html: `<p>Hello {{ customer.name }},</p>
<p>we received a request to reset the password of your {{ portal.name }} account <strong>{{ customer.username }}</strong>.</p>
{{ link.url | button: "Reset my password" }}
<p>This link is valid for {{ link.minutes }} minutes and works once. If you did not ask for a new password, you can ignore this email: your password stays unchanged.</p>
<p class="small">If the button does not work, copy this link into your browser:<br><a href="{{ link.url }}">{{ link.url }}</a></p>`,
      text: `Hello {{ customer.name }},

we received a request to reset the password of your {{ portal.name }} account {{ customer.username }}.

Reset my password:
{{ link.url }}

This link is valid for {{ link.minutes }} minutes and works once. If you did not ask for a new password, you can ignore this email: your password stays unchanged.`,
    },
    de: {
      subject: '[{{ portal.name }}] Ihr Passwort zurücksetzen',
      preheader: 'Legen Sie ein neues Passwort für {{ customer.username }} fest. Der Link ist {{ link.minutes }} Minuten gültig.',
      html: `<p>Hallo {{ customer.name }},</p>
<p>wir haben eine Anfrage erhalten, das Passwort Ihres {{ portal.name }}-Kontos <strong>{{ customer.username }}</strong> zurückzusetzen.</p>
{{ link.url | button: "Mein Passwort zurücksetzen" }}
<p>Dieser Link ist {{ link.minutes }} Minuten gültig und funktioniert einmal. Falls Sie kein neues Passwort angefordert haben, können Sie diese E-Mail ignorieren: Ihr Passwort bleibt unverändert.</p>
<p class="small">Falls die Schaltfläche nicht funktioniert, kopieren Sie diesen Link in Ihren Browser:<br><a href="{{ link.url }}">{{ link.url }}</a></p>`,
      text: `Hallo {{ customer.name }},

wir haben eine Anfrage erhalten, das Passwort Ihres {{ portal.name }}-Kontos {{ customer.username }} zurückzusetzen.

Mein Passwort zurücksetzen:
{{ link.url }}

Dieser Link ist {{ link.minutes }} Minuten gültig und funktioniert einmal. Falls Sie kein neues Passwort angefordert haben, können Sie diese E-Mail ignorieren: Ihr Passwort bleibt unverändert.`,
    },
  },
  'password-changed': {
    en: {
      subject: '[{{ portal.name }}] Your password was changed',
      preheader: 'The password of {{ customer.username }} was changed on {{ changed.at }}.',
      html: `<p>Hello {{ customer.name }},</p>
<p>the password of your {{ portal.name }} account <strong>{{ customer.username }}</strong> was changed on {{ changed.at }}.</p>
<p>If this was you, there is nothing else to do.</p>
<p>If it was not you, reset your password now and tell us: {{ support.contact }}</p>
{{ forgot.url | button: "Reset password" }}`,
      text: `Hello {{ customer.name }},

the password of your {{ portal.name }} account {{ customer.username }} was changed on {{ changed.at }}.

If this was you, there is nothing else to do.

If it was not you, reset your password now and tell us: {{ support.contact }}
{{ forgot.url }}`,
    },
    de: {
      subject: '[{{ portal.name }}] Ihr Passwort wurde geändert',
      preheader: 'Das Passwort von {{ customer.username }} wurde am {{ changed.at }} geändert.',
      html: `<p>Hallo {{ customer.name }},</p>
<p>das Passwort Ihres {{ portal.name }}-Kontos <strong>{{ customer.username }}</strong> wurde am {{ changed.at }} geändert.</p>
<p>Wenn Sie das waren, ist nichts weiter zu tun.</p>
<p>Wenn nicht, setzen Sie Ihr Passwort jetzt zurück und informieren Sie uns: {{ support.contact }}</p>
{{ forgot.url | button: "Passwort zurücksetzen" }}`,
      text: `Hallo {{ customer.name }},

das Passwort Ihres {{ portal.name }}-Kontos {{ customer.username }} wurde am {{ changed.at }} geändert.

Wenn Sie das waren, ist nichts weiter zu tun.

Wenn nicht, setzen Sie Ihr Passwort jetzt zurück und informieren Sie uns: {{ support.contact }}
{{ forgot.url }}`,
    },
  },
  'sign-in-code': {
    en: {
      subject: '[{{ portal.name }}] Your sign-in code: {{ code.value }}',
      preheader: 'Your code to sign in to {{ portal.name }} as {{ customer.username }}. It is valid for {{ code.minutes }} minutes.',
      html: `<p>Hello {{ customer.name }},</p>
<p>here is your code to sign in to {{ portal.name }} as <strong>{{ customer.username }}</strong>:</p>
<p style="font-size:28px;font-weight:bold;letter-spacing:6px;font-family:monospace">{{ code.value }}</p>
<p>Type it on the sign-in page. It is valid for {{ code.minutes }} minutes and works once. Never share it: the service desk will never ask you for it.</p>
<p>If you did not ask for a code, you can ignore this email: nobody can sign in without it. If this keeps happening, tell us: {{ support.contact }}</p>`,
      text: `Hello {{ customer.name }},

here is your code to sign in to {{ portal.name }} as {{ customer.username }}:

{{ code.value }}

Type it on the sign-in page. It is valid for {{ code.minutes }} minutes and works once. Never share it: the service desk will never ask you for it.

If you did not ask for a code, you can ignore this email: nobody can sign in without it. If this keeps happening, tell us: {{ support.contact }}`,
    },
    de: {
      subject: '[{{ portal.name }}] Ihr Anmeldecode: {{ code.value }}',
      preheader: 'Ihr Code für die Anmeldung bei {{ portal.name }} als {{ customer.username }}. Er gilt {{ code.minutes }} Minuten.',
      html: `<p>Hallo {{ customer.name }},</p>
<p>hier ist Ihr Code für die Anmeldung bei {{ portal.name }} als <strong>{{ customer.username }}</strong>:</p>
<p style="font-size:28px;font-weight:bold;letter-spacing:6px;font-family:monospace">{{ code.value }}</p>
<p>Geben Sie ihn auf der Anmeldeseite ein. Er gilt {{ code.minutes }} Minuten und funktioniert einmal. Geben Sie ihn nie weiter: Der Service-Desk wird Sie nie danach fragen.</p>
<p>Falls Sie keinen Code angefordert haben, können Sie diese E-Mail ignorieren: Ohne den Code kann sich niemand anmelden. Falls das öfter vorkommt, informieren Sie uns: {{ support.contact }}</p>`,
      text: `Hallo {{ customer.name }},

hier ist Ihr Code für die Anmeldung bei {{ portal.name }} als {{ customer.username }}:

{{ code.value }}

Geben Sie ihn auf der Anmeldeseite ein. Er gilt {{ code.minutes }} Minuten und funktioniert einmal. Geben Sie ihn nie weiter: Der Service-Desk wird Sie nie danach fragen.

Falls Sie keinen Code angefordert haben, können Sie diese E-Mail ignorieren: Ohne den Code kann sich niemand anmelden. Falls das öfter vorkommt, informieren Sie uns: {{ support.contact }}`,
    },
  },
};
