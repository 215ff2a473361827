/**
 * Checks JSON answers against the model files of Kalshi's official TypeScript SDK
 * (`kalshi-typescript`, generated from Kalshi's OpenAPI document): the `models/*.ts` interfaces and
 * enums are read with the TypeScript compiler, and the response model of each API method is read
 * from `api/*.ts`. A value fails when a required property is missing, a value has another type,
 * an enum value is unknown, or a property is not in the model at all. Tests only.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import ts from 'typescript';

type Model =
  | { kind: 'interface'; props: Map<string, { optional: boolean; type: ts.TypeNode }> }
  | { kind: 'enum'; values: Set<string | number> }
  | { kind: 'alias'; type: ts.TypeNode };

function sdkDir(): string {
  return dirname(createRequire(import.meta.url).resolve('kalshi-typescript/package.json'));
}

function propName(name: ts.PropertyName): string {
  if (ts.isStringLiteral(name) || ts.isIdentifier(name) || ts.isNumericLiteral(name)) return name.text;
  throw new Error(`unexpected property name kind ${ts.SyntaxKind[name.kind]}`);
}

/** `typeof X[keyof typeof X]`: the type of an enum object. */
function enumTarget(type: ts.TypeNode): string | undefined {
  if (!ts.isIndexedAccessTypeNode(type) || !ts.isTypeQueryNode(type.objectType)) return undefined;
  return type.objectType.exprName.getText();
}

export class SdkModels {
  private readonly models = new Map<string, Model>();
  /** `Api class.method` → response model (undefined for methods answering nothing). */
  private readonly responses = new Map<string, string | undefined>();

  constructor(dir = sdkDir()) {
    for (const file of readdirSync(join(dir, 'models')).filter((f) => f.endsWith('.ts'))) this.readModels(join(dir, 'models', file));
    for (const file of readdirSync(join(dir, 'api')).filter((f) => f.endsWith('.ts'))) this.readApi(join(dir, 'api', file));
  }

