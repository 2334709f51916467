import type { OutboxFile } from '../../shared/db/outbox'

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c)

/**
 * /dev/outbox: the e-mails and SMS the local stack "sent", newest first, so a developer can sign
 * in with a code. A plain, accessible page with no script (the site's CSP allows none inline).
 */
export const renderOutboxPage = (items: OutboxFile[]): string => `<!doctype html>
<html lang="nl">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Outbox (alleen lokaal) – Buurtbeurs</title>
</head>
<body>
<main>
<h1>Outbox (alleen lokaal)</h1>
<p>Hier staan de e-mails en sms'jes die Buurtbeurs op deze computer zou versturen. Deze pagina bestaat niet in AWS.</p>
<p><a href="/inloggen">Naar inloggen</a></p>
${
  items.length === 0
    ? '<p>Er zijn nog geen berichten.</p>'
    : `<ol>${items
        .map(
          (m) => `<li><article>
<h2>${escapeHtml(m.subject)}</h2>
<p><strong>Aan:</strong> ${escapeHtml(m.to)} (${m.channel === 'email' ? 'e-mail' : 'sms'}) · <time datetime="${escapeHtml(m.at)}">${escapeHtml(m.at)}</time></p>
<p>${escapeHtml(m.text)}</p>
</article></li>`,
        )
        .join('\n')}</ol>`
}
</main>
</body>
</html>
`
