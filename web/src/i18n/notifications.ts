import { moreTexts } from './index'

/** How a member gets messages (My details, and a broker for a resident). Loaded with that part only; Dutch at B1 level, and English. */
export const tn = moreTexts(
  {
    'np.title': 'Berichten',
    'np.lead':
      'We sturen u een bericht als iemand ja zegt tegen uw vraag of aanbod. Later vragen we hoe het ging. ’s Nachts sturen we niets.',
    'np.leadOther':
      'Berichten over matches: als iemand ja zegt, en later de vraag hoe het ging. U kiest dit namens {name}. Dat staat in het logboek.',
    'np.legend': 'Hoe wilt u bericht van ons krijgen?',
    'np.legendOther': 'Hoe krijgt {name} berichten?',
    'np.hint':
      'Voor e-mail of sms hebben we uw e-mailadres of mobiele nummer nodig. Die vult u in bij Contactgegevens.',
    'np.hintOther': 'Voor e-mail of sms is een e-mailadres of mobiel nummer nodig.',
    'np.email': 'Per e-mail',
    'np.sms': 'Per sms',
    'np.none': 'Geen berichten: de makelaar belt mij',
    'np.noneOther': 'Geen berichten: de makelaar belt {name}',
    'np.submit': 'Keuze voor berichten opslaan',
    'np.saved.email': 'Opgeslagen. U krijgt berichten per e-mail.',
    'np.saved.sms': 'Opgeslagen. U krijgt berichten per sms.',
    'np.saved.none': 'Opgeslagen. U krijgt geen berichten. De sociaal makelaar belt u als er iets is.',
    'np.savedOther': 'Opgeslagen voor {name}.',
    'np.reload': 'Laad de pagina opnieuw',
  },
  {
    'np.title': 'Messages',
    'np.lead':
      'We send you a message when someone says yes to your request or offer. Later we ask how it went. We send nothing at night.',
    'np.leadOther':
      'Messages about matches: when someone says yes, and later the question how it went. You choose this on behalf of {name}. This is recorded in the audit log.',
    'np.legend': 'How do you want to hear from us?',
    'np.legendOther': 'How does {name} get messages?',
    'np.hint':
      'For e-mail or text messages we need your e-mail address or mobile number. Fill them in under Contact details.',
    'np.hintOther': 'E-mail or text messages need an e-mail address or mobile number.',
    'np.email': 'By e-mail',
    'np.sms': 'By text message',
    'np.none': 'No messages: the broker phones me',
    'np.noneOther': 'No messages: the broker phones {name}',
    'np.submit': 'Save message choice',
    'np.saved.email': 'Saved. You will get messages by e-mail.',
    'np.saved.sms': 'Saved. You will get text messages.',
    'np.saved.none': 'Saved. You will not get messages. The community broker will phone you when something comes up.',
    'np.savedOther': 'Saved for {name}.',
    'np.reload': 'Reload the page',
  },
)
