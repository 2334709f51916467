export type Language = 'nl' | 'en'

/** Dutch unless the caller prefers English over Dutch (Accept-Language order and q-values). */
export const pickLanguage = (acceptLanguage: string | undefined | null): Language => {
  if (!acceptLanguage) return 'nl'
  const ranked = acceptLanguage
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().toLowerCase().split(';')
      const q = Number(params.find((p) => p.trim().startsWith('q='))?.split('=')[1] ?? 1)
      return { tag, q: Number.isFinite(q) ? q : 0, index }
    })
    .sort((a, b) => b.q - a.q || a.index - b.index)
  const first = ranked.find((r) => r.tag.startsWith('nl') || r.tag.startsWith('en'))
  return first?.tag.startsWith('en') ? 'en' : 'nl'
}
