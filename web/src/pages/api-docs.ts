import { api, type OpenApiDocument, type OpenApiOperation } from '../api'
import { heading, link, pageHeading, paragraph } from '../components/ui'
import { type Child, h } from '../dom'
import { getLanguage, t } from '../i18n'
import type { Page } from '../router'

const methods = ['get', 'post', 'put', 'patch', 'delete'] as const

interface Operation {
  method: (typeof methods)[number]
  path: string
  operation: OpenApiOperation
}

/** The document's descriptions use Markdown code spans (`x`); show those as code, the rest as text. */
function withCode(text: string): Child[] {
  return text.split('`').map((part, index) => (index % 2 === 1 ? h('code', null, part) : part))
}

const slug = (text: string) => text.toLowerCase().replace(/[^a-z0-9]+/g, '-')

// The API describes itself in English; mark it so a Dutch screen reader voice switches language.
const englishAttrs = () => (getLanguage() === 'en' ? {} : { lang: 'en' })

function groupByTag(doc: OpenApiDocument): Map<string, Operation[]> {
  const groups = new Map<string, Operation[]>()
  for (const tag of doc.tags ?? []) groups.set(tag.name, [])
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const method of methods) {
      const operation = item[method] as OpenApiOperation | undefined
      if (!operation) continue
      const tag = operation.tags?.[0] ?? t('apiDocs.otherTag')
      groups.set(tag, [...(groups.get(tag) ?? []), { method, path, operation }])
    }
  }
  for (const [tag, list] of groups) if (list.length === 0) groups.delete(tag)
  return groups
}

const refPrefix = '#/components/schemas/'

type Schemas = Record<string, unknown>

function schemaDetails(schema: unknown): HTMLElement {
  return h(
    'details',
    { class: 'bb-schema' },
    h('summary', null, t('apiDocs.showSchema')),
    h('pre', { class: 'utrecht-code-block bb-code' }, h('code', null, JSON.stringify(schema, null, 2))),
  )
}

/**
 * A schema to unfold. A bare reference links to the shared schema at the bottom, and is
 * unfolded here too when `unfold` (request bodies and successes; errors all share one shape).
 */
function schemaBlock(schema: unknown, schemas: Schemas, unfold = true): Child {
  if (schema === undefined) return null
  const ref = (schema as { $ref?: unknown }).$ref
  if (typeof ref === 'string' && ref.startsWith(refPrefix) && Object.keys(schema as object).length === 1) {
    const name = ref.slice(refPrefix.length)
    return [' ', link(`#schema-${slug(name)}`, name), unfold && name in schemas && schemaDetails(schemas[name])]
  }
  return schemaDetails(schema)
}

function typeOf(schema: unknown): string {
  if (!schema || typeof schema !== 'object') return ''
  const s = schema as { type?: string | string[]; enum?: unknown[]; format?: string; $ref?: string }
  if (s.enum) return s.enum.map(String).join(' | ')
  if (s.$ref) return s.$ref.split('/').pop() ?? ''
  const type = Array.isArray(s.type) ? s.type.join(' | ') : (s.type ?? '')
  return s.format ? `${type} (${s.format})` : type
}

