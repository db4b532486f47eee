// Prints the members CrmConnect.Root declares, recursively, as JSON {"path": "typeof"}:
// {"channel": "object", "channel.create": "function", "connector.origin": "string", ...}.
// tests/browser/test_js_api_shape.py compares them with window.crmConnect as it runs.
// Usage: node typecheck/members.js [path/to/crm-connect.d.ts]
"use strict";
const path = require("path");
const ts = require(path.join(__dirname, "..", "node_modules", "typescript"));

const file = path.resolve(process.argv[2] || path.join(__dirname, "..", "crm_connect", "static", "crm_connect", "crm-connect.d.ts"));
const program = ts.createProgram([file], { strict: true, noEmit: true, types: [], lib: ["lib.es2020.d.ts", "lib.dom.d.ts"] });
const problems = ts.getPreEmitDiagnostics(program);
if (problems.length) {
  process.stderr.write(ts.formatDiagnostics(problems, { getCanonicalFileName: (f) => f, getCurrentDirectory: () => process.cwd(), getNewLine: () => "\n" }));
  process.exit(2);
}
const checker = program.getTypeChecker();
const source = program.getSourceFile(file);

let root = null;
ts.forEachChild(source, function find(node) {
  if (ts.isModuleDeclaration(node) && node.name.text === "CrmConnect" && node.body && ts.isModuleBlock(node.body)) {
    node.body.statements.forEach((statement) => {
      if (ts.isInterfaceDeclaration(statement) && statement.name.text === "Root") {
        root = checker.getTypeAtLocation(statement);
      }
    });
  }
});
if (!root) {
  process.stderr.write("no CrmConnect.Root interface in " + file + "\n");
  process.exit(2);
}

// What `typeof` gives for a value of this type; "object" types are walked into.
function kind(type) {
  type = checker.getNonNullableType(type);
  if (type.getCallSignatures().length || type.getConstructSignatures().length) {
    return "function";
  }
  const flags = type.getFlags();
  if (flags & ts.TypeFlags.StringLike) return "string";
  if (flags & ts.TypeFlags.NumberLike) return "number";
  if (flags & ts.TypeFlags.BooleanLike) return "boolean";
  if (type.isUnion()) {
    const kinds = new Set(type.types.map(kind));
    if (kinds.size === 1) return [...kinds][0];
    throw new Error("a member of several kinds: " + checker.typeToString(type));
  }
  return "object";
}

const members = {};
function walk(type, prefix) {
  checker.getPropertiesOfType(type).forEach((symbol) => {
    const name = prefix + symbol.getName();
    const memberType = checker.getNonNullableType(checker.getTypeOfSymbol(symbol));
    members[name] = kind(memberType);
    if (members[name] === "object") {
      walk(memberType, name + ".");
    }
  });
}
walk(root, "");
process.stdout.write(JSON.stringify(members, null, 1) + "\n");
