// A deliberately tiny DOM for running the test Stripe.js under node:vm (no jsdom in this repo):
// just what the stand-in touches: createElement, attributes, style, events, querySelector('#id').
import vm from 'node:vm';

type Listener = (event: { key?: string; target?: FakeNode }) => void;

export class FakeNode {
  readonly attributes = new Map<string, string>();
  readonly children: FakeNode[] = [];
  readonly style: Record<string, string> = {};
  private readonly listeners = new Map<string, Listener[]>();
  parent: FakeNode | null = null;
  textContent = '';
  value = '';

  /** The owning document; the document itself passes null and owns itself (see `owner`). */
  constructor(
    readonly tagName: string,
    private readonly doc: FakeDocument | null,
  ) {}

  private get owner(): FakeDocument {
    if (this.doc) return this.doc;
    if (this instanceof FakeDocument) return this;
    throw new Error(`FakeNode <${this.tagName}> has no document`);
  }

  setAttribute(name: string, value: string): void {
    this.attributes.set(name, String(value));
  }
  getAttribute(name: string): string | null {
    return this.attributes.get(name) ?? null;
  }
  appendChild(child: FakeNode): FakeNode {
    child.parent = this;
    this.children.push(child);
    return child;
  }
  remove(): void {
    if (!this.parent) return;
    const siblings = this.parent.children;
    siblings.splice(siblings.indexOf(this), 1);
    this.parent = null;
  }
  addEventListener(type: string, fn: Listener): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), fn]);
  }
  removeEventListener(type: string, fn: Listener): void {
    this.listeners.set(type, (this.listeners.get(type) ?? []).filter((f) => f !== fn));
  }
  dispatch(type: string, event: { key?: string } = {}): void {
    for (const fn of this.listeners.get(type) ?? []) fn({ ...event, target: this });
  }
  focus(): void {
    this.owner.activeElement = this;
  }
  blur(): void {
    this.owner.activeElement = null;
  }
  click(): void {
    this.dispatch('click');
  }
  /** Depth-first search of this subtree. */
  findAll(predicate: (n: FakeNode) => boolean): FakeNode[] {
    const out: FakeNode[] = [];
    for (const c of this.children) {
      if (predicate(c)) out.push(c);
      out.push(...c.findAll(predicate));
    }
    return out;
  }
}

export class FakeDocument extends FakeNode {
  readonly body: FakeNode;
  activeElement: FakeNode | null = null;
  currentScript: { src: string } | null;

  constructor(scriptSrc: string | null) {
    super('#document', null);
    this.body = this.appendChild(new FakeNode('body', this));
    this.currentScript = scriptSrc ? { src: scriptSrc } : null;
  }
  createElement(tag: string): FakeNode {
    return new FakeNode(tag, this);
  }
  querySelector(selector: string): FakeNode | null {
    const id = selector.startsWith('#') ? selector.slice(1) : null;
    return this.findAll((n) => (id ? n.getAttribute('id') === id : n.tagName === selector))[0] ?? null;
  }
  override focus(): void {}

  byLabel(text: string): FakeNode {
    const label = this.findAll((n) => n.tagName === 'label' && n.textContent === text)[0];
    const input = label && this.querySelector(`#${label.getAttribute('for') ?? ''}`);
    if (!input) throw new Error(`no input labelled ${text}`);
    return input;
  }
  button(text: string): FakeNode | undefined {
    return this.findAll((n) => n.tagName === 'button' && n.textContent === text)[0];
  }
  type(label: string, value: string): void {
    const input = this.byLabel(label);
    input.value = value;
    input.dispatch('input');
  }
}

export interface FakeWindow {
  Stripe?: ((key: string, options?: object) => Record<string, unknown>) & { version?: string };
  location: { href: string; assign(url: string): void };
  assigned: string[];
  document: FakeDocument;
}

/** Evaluates `source` as a classic <script src=scriptSrc> in a fresh fake window. */
export function runScript(source: string, scriptSrc: string | null): FakeWindow {
  const document = new FakeDocument(scriptSrc);
  const assigned: string[] = [];
  const window: FakeWindow = { location: { href: 'http://localhost:3000/pay', assign: (url) => assigned.push(url) }, assigned, document };
  const context = vm.createContext({ window, document, fetch, URL, URLSearchParams, setTimeout, clearTimeout, Promise, console });
  vm.runInContext(source, context, { filename: 'stripe.js' });
  return window;
}