function operationSection({ method, path, operation }: Operation, schemas: Schemas): HTMLElement {
  const id = `op-${slug(operation.operationId ?? `${method}-${path}`)}`
  const parameters = operation.parameters ?? []
  const body = operation.requestBody?.content?.['application/json']?.schema
  const responses = Object.entries(operation.responses ?? {})
  return h(
    'section',
    { class: 'bb-operation', 'aria-labelledby': `${id}-title` },
    h(
      'h3',
      { class: 'utrecht-heading-3 bb-operation__title', id: `${id}-title` },
      h('span', { class: `bb-method bb-method--${method}` }, method.toUpperCase()),
      ' ',
      h('code', { class: 'bb-operation__path' }, path),
    ),
    operation.summary && h('p', { class: 'utrecht-paragraph', ...englishAttrs() }, withCode(operation.summary)),
    operation.description && h('p', { class: 'utrecht-paragraph', ...englishAttrs() }, withCode(operation.description)),
    parameters.length > 0 &&
      h(
        'table',
        { class: 'utrecht-table utrecht-table--html-table bb-table' },
        h('caption', { class: 'utrecht-table__caption' }, t('apiDocs.parameters')),
        h(
          'thead',
          { class: 'utrecht-table__header' },
          h(
            'tr',
            { class: 'utrecht-table__row' },
            [t('apiDocs.param.name'), t('apiDocs.param.in'), t('apiDocs.param.required'), t('apiDocs.param.type')].map(
              (label) => h('th', { class: 'utrecht-table__header-cell', scope: 'col' }, label),
            ),
          ),
        ),
        h(
          'tbody',
          { class: 'utrecht-table__body' },
          parameters.map((p) =>
            h(
              'tr',
              { class: 'utrecht-table__row' },
              h('td', { class: 'utrecht-table__cell' }, h('code', null, p.name)),
              h('td', { class: 'utrecht-table__cell' }, p.in),
              h('td', { class: 'utrecht-table__cell' }, p.required ? t('common.yes') : t('common.no')),
              h(
                'td',
                { class: 'utrecht-table__cell' },
                h('code', null, typeOf(p.schema)),
                p.description &&
                  h('span', { class: 'bb-param-description', ...englishAttrs() }, ' ', withCode(p.description)),
              ),
            ),
          ),
        ),
      ),
    body !== undefined && [
      h('h4', { class: 'utrecht-heading-4' }, t('apiDocs.requestBody')),
      schemaBlock(body, schemas),
    ],
    responses.length > 0 && [
      h('h4', { class: 'utrecht-heading-4' }, t('apiDocs.responses')),
      h(
        'ul',
        { class: 'bb-responses' },
        responses.map(([status, response]) =>
          h(
            'li',
            null,
            h('code', { class: 'bb-status' }, status),
            ' ',
            h('span', englishAttrs(), withCode(response.description ?? '')),
            schemaBlock(response.content?.['application/json']?.schema, schemas, status.startsWith('2')),
          ),
        ),
      ),
    ],
  )
}

/** `/api-docs`: a light, readable reference rendered from the API's own OpenAPI document. */
export const apiDocsPage: Page = async () => {
  const doc = await api.openApi()
  const groups = groupByTag(doc)
  const schemas = Object.entries(doc.components?.schemas ?? {})
  const content = h(
    'div',
    { class: 'bb-api-docs' },
    pageHeading(t('apiDocs.title')),
    paragraph(t('apiDocs.lead'), { lead: true }),
    paragraph(t('apiDocs.version', { version: doc.info?.version ?? '?', openapi: doc.openapi })),
    paragraph(link('/api/openapi.json', t('apiDocs.download'))),
    groups.size === 0 && paragraph(t('apiDocs.noOperations')),
    groups.size > 0 &&
      h(
        'nav',
        { class: 'bb-toc', 'aria-labelledby': 'api-toc-title' },
        heading(2, t('apiDocs.contents'), { id: 'api-toc-title' }),
        h(
          'ul',
          { class: 'utrecht-link-list utrecht-link-list--html-ul' },
          [...groups.keys(), ...(schemas.length > 0 ? [t('apiDocs.schemas')] : [])].map((name) =>
            h('li', { class: 'utrecht-link-list__item' }, link(`#tag-${slug(name)}`, name)),
          ),
        ),
      ),
    [...groups].map(([tag, operations]) =>
      h(
        'section',
        { class: 'bb-section', 'aria-labelledby': `tag-${slug(tag)}` },
        heading(2, tag, { id: `tag-${slug(tag)}` }),
        doc.tags?.find((x) => x.name === tag)?.description &&
          h('p', { class: 'utrecht-paragraph', ...englishAttrs() }, doc.tags?.find((x) => x.name === tag)?.description),
        operations.map((operation) => operationSection(operation, doc.components?.schemas ?? {})),
      ),
    ),
    schemas.length > 0 &&
      h(
        'section',
        { class: 'bb-section', 'aria-labelledby': `tag-${slug(t('apiDocs.schemas'))}` },
        heading(2, t('apiDocs.schemas'), { id: `tag-${slug(t('apiDocs.schemas'))}` }),
        h(
          'ul',
          { class: 'bb-responses' },
          schemas.map(([name, schema]) =>
            h('li', { id: `schema-${slug(name)}` }, h('code', null, name), schemaDetails(schema)),
          ),
        ),
      ),
  )
  return { title: t('apiDocs.title'), content }
}
