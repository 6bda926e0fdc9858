// Finds the SQL statements in TypeScript source, for static checks over every query the service can
// send: Prisma's tagged templates ($queryRaw`…`, $executeRaw`…`) and the text given to .query(),
// .exec(), $queryRawUnsafe() and $executeRawUnsafe(). A statement is rarely one literal: it splices
// fragments (Prisma.sql constants, helpers such as pointOf(), a WHERE built by a function, a condition
// imported from another file). Those are followed through the TypeScript syntax tree and written in
// place; anything else spliced in (a bound value, a local the scan cannot follow) becomes `$P`.
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

export interface SqlStatement {
  file: string;
  line: number;
  /** The function the statement is written in (`file:function` names it in allowlists). */
  fn: string;
  text: string;
}

const TAGS = new Set(['$queryRaw', '$executeRaw']);
const CALLS = new Set(['query', 'exec', '$queryRawUnsafe', '$executeRawUnsafe']);
const MAX_DEPTH = 8;
type Decl = ts.VariableDeclaration | ts.FunctionDeclaration | ts.ParameterDeclaration;

export class SqlScanner {
  private readonly files = new Map<string, ts.SourceFile>();

  constructor(private readonly root: string) {}

  /** Every SQL statement of the given files (paths relative to the root). */
  statements(relFiles: string[]): SqlStatement[] {
    const out: SqlStatement[] = [];
    for (const rel of relFiles) {
      const sf = this.source(path.join(this.root, rel));
      const visit = (n: ts.Node): void => {
        const sql = this.statementOf(n);
        if (sql !== null) {
          const line = sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1;
          out.push({ file: rel, line, fn: enclosingName(n), text: sql });
        }
        ts.forEachChild(n, visit);
      };
      visit(sf);
    }
    return out;
  }

  private source(file: string): ts.SourceFile {
    let sf = this.files.get(file);
    if (!sf) {
      sf = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
      this.files.set(file, sf);
    }
    return sf;
  }