  private readModels(path: string): void {
    const src = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest, true);
    const enums = new Map<string, Set<string | number>>();
    for (const st of src.statements) {
      if (ts.isInterfaceDeclaration(st)) {
        if (st.heritageClauses?.length) throw new Error(`${st.name.text}: interfaces with extends are not handled`);
        const props = new Map<string, { optional: boolean; type: ts.TypeNode }>();
        for (const m of st.members) {
          if (!ts.isPropertySignature(m) || !m.type) throw new Error(`${st.name.text}: unexpected member`);
          props.set(propName(m.name), { optional: m.questionToken !== undefined, type: m.type });
        }
        this.models.set(st.name.text, { kind: 'interface', props });
      } else if (ts.isVariableStatement(st)) {
        for (const d of st.declarationList.declarations) {
          let init = d.initializer;
          if (init && ts.isAsExpression(init)) init = init.expression;
          if (!init || !ts.isObjectLiteralExpression(init) || !ts.isIdentifier(d.name)) continue;
          const values = new Set<string | number>();
          for (const p of init.properties) {
            if (!ts.isPropertyAssignment(p)) continue;
            if (ts.isStringLiteral(p.initializer)) values.add(p.initializer.text);
            else if (ts.isNumericLiteral(p.initializer)) values.add(Number(p.initializer.text));
          }
          enums.set(d.name.text, values);
        }
      } else if (ts.isTypeAliasDeclaration(st)) {
        const target = enumTarget(st.type);
        const values = target ? enums.get(target) : undefined;
        if (target && !values) throw new Error(`${st.name.text}: enum object ${target} not found`);
        this.models.set(st.name.text, values ? { kind: 'enum', values } : { kind: 'alias', type: st.type });
      }
    }
  }

  private readApi(path: string): void {
    const text = readFileSync(path, 'utf8');
    const cls = /export class (\w+) extends BaseAPI/.exec(text)?.[1];
    if (!cls) return;
    const re = /async (\w+)\([^)]*\): Promise<\(axios\?: AxiosInstance, basePath\?: string\) => AxiosPromise<(\w+)>>/g;
    for (const m of text.matchAll(re)) this.responses.set(`${cls}.${m[1]}`, m[2] === 'void' ? undefined : m[2]);
  }

  /** The response model of an API method, e.g. `('MarketApi', 'getMarkets')` → `GetMarketsResponse`. */
  responseModel(api: string, method: string): string | undefined {
    const key = `${api}.${method}`;
    if (!this.responses.has(key)) throw new Error(`the SDK has no ${key}`);
    return this.responses.get(key);
  }

  /** Problems of `value` as an instance of `model` (empty when it conforms). */
  check(model: string, value: unknown, path = model): string[] {
    const problems: string[] = [];
    this.checkRef(model, value, path, problems);
    return problems;
  }

  private checkRef(name: string, value: unknown, path: string, out: string[]): void {
    const model = this.models.get(name);
    if (!model) throw new Error(`the SDK has no model ${name}`);
    if (model.kind === 'enum') {
      if (!model.values.has(value as string)) out.push(`${path}: ${JSON.stringify(value)} is not a ${name} (${[...model.values].join(', ')})`);
      return;
    }
    if (model.kind === 'alias') {
      this.checkType(model.type, value, path, out);
      return;
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      out.push(`${path}: expected a ${name} object, got ${JSON.stringify(value)}`);
      return;
    }
    const obj = value as Record<string, unknown>;
    for (const [prop, spec] of model.props) {
      if (obj[prop] === undefined) {
        if (!spec.optional) out.push(`${path}.${prop}: required by ${name}, missing`);
        continue;
      }
      this.checkType(spec.type, obj[prop], `${path}.${prop}`, out);
    }
    for (const prop of Object.keys(obj)) if (!model.props.has(prop)) out.push(`${path}.${prop}: not in the SDK model ${name}`);
  }

  private checkType(type: ts.TypeNode, value: unknown, path: string, out: string[]): void {
    switch (type.kind) {
      case ts.SyntaxKind.StringKeyword:
        if (typeof value !== 'string') out.push(`${path}: expected a string, got ${JSON.stringify(value)}`);
        return;
      case ts.SyntaxKind.NumberKeyword:
        if (typeof value !== 'number') out.push(`${path}: expected a number, got ${JSON.stringify(value)}`);
        return;
      case ts.SyntaxKind.BooleanKeyword:
        if (typeof value !== 'boolean') out.push(`${path}: expected a boolean, got ${JSON.stringify(value)}`);
        return;
      case ts.SyntaxKind.ObjectKeyword:
        if (value === null || typeof value !== 'object') out.push(`${path}: expected an object, got ${JSON.stringify(value)}`);
        return;
      case ts.SyntaxKind.AnyKeyword:
      case ts.SyntaxKind.UnknownKeyword:
        return;
    }
    if (ts.isLiteralTypeNode(type)) {
      if (type.literal.kind === ts.SyntaxKind.NullKeyword) {
        if (value !== null) out.push(`${path}: expected null`);
      } else if (ts.isStringLiteral(type.literal) && value !== type.literal.text) {
        out.push(`${path}: expected ${JSON.stringify(type.literal.text)}, got ${JSON.stringify(value)}`);
      }
      return;
    }
    if (ts.isParenthesizedTypeNode(type)) return this.checkType(type.type, value, path, out);
    if (ts.isUnionTypeNode(type)) {
      const tries = type.types.map((t) => {
        const p: string[] = [];
        this.checkType(t, value, path, p);
        return p;
      });
      if (tries.some((p) => p.length === 0)) return;
      // Report the member that came closest (fewest problems), so nested errors stay readable.
      out.push(...(tries.sort((a, b) => a.length - b.length)[0] ?? []));
      return;
    }
    if (ts.isIntersectionTypeNode(type)) {
      for (const t of type.types) this.checkType(t, value, path, out);
      return;
    }
    if (ts.isArrayTypeNode(type)) return this.checkArray(type.elementType, value, path, out);
    if (ts.isTypeReferenceNode(type)) {
      const name = type.typeName.getText();
      const arg = type.typeArguments?.[0];
      if (name === 'Array' && arg) return this.checkArray(arg, value, path, out);
      return this.checkRef(name, value, path, out);
    }
    if (ts.isTypeLiteralNode(type)) {
      const index = type.members.find(ts.isIndexSignatureDeclaration);
      if (!index || type.members.length !== 1) throw new Error(`${path}: unhandled type literal ${type.getText()}`);
      if (value === null || typeof value !== 'object' || Array.isArray(value)) {
        out.push(`${path}: expected a map, got ${JSON.stringify(value)}`);
        return;
      }
      for (const [k, v] of Object.entries(value)) this.checkType(index.type, v, `${path}.${k}`, out);
      return;
    }
    throw new Error(`${path}: unhandled SDK type ${type.getText()}`);
  }

  private checkArray(element: ts.TypeNode, value: unknown, path: string, out: string[]): void {
    if (!Array.isArray(value)) {
      out.push(`${path}: expected an array, got ${JSON.stringify(value)}`);
      return;
    }
    value.forEach((v, i) => this.checkType(element, v, `${path}[${i}]`, out));
  }
}

/** An SDK response: what the checked API wrapper needs of it. */
interface AxiosLike {
  data: unknown;
}

/**
 * Wraps an SDK API object so that the answer of every method called on it is checked against that
 * method's response model; a non-conforming answer rejects with the list of problems. `seen`
 * counts the checked answers.
 */
export function checkedApi<T extends object>(models: SdkModels, api: T, seen: { count: number }): T {
  const apiName = api.constructor.name;
  return new Proxy(api, {
    get(target, prop, receiver) {
      const member = Reflect.get(target, prop, receiver) as unknown;
      if (typeof member !== 'function' || typeof prop !== 'string' || prop === 'constructor') return member;
      return async (...args: unknown[]) => {
        const res = (await (member as (...a: unknown[]) => Promise<AxiosLike>).apply(target, args)) as AxiosLike;
        const model = models.responseModel(apiName, prop);
        if (model !== undefined) {
          const problems = models.check(model, res.data);
          if (problems.length > 0) throw new Error(`${apiName}.${prop} answer does not match the SDK model ${model}:\n  ${problems.join('\n  ')}`);
        }
        seen.count += 1;
        return res;
      };
    },
  });
}
