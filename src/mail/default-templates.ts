import type { TwoStepNoticeKind } from '../domain/delivery';
import type { Locale } from '../i18n/locale';

/**
 * Shipped templates: Liquid, one set per kind and locale. Variables: customer.name, customer.username,
 * link.url, link.minutes (reset), link.days (invitation: its lifetime; reminder: days left), inviter.name,
 * portal.name, support.contact,
 * changed.at (a formatted date), forgot.url; the two-step notices: event.at (a formatted date), method.name
 * (on, off), codes.left (recovery codes left or created), setup.required (reset by an admin); the sign-in code
 * (issue 22): code.value (6 digits), code.minutes.
 * `{{ link.url | button: "Label" }}` renders the branded call-to-action button.
 */
export type MailKind = 'reset' | 'password-changed' | 'invite' | 'invite-reminder' | 'sign-in-code' | TwoStepNoticeKind;

export const MAIL_KINDS: readonly MailKind[] = [
  'reset',
  'invite',
  'invite-reminder',
  'password-changed',
  'sign-in-code',
  'twostep-on',
  'twostep-off',
  'twostep-codes',
  'twostep-reset',
  'twostep-recovery-used',
  'passkey-added',
  'passkey-removed',
];

export interface MailTemplate {
  subject: string;
  preheader: string;
  html: string;
  text: string;
}