  private statementOf(n: ts.Node): string | null {
    if (ts.isTaggedTemplateExpression(n) && ts.isPropertyAccessExpression(n.tag) && TAGS.has(n.tag.name.text)) {
      return this.render(n.template, 0);
    }
    if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression) && CALLS.has(n.expression.name.text) && n.arguments.length > 0) {
      const arg = n.arguments[0];
      if (ts.isObjectLiteralExpression(arg)) {
        const text = arg.properties.find((p) => p.name && ts.isIdentifier(p.name) && p.name.text === 'text');
        return text && ts.isPropertyAssignment(text) ? this.render(text.initializer, 0) : null;
      }
      return this.render(arg, 0);
    }
    return null;
  }

  /** The SQL an expression stands for, with `$P` for what cannot be followed. */
  private render(e: ts.Node, depth: number): string {
    if (depth > MAX_DEPTH) return '$P';
    if (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) return e.text;
    if (ts.isTemplateExpression(e)) {
      return e.head.text + e.templateSpans.map((s) => this.render(s.expression, depth + 1) + s.literal.text).join('');
    }
    if (ts.isTaggedTemplateExpression(e)) return this.render(e.template, depth + 1);
    if (ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isNonNullExpression(e)) return this.render(e.expression, depth);
    if (ts.isConditionalExpression(e)) return `${this.render(e.whenTrue, depth + 1)} ${this.render(e.whenFalse, depth + 1)}`;
    if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.PlusToken) {
      return this.render(e.left, depth + 1) + this.render(e.right, depth + 1);
    }
    if (ts.isIdentifier(e)) {
      const d = this.resolve(e);
      if (d && ts.isVariableDeclaration(d) && d.initializer) return this.render(d.initializer, depth + 1);
      return '$P';
    }
    if (ts.isCallExpression(e)) {
      // A helper of this code base (pointOf(p), whereOf(f, p)): its SQL, as written in its body.
      if (ts.isIdentifier(e.expression)) {
        const d = this.resolve(e.expression);
        const fn = d && ts.isVariableDeclaration(d) ? d.initializer : d;
        if (fn && (ts.isFunctionDeclaration(fn) || ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) && fn.body) {
          return ts.isBlock(fn.body) ? this.renderBody(fn.body, depth + 1) : this.render(fn.body, depth + 1);
        }
        return '$P';
      }
      // A method of a fragment (OPEN_AT_CONDITION.replaceAll(…)) is the fragment; of a value, a value.
      if (ts.isPropertyAccessExpression(e.expression)) return this.render(e.expression.expression, depth + 1);
    }
    return '$P';
  }

  /** A block's SQL: its literals and the SQL constants it names, in order, space-separated. */
  private renderBody(body: ts.Block, depth: number): string {
    const parts: string[] = [];
    const visit = (n: ts.Node): void => {
      if (ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n) || ts.isTemplateExpression(n) || ts.isTaggedTemplateExpression(n)) {
        parts.push(this.render(n, depth));
        return;
      }
      if (ts.isIdentifier(n) && !(ts.isPropertyAccessExpression(n.parent) && n.parent.name === n)) {
        const d = this.resolve(n);
        if (d && ts.isVariableDeclaration(d) && d.initializer && isModuleLevel(d)) parts.push(this.render(d.initializer, depth));
        return;
      }
      ts.forEachChild(n, visit);
    };
    visit(body);
    return parts.join(' ');
  }

  /** The declaration an identifier names: in an enclosing scope, or imported from a relative module. */
  private resolve(id: ts.Identifier): Decl | null {
    for (let n: ts.Node | undefined = id.parent; n; n = n.parent) {
      if (ts.isFunctionLike(n)) {
        const p = n.parameters.find((x) => ts.isIdentifier(x.name) && x.name.text === id.text);
        if (p) return p;
      }
      if (ts.isBlock(n) || ts.isSourceFile(n)) {
        const d = declaredIn(n.statements, id.text);
        if (d) return d;
        if (ts.isSourceFile(n)) return this.imported(n, id.text);
      }
    }
    return null;
  }

  private imported(sf: ts.SourceFile, name: string): Decl | null {
    for (const s of sf.statements) {
      if (!ts.isImportDeclaration(s) || !ts.isStringLiteral(s.moduleSpecifier) || !s.moduleSpecifier.text.startsWith('.')) continue;
      const bindings = s.importClause?.namedBindings;
      if (!bindings || !ts.isNamedImports(bindings)) continue;
      const spec = bindings.elements.find((el) => el.name.text === name);
      if (!spec) continue;
      const target = path.resolve(path.dirname(sf.fileName), `${s.moduleSpecifier.text}.ts`);
      return fs.existsSync(target) ? declaredIn(this.source(target).statements, (spec.propertyName ?? spec.name).text) : null;
    }
    return null;
  }
}

function declaredIn(statements: ts.NodeArray<ts.Statement>, name: string): Decl | null {
  for (const s of statements) {
    if (ts.isFunctionDeclaration(s) && s.name?.text === name) return s;
    if (ts.isVariableStatement(s)) {
      const d = s.declarationList.declarations.find((v) => ts.isIdentifier(v.name) && v.name.text === name);
      if (d) return d;
    }
  }
  return null;
}

function isModuleLevel(d: ts.VariableDeclaration): boolean {
  return ts.isSourceFile(d.parent.parent.parent);
}

function enclosingName(n: ts.Node): string {
  for (let p: ts.Node | undefined = n.parent; p; p = p.parent) {
    if ((ts.isFunctionDeclaration(p) || ts.isMethodDeclaration(p)) && p.name) return p.name.getText();
    if (ts.isVariableDeclaration(p) && ts.isIdentifier(p.name) && isModuleLevel(p)) return p.name.text;
  }
  return '(module)';
}
