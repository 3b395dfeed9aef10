// Finds every SDK method and the HTTP call it makes. The SDK's resource classes are generated from
// Stripe's OpenAPI spec: the `.js` file holds `this._makeRequest('POST', `/v1/prices/${id}`, …)`
// and the `.d.ts` beside it types the same method's `params` and response. Read both as source
// (typescript's parser), so nothing here is maintained by hand.
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

export interface SdkMethod {
  method: 'GET' | 'POST' | 'DELETE';
  /** With named placeholders, e.g. /v1/customers/{customer}/payment_methods/{id}. */
  path: string;
  /** e.g. PriceResource.update */
  name: string;
  /** The method's declaration in the `.d.ts` (its `params` parameter and return type). */
  declaration: ts.MethodDeclaration;
}

function filesUnder(dir: string, ext: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? filesUnder(path.join(dir, e.name), ext) : e.name.endsWith(ext) ? [path.join(dir, e.name)] : []))
    .sort();
}

function pathText(node: ts.Expression): string | null {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (!ts.isTemplateExpression(node)) return null;
  let text = node.head.text;
  for (const span of node.templateSpans) {
    // `${encodeURIComponent(id)}` → {id}
    const inner = ts.isCallExpression(span.expression) ? span.expression.arguments[0] : span.expression;
    text += `{${inner && ts.isIdentifier(inner) ? inner.text : 'id'}}` + span.literal.text;
  }
  return text;
}

function requestOf(method: ts.MethodDeclaration): { method: SdkMethod['method']; path: string } | null {
  let found: { method: SdkMethod['method']; path: string } | null = null;
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === '_makeRequest') {
      const [verb, url] = node.arguments;
      const p = url ? pathText(url) : null;
      if (verb && ts.isStringLiteral(verb) && p && ['GET', 'POST', 'DELETE'].includes(verb.text)) found = { method: verb.text as SdkMethod['method'], path: p };
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(method);
  return found;
}

/** Class → method name → declaration; for `.d.ts` overloads, the one that takes `params`. */
function classMethods(source: ts.SourceFile): Map<string, Map<string, ts.MethodDeclaration>> {
  const out = new Map<string, Map<string, ts.MethodDeclaration>>();
  for (const stmt of source.statements) {
    if (!ts.isClassDeclaration(stmt) || !stmt.name) continue;
    const methods = new Map<string, ts.MethodDeclaration>();
    for (const member of stmt.members) {
      if (!ts.isMethodDeclaration(member) || !ts.isIdentifier(member.name)) continue;
      const takesParams = member.parameters.some((p) => ts.isIdentifier(p.name) && p.name.text === 'params');
      if (!methods.has(member.name.text) || takesParams) methods.set(member.name.text, member);
    }
    out.set(stmt.name.text, methods);
  }
  return out;
}

/**
 * Every v1 method of the SDK's resources. `declarationFile` gives a `.d.ts` file as the type
 * checker parsed it, so the returned declarations can be asked for their types.
 */
export function sdkMethods(resourcesDir: string, declarationFile: (file: string) => ts.SourceFile | undefined): SdkMethod[] {
  const out: SdkMethod[] = [];
  for (const jsFile of filesUnder(resourcesDir, '.js')) {
    const dtsFile = jsFile.replace(/\.js$/, '.d.ts');
    const dts = declarationFile(dtsFile);
    if (!dts) continue;
    const typed = classMethods(dts);
    const js = ts.createSourceFile(jsFile, fs.readFileSync(jsFile, 'utf8'), ts.ScriptTarget.ES2022, true);
    for (const [className, methods] of classMethods(js)) {
      for (const [methodName, impl] of methods) {
        const request = requestOf(impl);
        const declaration = typed.get(className)?.get(methodName);
        if (!request || !declaration || !request.path.startsWith('/v1/')) continue;
        out.push({ ...request, name: `${className}.${methodName}`, declaration });
      }
    }
  }
  return out;
}
