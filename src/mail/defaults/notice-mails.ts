import type { TwoStepNoticeKind } from '../../domain/mail-kinds';
import type { Locale } from '../../i18n/locale';
import type { MailTemplate } from '../default-templates';
import { eitherParagraph, shippedMail } from './mail-shape';

/** The shipped security notices (two-step verification and passkeys), per locale: no link that signs in. */
export const NOTICE_MAILS: Record<TwoStepNoticeKind, Record<Locale, MailTemplate>> = {
  'twostep-on': {
    en: shippedMail('en', {
      subject: '[{{ portal.name }}] Two-step verification was turned on',
      preheader: 'Signing in to {{ customer.username }} now asks for a code after the password (since {{ event.at }}).',
      body: [
        'two-step verification ({{ method.name }}) was turned on for your {{ portal.name }} account <strong>{{ customer.username }}</strong> on {{ event.at }}. From now on, signing in asks for a code after your password.',
        'If this was you, there is nothing else to do. Keep your recovery codes in a safe place: each one lets you sign in once if you lose your phone.',
        '<strong>If this was not you</strong>, someone knows your password and has set up two-step verification with a device of theirs. Tell the service desk at once: {{ support.contact }}. They can remove that method (a password reset on its own cannot: it asks for the new code). Then reset your password now:',
      ],
      end: 'reset-button',
    }),
    de: shippedMail('de', {
      subject: '[{{ portal.name }}] Zwei-Schritt-Verifizierung wurde eingeschaltet',
      preheader: 'Die Anmeldung bei {{ customer.username }} fragt jetzt nach dem Passwort einen Code ab (seit {{ event.at }}).',
      body: [
        'für Ihr {{ portal.name }}-Konto <strong>{{ customer.username }}</strong> wurde am {{ event.at }} die Zwei-Schritt-Verifizierung ({{ method.name }}) eingeschaltet. Ab jetzt fragt die Anmeldung nach Ihrem Passwort einen Code ab.',
        'Wenn Sie das waren, ist nichts weiter zu tun. Bewahren Sie Ihre Wiederherstellungscodes sicher auf: Mit jedem können Sie sich einmal anmelden, falls Sie Ihr Telefon verlieren.',
        '<strong>Wenn Sie das nicht waren</strong>, kennt jemand Ihr Passwort und hat die Zwei-Schritt-Verifizierung mit einem eigenen Gerät eingerichtet. Melden Sie das sofort dem Service-Desk: {{ support.contact }}. Er kann diese Methode entfernen (ein Zurücksetzen des Passworts allein kann das nicht, denn es fragt nach dem neuen Code). Setzen Sie danach Ihr Passwort jetzt zurück:',
      ],
      end: 'reset-button',
    }),
  },
  'twostep-off': {
    en: shippedMail('en', {
      subject: '[{{ portal.name }}] Two-step verification was turned off',
      preheader: 'Signing in to {{ customer.username }} no longer asks for a code ({{ method.name }}, since {{ event.at }}).',
      body: [
        'two-step verification ({{ method.name }}) was turned off for your {{ portal.name }} account <strong>{{ customer.username }}</strong> on {{ event.at }}. Signing in no longer asks for a code from it, and its recovery codes no longer work.',
        'If this was you, there is nothing else to do. You can turn it on again in your profile.',
        'If this was not you, someone may know your password: reset your password now and contact the service desk: {{ support.contact }}',
      ],
      end: 'reset-button',
    }),
    de: shippedMail('de', {
      subject: '[{{ portal.name }}] Zwei-Schritt-Verifizierung wurde ausgeschaltet',
      preheader: 'Die Anmeldung bei {{ customer.username }} fragt keinen Code mehr ab ({{ method.name }}, seit {{ event.at }}).',
      body: [
        'für Ihr {{ portal.name }}-Konto <strong>{{ customer.username }}</strong> wurde am {{ event.at }} die Zwei-Schritt-Verifizierung ({{ method.name }}) ausgeschaltet. Die Anmeldung fragt keinen Code mehr davon ab, und die Wiederherstellungscodes dafür gelten nicht mehr.',
        'Wenn Sie das waren, ist nichts weiter zu tun. Sie können sie in Ihrem Profil wieder einschalten.',
        'Wenn Sie das nicht waren, kennt möglicherweise jemand Ihr Passwort: Setzen Sie Ihr Passwort jetzt zurück und wenden Sie sich an den Service-Desk: {{ support.contact }}',
      ],
      end: 'reset-button',
    }),
  },
  'twostep-codes': {
    en: shippedMail('en', {
      subject: '[{{ portal.name }}] New recovery codes were created',
      preheader: '{{ codes.left }} new recovery codes for {{ customer.username }} ({{ event.at }}); the old ones no longer work.',
      body: [
        '{{ codes.left }} new recovery codes were created for your {{ portal.name }} account <strong>{{ customer.username }}</strong> on {{ event.at }}. The earlier codes no longer work.',
        'If this was you, there is nothing else to do. Keep the new codes in a safe place.',
        'If this was not you, someone may know your password: reset your password now and contact the service desk: {{ support.contact }}',
      ],
      end: 'reset-button',
    }),
    de: shippedMail('de', {
      subject: '[{{ portal.name }}] Neue Wiederherstellungscodes wurden erstellt',
      preheader: '{{ codes.left }} neue Wiederherstellungscodes für {{ customer.username }} ({{ event.at }}); die alten gelten nicht mehr.',
      body: [
        'für Ihr {{ portal.name }}-Konto <strong>{{ customer.username }}</strong> wurden am {{ event.at }} {{ codes.left }} neue Wiederherstellungscodes erstellt. Die bisherigen Codes gelten nicht mehr.',
        'Wenn Sie das waren, ist nichts weiter zu tun. Bewahren Sie die neuen Codes sicher auf.',
        'Wenn Sie das nicht waren, kennt möglicherweise jemand Ihr Passwort: Setzen Sie Ihr Passwort jetzt zurück und wenden Sie sich an den Service-Desk: {{ support.contact }}',
      ],
      end: 'reset-button',
    }),
  },
  'twostep-reset': {
    en: shippedMail('en', {
      subject: '[{{ portal.name }}] Your two-step verification was reset',
      preheader: 'An administrator reset two-step verification for {{ customer.username }} on {{ event.at }}.',
      body: [
        'an administrator reset two-step verification for your {{ portal.name }} account <strong>{{ customer.username }}</strong> on {{ event.at }}. Your authenticator app and your recovery codes no longer work for this account.',
        eitherParagraph('setup.required', 'Two-step verification is required for your account: you will set it up again at your next sign-in.', 'Signing in asks only for your password now. You can set up two-step verification again in your profile.'),
        'If you did not ask for this, contact the service desk: {{ support.contact }}. If you think someone else knows your password, reset it now.',
      ],
      end: 'reset-button',
    }),
    de: shippedMail('de', {
      subject: '[{{ portal.name }}] Ihre Zwei-Schritt-Verifizierung wurde zurückgesetzt',
      preheader: 'Ein Administrator hat am {{ event.at }} die Zwei-Schritt-Verifizierung für {{ customer.username }} zurückgesetzt.',
      body: [
        'ein Administrator hat am {{ event.at }} die Zwei-Schritt-Verifizierung für Ihr {{ portal.name }}-Konto <strong>{{ customer.username }}</strong> zurückgesetzt. Ihre Authenticator-App und Ihre Wiederherstellungscodes gelten für dieses Konto nicht mehr.',
        eitherParagraph('setup.required', 'Für Ihr Konto ist die Zwei-Schritt-Verifizierung Pflicht: Sie richten sie bei Ihrer nächsten Anmeldung neu ein.', 'Die Anmeldung fragt jetzt nur Ihr Passwort ab. Sie können die Zwei-Schritt-Verifizierung in Ihrem Profil wieder einrichten.'),
        'Wenn Sie das nicht veranlasst haben, wenden Sie sich an den Service-Desk: {{ support.contact }}. Falls jemand anderes Ihr Passwort kennen könnte, setzen Sie es jetzt zurück.',
      ],
      end: 'reset-button',
    }),
  },
  'twostep-recovery-used': {
    en: shippedMail('en', {
      subject: '[{{ portal.name }}] A recovery code was used',
      preheader: 'A recovery code of {{ customer.username }} was used on {{ event.at }}. Codes left: {{ codes.left }}.',
      body: [
        'a recovery code was used for your {{ portal.name }} account <strong>{{ customer.username }}</strong> on {{ event.at }}. Each code works once. Recovery codes left: <strong>{{ codes.left }}</strong>.',
        'If this was you, there is nothing else to do. When few codes are left, create new ones in your profile.',
        'If this was not you, someone may know your password: reset your password now and contact the service desk: {{ support.contact }}',
      ],
      end: 'reset-button',
    }),
    de: shippedMail('de', {
      subject: '[{{ portal.name }}] Ein Wiederherstellungscode wurde verwendet',
      preheader: 'Ein Wiederherstellungscode von {{ customer.username }} wurde am {{ event.at }} verwendet. Verbleibende Codes: {{ codes.left }}.',
      body: [
        'für Ihr {{ portal.name }}-Konto <strong>{{ customer.username }}</strong> wurde am {{ event.at }} ein Wiederherstellungscode verwendet. Jeder Code funktioniert einmal. Verbleibende Wiederherstellungscodes: <strong>{{ codes.left }}</strong>.',
        'Wenn Sie das waren, ist nichts weiter zu tun. Wenn nur noch wenige Codes übrig sind, erstellen Sie in Ihrem Profil neue.',
        'Wenn Sie das nicht waren, kennt möglicherweise jemand Ihr Passwort: Setzen Sie Ihr Passwort jetzt zurück und wenden Sie sich an den Service-Desk: {{ support.contact }}',
      ],
      end: 'reset-button',
    }),
  },
  'passkey-added': {
    en: shippedMail('en', {
      subject: '[{{ portal.name }}] A passkey was added to your account',
      preheader: 'A passkey ({{ passkey.name }}) was added to {{ customer.username }} on {{ event.at }}.',
      body: [
        'a passkey (<strong>{{ passkey.name }}</strong>) was added to your {{ portal.name }} account <strong>{{ customer.username }}</strong> on {{ event.at }}. It signs you in without your password.',
        'If this was you, there is nothing else to do. You can rename or remove your passkeys in your profile.',
        'If this was not you, reset your password now, remove the passkey in your profile and contact the service desk: {{ support.contact }}',
      ],
      end: 'reset-button',
    }),
    de: shippedMail('de', {
      subject: '[{{ portal.name }}] Ihrem Konto wurde ein Passkey hinzugefügt',
      preheader: 'Am {{ event.at }} wurde {{ customer.username }} ein Passkey ({{ passkey.name }}) hinzugefügt.',
      body: [
        'Ihrem {{ portal.name }}-Konto <strong>{{ customer.username }}</strong> wurde am {{ event.at }} ein Passkey (<strong>{{ passkey.name }}</strong>) hinzugefügt. Mit ihm melden Sie sich ohne Passwort an.',
        'Wenn Sie das waren, ist nichts weiter zu tun. Ihre Passkeys können Sie in Ihrem Profil umbenennen oder entfernen.',
        'Wenn Sie das nicht waren, setzen Sie Ihr Passwort jetzt zurück, entfernen Sie den Passkey in Ihrem Profil und wenden Sie sich an den Service-Desk: {{ support.contact }}',
      ],
      end: 'reset-button',
    }),
  },
  'passkey-removed': {
    en: shippedMail('en', {
      subject: '[{{ portal.name }}] A passkey was removed from your account',
      preheader: '{% if passkey.name != "" %}The passkey {{ passkey.name }}{% else %}Passkeys{% endif %} of {{ customer.username }} removed on {{ event.at }}.',
      body: [
        '{% if passkey.name != "" %}the passkey <strong>{{ passkey.name }}</strong> was{% else %}passkeys were{% endif %} removed from your {{ portal.name }} account <strong>{{ customer.username }}</strong> on {{ event.at }}. Passkeys left: <strong>{{ passkey.left }}</strong>.',
        'If this was you, there is nothing else to do.',
        'If this was not you, reset your password now and contact the service desk: {{ support.contact }}',
      ],
      end: 'reset-button',
    }),
    de: shippedMail('de', {
      subject: '[{{ portal.name }}] Aus Ihrem Konto wurde ein Passkey entfernt',
      preheader: '{% if passkey.name != "" %}Der Passkey {{ passkey.name }}{% else %}Passkeys{% endif %} von {{ customer.username }} am {{ event.at }} entfernt.',
      body: [
        'aus Ihrem {{ portal.name }}-Konto <strong>{{ customer.username }}</strong> wurde{% if passkey.name != "" %} am {{ event.at }} der Passkey <strong>{{ passkey.name }}</strong>{% else %}n am {{ event.at }} Passkeys{% endif %} entfernt. Verbleibende Passkeys: <strong>{{ passkey.left }}</strong>.',
        'Wenn Sie das waren, ist nichts weiter zu tun.',
        'Wenn Sie das nicht waren, setzen Sie Ihr Passwort jetzt zurück und wenden Sie sich an den Service-Desk: {{ support.contact }}',
      ],
      end: 'reset-button',
    }),
  },
};
