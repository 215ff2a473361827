/**
 * Runtime check of JSON payloads against the types of Opinion's generated REST client
 * (`@opinion-labs/opinion-api`, `dist/types.gen.d.ts`), read with the TypeScript compiler: every
 * declared property present in a payload must have the declared type, and properties the types do
 * not declare are reported. Used by the tests to hold the simulator (and the recorded payloads) to
 * the venue's own published models.
 */
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

export interface TypeIssue {
  /** `Model.property`, e.g. `OpenapiTradeDataOpenApi.fee`. */
  field: string;
  /** `undeclared`, or the JSON type found where the declared type was expected (`string≠number`). */
  problem: string;
  /** Where in the payload. */
  path: string;
}

export const GENERATED_TYPES_FILE = fileURLToPath(new URL('../../../node_modules/@opinion-labs/opinion-api/dist/types.gen.d.ts', import.meta.url));

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

export class GeneratedTypes {
  private readonly checker: ts.TypeChecker;
  private readonly aliases = new Map<string, ts.Type>();

  constructor(file = GENERATED_TYPES_FILE) {
    const program = ts.createProgram([file], { strict: true, noEmit: true, skipLibCheck: true });
    this.checker = program.getTypeChecker();
    const source = program.getSourceFile(file);
    if (!source) throw new Error(`cannot read ${file}`);
    for (const stmt of source.statements) {
      if (ts.isTypeAliasDeclaration(stmt)) this.aliases.set(stmt.name.text, this.checker.getTypeAtLocation(stmt.name));
    }
  }

  has(name: string): boolean {
    return this.aliases.has(name);
  }

  /** Issues of `value` against the generated type `name`. */
  check(name: string, value: unknown): TypeIssue[] {
    const type = this.aliases.get(name);
    if (!type) throw new Error(`no generated type ${name}`);
    const issues: TypeIssue[] = [];
    this.walk(value, type, '$', name, '(root)', issues);
    return issues;
  }

  private nameOf(type: ts.Type, fallback: string): string {
    return type.aliasSymbol?.name ?? (type.symbol && type.symbol.name !== '__type' ? type.symbol.name : fallback);
  }

  private walk(value: unknown, type: ts.Type, path: string, owner: string, prop: string, issues: TypeIssue[]): void {
    const f = type.flags;
    const field = `${owner}.${prop}`;
    const mismatch = (expected: string) => issues.push({ field, problem: `${jsonType(value)}≠${expected}`, path });
    if (f & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return;
    if (type.isUnion()) {
      const members = type.types.filter((t) => !(t.flags & ts.TypeFlags.Undefined));
      if (value === undefined) return;
      let best: TypeIssue[] | undefined;
      for (const m of members) {
        const attempt: TypeIssue[] = [];
        this.walk(value, m, path, owner, prop, attempt);
        if (attempt.length === 0) return;
        if (!best || attempt.length < best.length) best = attempt;
      }
      const literal = members.every((m) => m.isLiteral() || m.flags & ts.TypeFlags.BooleanLiteral);
      if (literal) mismatch(this.checker.typeToString(type));
      else issues.push(...(best ?? []));
      return;
    }
    if (f & ts.TypeFlags.StringLike) {
      if (typeof value !== 'string') mismatch('string');
      else if (type.isStringLiteral() && value !== type.value) mismatch(JSON.stringify(type.value));
      return;
    }
    if (f & ts.TypeFlags.NumberLike) {
      if (typeof value !== 'number') mismatch('number');
      else if (type.isNumberLiteral() && value !== type.value) mismatch(String(type.value));
      return;
    }
    if (f & ts.TypeFlags.BooleanLike) {
      if (typeof value !== 'boolean') mismatch('boolean');
      return;
    }
    if (f & ts.TypeFlags.Object) {
      if (this.checker.isArrayType(type)) {
        if (!Array.isArray(value)) return void mismatch('array');
        const element = this.checker.getTypeArguments(type as ts.TypeReference)[0];
        if (element) value.forEach((v, i) => this.walk(v, element, `${path}[${i}]`, owner, prop, issues));
        return;
      }
      if (value === null || typeof value !== 'object' || Array.isArray(value)) return void mismatch('object');
      const name = this.nameOf(type, owner);
      const open = this.checker.getIndexInfosOfType(type).length > 0;
      for (const [key, v] of Object.entries(value)) {
        const symbol = this.checker.getPropertyOfType(type, key);
        if (!symbol) {
          if (!open) issues.push({ field: `${name}.${key}`, problem: 'undeclared', path: `${path}.${key}` });
          continue;
        }
        this.walk(v, this.checker.getTypeOfSymbol(symbol), `${path}.${key}`, name, key, issues);
      }
      return;
    }
    throw new Error(`${field}: unsupported generated type ${this.checker.typeToString(type)}`);
  }
}

/** Distinct `field problem` keys of a list of issues. */
export function issueKeys(issues: TypeIssue[]): Set<string> {
  return new Set(issues.map((i) => `${i.field} ${i.problem}`));
}
