/** Anything `h()` accepts as a child; falsy values are skipped so conditions can be inlined. */
export type Child = Node | string | number | null | undefined | false | readonly Child[]

type AttrValue = string | number | boolean | null | undefined
type Listener = (event: Event) => void
export type Attrs = Record<string, AttrValue | Listener>

/**
 * Create an element. Attributes named `on<event>` with a function become listeners; `true`
 * gives an empty attribute; `false`, `null` and `undefined` leave it out. Children are
 * appended as text nodes, so data from the API is never parsed as HTML.
 */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs?: Attrs | null,
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag)
  for (const [name, value] of Object.entries(attrs ?? {})) {
    if (typeof value === 'function') {
      element.addEventListener(name.slice(2).toLowerCase(), value)
    } else if (value === true) {
      element.setAttribute(name, '')
    } else if (value !== false && value !== null && value !== undefined) {
      element.setAttribute(name, String(value))
    }
  }
  append(element, children)
  return element
}

/** Append children (nested arrays flattened, falsy values skipped). */
export function append(parent: Node, children: readonly Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue
    if (Array.isArray(child)) append(parent, child)
    else parent.appendChild(child instanceof Node ? child : document.createTextNode(String(child)))
  }
}

/** Replace all children of `parent`. */
export function replaceChildren(parent: Element, ...children: Child[]): void {
  parent.replaceChildren()
  append(parent, children)
}

let idCounter = 0
/** A document-unique id with a readable prefix, for label/aria references. */
export function uid(prefix: string): string {
  idCounter += 1
  return `${prefix}-${idCounter}`
}