export const DEFAULT_TEMPLATES: Record<MailKind, Record<Locale, MailTemplate>> = {
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
  'twostep-on': {
    en: {
      subject: '[{{ portal.name }}] Two-step verification was turned on',
      preheader: 'Signing in to {{ customer.username }} now asks for a code after the password (since {{ event.at }}).',
      html: `<p>Hello {{ customer.name }},</p>
<p>two-step verification ({{ method.name }}) was turned on for your {{ portal.name }} account <strong>{{ customer.username }}</strong> on {{ event.at }}. From now on, signing in asks for a code after your password.</p>
<p>If this was you, there is nothing else to do. Keep your recovery codes in a safe place: each one lets you sign in once if you lose your phone.</p>
<p><strong>If this was not you</strong>, someone knows your password and has set up two-step verification with a device of theirs. Tell the service desk at once: {{ support.contact }}. They can remove that method (a password reset on its own cannot: it asks for the new code). Then reset your password now:</p>
{{ forgot.url | button: "Reset password" }}`,
      text: `Hello {{ customer.name }},

two-step verification ({{ method.name }}) was turned on for your {{ portal.name }} account {{ customer.username }} on {{ event.at }}. From now on, signing in asks for a code after your password.

If this was you, there is nothing else to do. Keep your recovery codes in a safe place: each one lets you sign in once if you lose your phone.

If this was not you, someone knows your password and has set up two-step verification with a device of theirs. Tell the service desk at once: {{ support.contact }}. They can remove that method (a password reset on its own cannot: it asks for the new code). Then reset your password now:
{{ forgot.url }}`,
    },
    de: {
      subject: '[{{ portal.name }}] Zwei-Schritt-Verifizierung wurde eingeschaltet',
      preheader: 'Die Anmeldung bei {{ customer.username }} fragt jetzt nach dem Passwort einen Code ab (seit {{ event.at }}).',
      html: `<p>Hallo {{ customer.name }},</p>
<p>für Ihr {{ portal.name }}-Konto <strong>{{ customer.username }}</strong> wurde am {{ event.at }} die Zwei-Schritt-Verifizierung ({{ method.name }}) eingeschaltet. Ab jetzt fragt die Anmeldung nach Ihrem Passwort einen Code ab.</p>
<p>Wenn Sie das waren, ist nichts weiter zu tun. Bewahren Sie Ihre Wiederherstellungscodes sicher auf: Mit jedem können Sie sich einmal anmelden, falls Sie Ihr Telefon verlieren.</p>
<p><strong>Wenn Sie das nicht waren</strong>, kennt jemand Ihr Passwort und hat die Zwei-Schritt-Verifizierung mit einem eigenen Gerät eingerichtet. Melden Sie das sofort dem Service-Desk: {{ support.contact }}. Er kann diese Methode entfernen (ein Zurücksetzen des Passworts allein kann das nicht, denn es fragt nach dem neuen Code). Setzen Sie danach Ihr Passwort jetzt zurück:</p>
{{ forgot.url | button: "Passwort zurücksetzen" }}`,
      text: `Hallo {{ customer.name }},

für Ihr {{ portal.name }}-Konto {{ customer.username }} wurde am {{ event.at }} die Zwei-Schritt-Verifizierung ({{ method.name }}) eingeschaltet. Ab jetzt fragt die Anmeldung nach Ihrem Passwort einen Code ab.

Wenn Sie das waren, ist nichts weiter zu tun. Bewahren Sie Ihre Wiederherstellungscodes sicher auf: Mit jedem können Sie sich einmal anmelden, falls Sie Ihr Telefon verlieren.

Wenn Sie das nicht waren, kennt jemand Ihr Passwort und hat die Zwei-Schritt-Verifizierung mit einem eigenen Gerät eingerichtet. Melden Sie das sofort dem Service-Desk: {{ support.contact }}. Er kann diese Methode entfernen (ein Zurücksetzen des Passworts allein kann das nicht, denn es fragt nach dem neuen Code). Setzen Sie danach Ihr Passwort jetzt zurück:
{{ forgot.url }}`,
    },
  },
  'twostep-off': {
    en: {
      subject: '[{{ portal.name }}] Two-step verification was turned off',
      preheader: 'Signing in to {{ customer.username }} no longer asks for a code ({{ method.name }}, since {{ event.at }}).',
      html: `<p>Hello {{ customer.name }},</p>
<p>two-step verification ({{ method.name }}) was turned off for your {{ portal.name }} account <strong>{{ customer.username }}</strong> on {{ event.at }}. Signing in no longer asks for a code from it, and its recovery codes no longer work.</p>
<p>If this was you, there is nothing else to do. You can turn it on again in your profile.</p>
<p>If this was not you, someone may know your password: reset your password now and contact the service desk: {{ support.contact }}</p>
{{ forgot.url | button: "Reset password" }}`,
      text: `Hello {{ customer.name }},

two-step verification ({{ method.name }}) was turned off for your {{ portal.name }} account {{ customer.username }} on {{ event.at }}. Signing in no longer asks for a code from it, and its recovery codes no longer work.

If this was you, there is nothing else to do. You can turn it on again in your profile.

If this was not you, someone may know your password: reset your password now and contact the service desk: {{ support.contact }}
{{ forgot.url }}`,
    },
    de: {
      subject: '[{{ portal.name }}] Zwei-Schritt-Verifizierung wurde ausgeschaltet',
      preheader: 'Die Anmeldung bei {{ customer.username }} fragt keinen Code mehr ab ({{ method.name }}, seit {{ event.at }}).',
      html: `<p>Hallo {{ customer.name }},</p>
<p>für Ihr {{ portal.name }}-Konto <strong>{{ customer.username }}</strong> wurde am {{ event.at }} die Zwei-Schritt-Verifizierung ({{ method.name }}) ausgeschaltet. Die Anmeldung fragt keinen Code mehr davon ab, und die Wiederherstellungscodes dafür gelten nicht mehr.</p>
<p>Wenn Sie das waren, ist nichts weiter zu tun. Sie können sie in Ihrem Profil wieder einschalten.</p>
<p>Wenn Sie das nicht waren, kennt möglicherweise jemand Ihr Passwort: Setzen Sie Ihr Passwort jetzt zurück und wenden Sie sich an den Service-Desk: {{ support.contact }}</p>
{{ forgot.url | button: "Passwort zurücksetzen" }}`,
      text: `Hallo {{ customer.name }},

für Ihr {{ portal.name }}-Konto {{ customer.username }} wurde am {{ event.at }} die Zwei-Schritt-Verifizierung ({{ method.name }}) ausgeschaltet. Die Anmeldung fragt keinen Code mehr davon ab, und die Wiederherstellungscodes dafür gelten nicht mehr.

Wenn Sie das waren, ist nichts weiter zu tun. Sie können sie in Ihrem Profil wieder einschalten.

Wenn Sie das nicht waren, kennt möglicherweise jemand Ihr Passwort: Setzen Sie Ihr Passwort jetzt zurück und wenden Sie sich an den Service-Desk: {{ support.contact }}
{{ forgot.url }}`,
    },
  },
  'twostep-codes': {
    en: {
      subject: '[{{ portal.name }}] New recovery codes were created',
      preheader: '{{ codes.left }} new recovery codes for {{ customer.username }} ({{ event.at }}); the old ones no longer work.',
      html: `<p>Hello {{ customer.name }},</p>
<p>{{ codes.left }} new recovery codes were created for your {{ portal.name }} account <strong>{{ customer.username }}</strong> on {{ event.at }}. The earlier codes no longer work.</p>
<p>If this was you, there is nothing else to do. Keep the new codes in a safe place.</p>
<p>If this was not you, someone may know your password: reset your password now and contact the service desk: {{ support.contact }}</p>
{{ forgot.url | button: "Reset password" }}`,
      text: `Hello {{ customer.name }},

{{ codes.left }} new recovery codes were created for your {{ portal.name }} account {{ customer.username }} on {{ event.at }}. The earlier codes no longer work.

If this was you, there is nothing else to do. Keep the new codes in a safe place.

If this was not you, someone may know your password: reset your password now and contact the service desk: {{ support.contact }}
{{ forgot.url }}`,
    },
    de: {
      subject: '[{{ portal.name }}] Neue Wiederherstellungscodes wurden erstellt',
      preheader: '{{ codes.left }} neue Wiederherstellungscodes für {{ customer.username }} ({{ event.at }}); die alten gelten nicht mehr.',
      html: `<p>Hallo {{ customer.name }},</p>
<p>für Ihr {{ portal.name }}-Konto <strong>{{ customer.username }}</strong> wurden am {{ event.at }} {{ codes.left }} neue Wiederherstellungscodes erstellt. Die bisherigen Codes gelten nicht mehr.</p>
<p>Wenn Sie das waren, ist nichts weiter zu tun. Bewahren Sie die neuen Codes sicher auf.</p>
<p>Wenn Sie das nicht waren, kennt möglicherweise jemand Ihr Passwort: Setzen Sie Ihr Passwort jetzt zurück und wenden Sie sich an den Service-Desk: {{ support.contact }}</p>
{{ forgot.url | button: "Passwort zurücksetzen" }}`,
      text: `Hallo {{ customer.name }},

für Ihr {{ portal.name }}-Konto {{ customer.username }} wurden am {{ event.at }} {{ codes.left }} neue Wiederherstellungscodes erstellt. Die bisherigen Codes gelten nicht mehr.

Wenn Sie das waren, ist nichts weiter zu tun. Bewahren Sie die neuen Codes sicher auf.

Wenn Sie das nicht waren, kennt möglicherweise jemand Ihr Passwort: Setzen Sie Ihr Passwort jetzt zurück und wenden Sie sich an den Service-Desk: {{ support.contact }}
{{ forgot.url }}`,
    },
  },
  'twostep-reset': {
    en: {
      subject: '[{{ portal.name }}] Your two-step verification was reset',
      preheader: 'An administrator reset two-step verification for {{ customer.username }} on {{ event.at }}.',
      html: `<p>Hello {{ customer.name }},</p>
<p>an administrator reset two-step verification for your {{ portal.name }} account <strong>{{ customer.username }}</strong> on {{ event.at }}. Your authenticator app and your recovery codes no longer work for this account.</p>
{% if setup.required %}<p>Two-step verification is required for your account: you will set it up again at your next sign-in.</p>{% else %}<p>Signing in asks only for your password now. You can set up two-step verification again in your profile.</p>{% endif %}
<p>If you did not ask for this, contact the service desk: {{ support.contact }}. If you think someone else knows your password, reset it now.</p>
{{ forgot.url | button: "Reset password" }}`,
      text: `Hello {{ customer.name }},

an administrator reset two-step verification for your {{ portal.name }} account {{ customer.username }} on {{ event.at }}. Your authenticator app and your recovery codes no longer work for this account.

{% if setup.required %}Two-step verification is required for your account: you will set it up again at your next sign-in.{% else %}Signing in asks only for your password now. You can set up two-step verification again in your profile.{% endif %}

If you did not ask for this, contact the service desk: {{ support.contact }}. If you think someone else knows your password, reset it now.
{{ forgot.url }}`,
    },
    de: {
      subject: '[{{ portal.name }}] Ihre Zwei-Schritt-Verifizierung wurde zurückgesetzt',
      preheader: 'Ein Administrator hat am {{ event.at }} die Zwei-Schritt-Verifizierung für {{ customer.username }} zurückgesetzt.',
      html: `<p>Hallo {{ customer.name }},</p>
<p>ein Administrator hat am {{ event.at }} die Zwei-Schritt-Verifizierung für Ihr {{ portal.name }}-Konto <strong>{{ customer.username }}</strong> zurückgesetzt. Ihre Authenticator-App und Ihre Wiederherstellungscodes gelten für dieses Konto nicht mehr.</p>
{% if setup.required %}<p>Für Ihr Konto ist die Zwei-Schritt-Verifizierung Pflicht: Sie richten sie bei Ihrer nächsten Anmeldung neu ein.</p>{% else %}<p>Die Anmeldung fragt jetzt nur Ihr Passwort ab. Sie können die Zwei-Schritt-Verifizierung in Ihrem Profil wieder einrichten.</p>{% endif %}
<p>Wenn Sie das nicht veranlasst haben, wenden Sie sich an den Service-Desk: {{ support.contact }}. Falls jemand anderes Ihr Passwort kennen könnte, setzen Sie es jetzt zurück.</p>
{{ forgot.url | button: "Passwort zurücksetzen" }}`,
      text: `Hallo {{ customer.name }},

ein Administrator hat am {{ event.at }} die Zwei-Schritt-Verifizierung für Ihr {{ portal.name }}-Konto {{ customer.username }} zurückgesetzt. Ihre Authenticator-App und Ihre Wiederherstellungscodes gelten für dieses Konto nicht mehr.

{% if setup.required %}Für Ihr Konto ist die Zwei-Schritt-Verifizierung Pflicht: Sie richten sie bei Ihrer nächsten Anmeldung neu ein.{% else %}Die Anmeldung fragt jetzt nur Ihr Passwort ab. Sie können die Zwei-Schritt-Verifizierung in Ihrem Profil wieder einrichten.{% endif %}

Wenn Sie das nicht veranlasst haben, wenden Sie sich an den Service-Desk: {{ support.contact }}. Falls jemand anderes Ihr Passwort kennen könnte, setzen Sie es jetzt zurück.
{{ forgot.url }}`,
    },
  },
  'twostep-recovery-used': {
    en: {
      subject: '[{{ portal.name }}] A recovery code was used',
      preheader: 'A recovery code of {{ customer.username }} was used on {{ event.at }}. Codes left: {{ codes.left }}.',
      html: `<p>Hello {{ customer.name }},</p>
<p>a recovery code was used for your {{ portal.name }} account <strong>{{ customer.username }}</strong> on {{ event.at }}. Each code works once. Recovery codes left: <strong>{{ codes.left }}</strong>.</p>
<p>If this was you, there is nothing else to do. When few codes are left, create new ones in your profile.</p>
<p>If this was not you, someone may know your password: reset your password now and contact the service desk: {{ support.contact }}</p>
{{ forgot.url | button: "Reset password" }}`,
      text: `Hello {{ customer.name }},

a recovery code was used for your {{ portal.name }} account {{ customer.username }} on {{ event.at }}. Each code works once. Recovery codes left: {{ codes.left }}.

If this was you, there is nothing else to do. When few codes are left, create new ones in your profile.

If this was not you, someone may know your password: reset your password now and contact the service desk: {{ support.contact }}
{{ forgot.url }}`,
    },
    de: {
      subject: '[{{ portal.name }}] Ein Wiederherstellungscode wurde verwendet',
      preheader: 'Ein Wiederherstellungscode von {{ customer.username }} wurde am {{ event.at }} verwendet. Verbleibende Codes: {{ codes.left }}.',
      html: `<p>Hallo {{ customer.name }},</p>
<p>für Ihr {{ portal.name }}-Konto <strong>{{ customer.username }}</strong> wurde am {{ event.at }} ein Wiederherstellungscode verwendet. Jeder Code funktioniert einmal. Verbleibende Wiederherstellungscodes: <strong>{{ codes.left }}</strong>.</p>
<p>Wenn Sie das waren, ist nichts weiter zu tun. Wenn nur noch wenige Codes übrig sind, erstellen Sie in Ihrem Profil neue.</p>
<p>Wenn Sie das nicht waren, kennt möglicherweise jemand Ihr Passwort: Setzen Sie Ihr Passwort jetzt zurück und wenden Sie sich an den Service-Desk: {{ support.contact }}</p>
{{ forgot.url | button: "Passwort zurücksetzen" }}`,
      text: `Hallo {{ customer.name }},

für Ihr {{ portal.name }}-Konto {{ customer.username }} wurde am {{ event.at }} ein Wiederherstellungscode verwendet. Jeder Code funktioniert einmal. Verbleibende Wiederherstellungscodes: {{ codes.left }}.

Wenn Sie das waren, ist nichts weiter zu tun. Wenn nur noch wenige Codes übrig sind, erstellen Sie in Ihrem Profil neue.

Wenn Sie das nicht waren, kennt möglicherweise jemand Ihr Passwort: Setzen Sie Ihr Passwort jetzt zurück und wenden Sie sich an den Service-Desk: {{ support.contact }}
{{ forgot.url }}`,
    },
  },
  'passkey-added': {
    en: {
      subject: '[{{ portal.name }}] A passkey was added to your account',
      preheader: 'A passkey ({{ passkey.name }}) was added to {{ customer.username }} on {{ event.at }}.',
      html: `<p>Hello {{ customer.name }},</p>
<p>a passkey (<strong>{{ passkey.name }}</strong>) was added to your {{ portal.name }} account <strong>{{ customer.username }}</strong> on {{ event.at }}. It signs you in without your password.</p>
<p>If this was you, there is nothing else to do. You can rename or remove your passkeys in your profile.</p>
<p>If this was not you, reset your password now, remove the passkey in your profile and contact the service desk: {{ support.contact }}</p>
{{ forgot.url | button: "Reset password" }}`,
      text: `Hello {{ customer.name }},

a passkey ({{ passkey.name }}) was added to your {{ portal.name }} account {{ customer.username }} on {{ event.at }}. It signs you in without your password.

If this was you, there is nothing else to do. You can rename or remove your passkeys in your profile.

If this was not you, reset your password now, remove the passkey in your profile and contact the service desk: {{ support.contact }}
{{ forgot.url }}`,
    },
    de: {
      subject: '[{{ portal.name }}] Ihrem Konto wurde ein Passkey hinzugefügt',
      preheader: 'Am {{ event.at }} wurde {{ customer.username }} ein Passkey ({{ passkey.name }}) hinzugefügt.',
      html: `<p>Hallo {{ customer.name }},</p>
<p>Ihrem {{ portal.name }}-Konto <strong>{{ customer.username }}</strong> wurde am {{ event.at }} ein Passkey (<strong>{{ passkey.name }}</strong>) hinzugefügt. Mit ihm melden Sie sich ohne Passwort an.</p>
<p>Wenn Sie das waren, ist nichts weiter zu tun. Ihre Passkeys können Sie in Ihrem Profil umbenennen oder entfernen.</p>
<p>Wenn Sie das nicht waren, setzen Sie Ihr Passwort jetzt zurück, entfernen Sie den Passkey in Ihrem Profil und wenden Sie sich an den Service-Desk: {{ support.contact }}</p>
{{ forgot.url | button: "Passwort zurücksetzen" }}`,
      text: `Hallo {{ customer.name }},

Ihrem {{ portal.name }}-Konto {{ customer.username }} wurde am {{ event.at }} ein Passkey ({{ passkey.name }}) hinzugefügt. Mit ihm melden Sie sich ohne Passwort an.

Wenn Sie das waren, ist nichts weiter zu tun. Ihre Passkeys können Sie in Ihrem Profil umbenennen oder entfernen.

Wenn Sie das nicht waren, setzen Sie Ihr Passwort jetzt zurück, entfernen Sie den Passkey in Ihrem Profil und wenden Sie sich an den Service-Desk: {{ support.contact }}
{{ forgot.url }}`,
    },
  },
  'passkey-removed': {
    en: {
      subject: '[{{ portal.name }}] A passkey was removed from your account',
      preheader: '{% if passkey.name != "" %}The passkey {{ passkey.name }}{% else %}Passkeys{% endif %} of {{ customer.username }} removed on {{ event.at }}.',
      html: `<p>Hello {{ customer.name }},</p>
<p>{% if passkey.name != "" %}the passkey <strong>{{ passkey.name }}</strong> was{% else %}passkeys were{% endif %} removed from your {{ portal.name }} account <strong>{{ customer.username }}</strong> on {{ event.at }}. Passkeys left: <strong>{{ passkey.left }}</strong>.</p>
<p>If this was you, there is nothing else to do.</p>
<p>If this was not you, reset your password now and contact the service desk: {{ support.contact }}</p>
{{ forgot.url | button: "Reset password" }}`,
      text: `Hello {{ customer.name }},

{% if passkey.name != "" %}the passkey {{ passkey.name }} was{% else %}passkeys were{% endif %} removed from your {{ portal.name }} account {{ customer.username }} on {{ event.at }}. Passkeys left: {{ passkey.left }}.

If this was you, there is nothing else to do.

If this was not you, reset your password now and contact the service desk: {{ support.contact }}
{{ forgot.url }}`,
    },
    de: {
      subject: '[{{ portal.name }}] Aus Ihrem Konto wurde ein Passkey entfernt',
      preheader: '{% if passkey.name != "" %}Der Passkey {{ passkey.name }}{% else %}Passkeys{% endif %} von {{ customer.username }} am {{ event.at }} entfernt.',
      html: `<p>Hallo {{ customer.name }},</p>
<p>aus Ihrem {{ portal.name }}-Konto <strong>{{ customer.username }}</strong> wurde{% if passkey.name != "" %} am {{ event.at }} der Passkey <strong>{{ passkey.name }}</strong>{% else %}n am {{ event.at }} Passkeys{% endif %} entfernt. Verbleibende Passkeys: <strong>{{ passkey.left }}</strong>.</p>
<p>Wenn Sie das waren, ist nichts weiter zu tun.</p>
<p>Wenn Sie das nicht waren, setzen Sie Ihr Passwort jetzt zurück und wenden Sie sich an den Service-Desk: {{ support.contact }}</p>
{{ forgot.url | button: "Passwort zurücksetzen" }}`,
      text: `Hallo {{ customer.name }},

aus Ihrem {{ portal.name }}-Konto {{ customer.username }} wurde{% if passkey.name != "" %} am {{ event.at }} der Passkey {{ passkey.name }}{% else %}n am {{ event.at }} Passkeys{% endif %} entfernt. Verbleibende Passkeys: {{ passkey.left }}.

Wenn Sie das waren, ist nichts weiter zu tun.

Wenn Sie das nicht waren, setzen Sie Ihr Passwort jetzt zurück und wenden Sie sich an den Service-Desk: {{ support.contact }}
{{ forgot.url }}`,
    },
  },
};
