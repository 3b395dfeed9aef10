// Builds the ApiSpec (types.ts) for every route the emulator serves from the installed stripe SDK:
// sdk-methods.ts finds the SDK method behind each route, param-schema.ts reads its params type and
// expandables.ts its response type. Fails loudly when a route is not an SDK operation.
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { ExpandableReader } from './expandables';
import { ParamSchemaReader } from './param-schema';
import { isEmulatorPrivate } from './private-routes';
import { sdkMethods, type SdkMethod } from './sdk-methods';
import { ShapeReader, type ShapeSpec } from './shapes';
import type { ApiSpec, OperationSpec } from './types';

export interface ServedRoute {
  method: string;
  /** e.g. /v1/prices/:id */
  path: string;
}


const shapeOf = (p: string) => p.replace(/\{[^}]+\}|:[a-z_]+/g, '{}');

function typeFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? typeFiles(path.join(dir, e.name)) : e.name.endsWith('.d.ts') ? [path.join(dir, e.name)] : []));
}

/** `Promise<Response<X>>` → X; `ApiListPromise<X>` → X, listed. */
function responseNode(declaration: ts.MethodDeclaration): { node: ts.TypeNode; list: boolean } | null {
  const ret = declaration.type;
  if (!ret || !ts.isTypeReferenceNode(ret)) return null;
  const name = ret.typeName.getText();
  const [arg] = ret.typeArguments ?? [];
  if (!arg) return null;
  if (name === 'ApiListPromise') return { node: arg, list: true };
  if (name === 'Promise' && ts.isTypeReferenceNode(arg) && arg.typeName.getText() === 'Response') {
    const [inner] = arg.typeArguments ?? [];
    return inner ? { node: inner, list: false } : null;
  }
  return null;
}

export function buildSpec(routes: ServedRoute[], sdkDir?: string): ApiSpec {
  return buildSpecAndShapes(routes, sdkDir).spec;
}

/** The operations (operations.json) and every field of their response types (shapes.json), from one read of the SDK. */
export function buildSpecAndShapes(routes: ServedRoute[], sdkDir = path.resolve(process.cwd(), 'node_modules/stripe')): { spec: ApiSpec; shapes: ShapeSpec } {
  const cjs = path.join(sdkDir, 'cjs');
  const program = ts.createProgram(typeFiles(path.join(cjs, 'resources')).sort(), {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    types: [],
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
  });
  const checker = program.getTypeChecker();
  const params = new ParamSchemaReader(checker);
  const expandables = new ExpandableReader(checker, cjs);
  const shapeReader = new ShapeReader(checker, expandables);
  const methods = sdkMethods(path.join(cjs, 'resources'), (file) => program.getSourceFile(file));
  const byShape = new Map<string, SdkMethod>();
  for (const m of methods) if (!byShape.has(`${m.method} ${shapeOf(m.path)}`)) byShape.set(`${m.method} ${shapeOf(m.path)}`, m);

  const operations: OperationSpec[] = [];
  const roots: string[] = [];
  const missing: string[] = [];
  for (const route of routes) {
    if (isEmulatorPrivate(route.path)) continue;
    const sdk = byShape.get(`${route.method} ${shapeOf(route.path)}`);
    if (!sdk) {
      missing.push(`${route.method} ${route.path}`);
      continue;
    }
    const paramsDecl = sdk.declaration.parameters.find((p) => ts.isIdentifier(p.name) && p.name.text === 'params');
    const schema = paramsDecl ? params.objectOf(checker.getNonNullableType(checker.getTypeAtLocation(paramsDecl))) : { type: 'object' as const, properties: {} };
    const res = responseNode(sdk.declaration);
    let response: string | null = null;
    if (res) {
      const live = expandables.liveMember(checker.getTypeFromTypeNode(res.node));
      const item = expandables.visit(live);
      // Stripe.Event is a union of one type per event type, alike but for `data.object`: one stands for
      // the envelope, and the checker looks at data.object through the object's own type.
      shapeReader.visit(live.isUnion() && live.types[0] ? live.types[0] : live);
      response = res.list ? expandables.listOf(item) : item;
      roots.push(response);
    }
    operations.push({
      method: sdk.method,
      path: sdk.path,
      sdkMethod: sdk.name,
      params: schema.properties,
      required: schema.required ?? [],
      response,
    });
  }
  if (missing.length) throw new Error(`Emulator routes that are not operations of the stripe SDK (prefix a private segment with _):\n  ${missing.join('\n  ')}`);
  operations.sort((a, b) => a.path.localeCompare(b.path) || a.method.localeCompare(b.method));
  const pkg = JSON.parse(fs.readFileSync(path.join(sdkDir, 'package.json'), 'utf8')) as { version: string };
  const apiVersion = /ApiVersion\s*=\s*['"]([^'"]+)['"]/.exec(fs.readFileSync(path.join(cjs, 'apiVersion.js'), 'utf8'))?.[1] ?? 'unknown';
  return { spec: { sdkVersion: pkg.version, apiVersion, operations, objects: expandables.objects(roots) }, shapes: shapeReader.result(pkg.version) };
}
