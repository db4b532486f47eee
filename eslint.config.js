// eslint (make lint, tests/test_typescript.py): the recommended rules over the served
// scripts, plain browser JavaScript without a build step; and over typecheck/members.js (Node).
"use strict";
const js = require("@eslint/js");
const globals = require("globals");

module.exports = [
  {
    files: ["crm_connect/static/crm_connect/*.js"],
    ...js.configs.recommended,
    languageOptions: { ecmaVersion: 2020, sourceType: "script", globals: globals.browser },
  },
  {
    files: ["eslint.config.js", "typecheck/*.js"],
    ...js.configs.recommended,
    languageOptions: { ecmaVersion: 2022, sourceType: "commonjs", globals: globals.node },
  },
  { ignores: ["node_modules/", ".venv*/", "site/", "build/", "dist/", "htmlcov/"] },
];
