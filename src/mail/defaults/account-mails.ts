import type { Locale } from '../../i18n/locale';
import type { MailTemplate } from '../default-templates';
import { CODE_BLOCK, linkButton, shippedMail } from './mail-shape';

/** The shipped account mails (invitation, reminder, reset, password changed, sign-in code), per locale. */
export const ACCOUNT_MAILS: Record<'invite' | 'invite-reminder' | 'reset' | 'password-changed' | 'sign-in-code', Record<Locale, MailTemplate>> = {
  invite: {
    en: shippedMail('en', {
      subject: '[{{ portal.name }}] You are invited to the {{ portal.name }} portal',
      preheader: 'Set your password for {{ customer.username }}. The link is valid for {{ link.days }} days.',
      body: [
        '{{ inviter.name }} invited you to the {{ portal.name }} portal, where you can raise requests and follow their progress.',
        'Your username: <strong>{{ customer.username }}</strong>',
        linkButton('Set your password'),
        'This link is valid for {{ link.days }} days and works once. After that, ask us for a new invitation: {{ support.contact }}',
      ],
      end: 'copy-link',
    }),
    de: shippedMail('de', {
      subject: '[{{ portal.name }}] Einladung zum Portal {{ portal.name }}',
      preheader: 'Legen Sie Ihr Passwort für {{ customer.username }} fest. Der Link ist {{ link.days }} Tage gültig.',
      body: [
        '{{ inviter.name }} hat Sie zum Portal {{ portal.name }} eingeladen. Dort können Sie Anfragen stellen und ihren Bearbeitungsstand verfolgen.',
        'Ihr Benutzername: <strong>{{ customer.username }}</strong>',
        linkButton('Passwort festlegen'),
        'Dieser Link ist {{ link.days }} Tage gültig und funktioniert einmal. Danach bitten Sie uns um eine neue Einladung: {{ support.contact }}',
      ],
      end: 'copy-link',
    }),
  },
  'invite-reminder': {
    en: shippedMail('en', {
      subject: '[{{ portal.name }}] Reminder: your invitation to {{ portal.name }} expires soon',
      preheader: 'Set your password for {{ customer.username }}. Your invitation expires in {{ link.days }} days.',
      body: [
        'you were invited to the {{ portal.name }} portal but have not set your password yet.',
        'Your username: <strong>{{ customer.username }}</strong>',
        linkButton('Set your password'),
        'Your invitation expires in {{ link.days }} days. This link replaces the one in your invitation email and works once. Questions? {{ support.contact }}',
      ],
      end: 'copy-link',
    }),
    de: shippedMail('de', {
      subject: '[{{ portal.name }}] Erinnerung: Ihre Einladung zu {{ portal.name }} läuft bald ab',
      preheader: 'Legen Sie Ihr Passwort für {{ customer.username }} fest. Ihre Einladung läuft in {{ link.days }} Tagen ab.',
      body: [
        'Sie wurden zum Portal {{ portal.name }} eingeladen, haben aber noch kein Passwort festgelegt.',
        'Ihr Benutzername: <strong>{{ customer.username }}</strong>',
        linkButton('Passwort festlegen'),
        'Ihre Einladung läuft in {{ link.days }} Tagen ab. Dieser Link ersetzt den aus Ihrer Einladungs-E-Mail und funktioniert einmal. Fragen? {{ support.contact }}',
      ],
      end: 'copy-link',
    }),
  },
  reset: {
    en: shippedMail('en', {
      subject: '[{{ portal.name }}] Reset your password',
      preheader: 'Create a new password for {{ customer.username }}. The link is valid for {{ link.minutes }} minutes.',
      body: [
        'we received a request to reset the password of your {{ portal.name }} account <strong>{{ customer.username }}</strong>.',
        linkButton('Reset my password'),
        'This link is valid for {{ link.minutes }} minutes and works once. If you did not ask for a new password, you can ignore this email: your password stays unchanged.',
      ],
      end: 'copy-link',
    }),
    de: shippedMail('de', {
      subject: '[{{ portal.name }}] Ihr Passwort zurücksetzen',
      preheader: 'Legen Sie ein neues Passwort für {{ customer.username }} fest. Der Link ist {{ link.minutes }} Minuten gültig.',
      body: [
        'wir haben eine Anfrage erhalten, das Passwort Ihres {{ portal.name }}-Kontos <strong>{{ customer.username }}</strong> zurückzusetzen.',
        linkButton('Mein Passwort zurücksetzen'),
        'Dieser Link ist {{ link.minutes }} Minuten gültig und funktioniert einmal. Falls Sie kein neues Passwort angefordert haben, können Sie diese E-Mail ignorieren: Ihr Passwort bleibt unverändert.',
      ],
      end: 'copy-link',
    }),
  },
  'password-changed': {
    en: shippedMail('en', {
      subject: '[{{ portal.name }}] Your password was changed',
      preheader: 'The password of {{ customer.username }} was changed on {{ changed.at }}.',
      body: [
        'the password of your {{ portal.name }} account <strong>{{ customer.username }}</strong> was changed on {{ changed.at }}.',
        'If this was you, there is nothing else to do.',
        'If it was not you, reset your password now and tell us: {{ support.contact }}',
      ],
      end: 'reset-button',
    }),
    de: shippedMail('de', {
      subject: '[{{ portal.name }}] Ihr Passwort wurde geändert',
      preheader: 'Das Passwort von {{ customer.username }} wurde am {{ changed.at }} geändert.',
      body: [
        'das Passwort Ihres {{ portal.name }}-Kontos <strong>{{ customer.username }}</strong> wurde am {{ changed.at }} geändert.',
        'Wenn Sie das waren, ist nichts weiter zu tun.',
        'Wenn nicht, setzen Sie Ihr Passwort jetzt zurück und informieren Sie uns: {{ support.contact }}',
      ],
      end: 'reset-button',
    }),
  },
  'sign-in-code': {
    en: shippedMail('en', {
      subject: '[{{ portal.name }}] Your sign-in code: {{ code.value }}',
      preheader: 'Your code to sign in to {{ portal.name }} as {{ customer.username }}. It is valid for {{ code.minutes }} minutes.',
      body: [
        'here is your code to sign in to {{ portal.name }} as <strong>{{ customer.username }}</strong>:',
        CODE_BLOCK,
        'Type it on the sign-in page. It is valid for {{ code.minutes }} minutes and works once. Never share it: the service desk will never ask you for it.',
        'If you did not ask for a code, you can ignore this email: nobody can sign in without it. If this keeps happening, tell us: {{ support.contact }}',
      ],
    }),
    de: shippedMail('de', {
      subject: '[{{ portal.name }}] Ihr Anmeldecode: {{ code.value }}',
      preheader: 'Ihr Code für die Anmeldung bei {{ portal.name }} als {{ customer.username }}. Er gilt {{ code.minutes }} Minuten.',
      body: [
        'hier ist Ihr Code für die Anmeldung bei {{ portal.name }} als <strong>{{ customer.username }}</strong>:',
        CODE_BLOCK,
        'Geben Sie ihn auf der Anmeldeseite ein. Er gilt {{ code.minutes }} Minuten und funktioniert einmal. Geben Sie ihn nie weiter: Der Service-Desk wird Sie nie danach fragen.',
        'Falls Sie keinen Code angefordert haben, können Sie diese E-Mail ignorieren: Ohne den Code kann sich niemand anmelden. Falls das öfter vorkommt, informieren Sie uns: {{ support.contact }}',
      ],
    }),
  },
};
