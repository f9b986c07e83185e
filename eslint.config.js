// @ts-check
// Lint: ESLint's recommended rules and typescript-eslint's strict, type-checked set over src/, tests/ and bench/, less
// the rules that do not pay in this codebase (each with its reason). Layers and cycles are kept by
// tests/architecture.test.ts, not here; formatting is prettier's, not here.
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default defineConfig(
  // What scripts/generate.mjs writes is Ajv's and Handlebars' code and data, not ours: long lines, no types.
  { ignores: ['dist/', 'coverage/', '.bench/', 'src/core/*.generated.ts'] },
  js.configs.recommended,
  tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      globals: globals.node,
      // tsconfig.test.json covers src/ and tests/ (tsconfig.json builds src/ alone).
      parserOptions: { project: './tsconfig.test.json', tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // The text policy and the CSV/SMTP scanners match control characters on purpose.
      'no-control-regex': 'off',
      // With noUncheckedIndexedAccess, `xs[i]!` after a bounds check is this codebase's idiom (164 sites).
      '@typescript-eslint/no-non-null-assertion': 'off',
      // Its hits are defensive checks of values typed narrower than what arrives at run time (caught errors, parsed
      // YAML and JSON, fields another task changes across an await): the checks are the point.
      '@typescript-eslint/no-unnecessary-condition': 'off',
      // `(x) => list.push(x)` and `() => void done()` shorthands are house style, not confusion.
      '@typescript-eslint/no-confusing-void-expression': ['error', { ignoreArrowShorthand: true, ignoreVoidOperator: true, ignoreVoidReturningFunctions: true }],
      // Numbers and booleans in messages are intended; objects, nullish values and `any` still are not.
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true }],
      // Its hits guard values typed narrower than they are at run time (isTTY is undefined off a terminal, whatever
      // @types/node says; ajv params and caught errors are cast, not checked).
      '@typescript-eslint/no-unnecessary-type-conversion': 'off',
      // Every throw or rejection of a non-Error here passes on a failure caught as `unknown` and kept for later (a
      // crash, a failed write), as it came: wrapping it would change what callers see.
      '@typescript-eslint/only-throw-error': 'off',
      '@typescript-eslint/prefer-promise-reject-errors': 'off',
      // `async` is there to satisfy a Promise-returning or AsyncIterable interface (a command's run, test fakes).
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    // Front matter is coerced with String() only after the schema has checked its scalars.
    files: ['src/core/petition.ts'],
    rules: { '@typescript-eslint/no-base-to-string': 'off' },
  },
  {
    // vitest's asymmetric matchers (expect.stringMatching(…) and the like) are typed `any` inside toMatchObject({ … }).
    files: ['tests/**'],
    rules: { '@typescript-eslint/no-unsafe-assignment': 'off' },
  },
  {
    // Plain JavaScript (bench/, bin/, test fixtures, this file) is in no tsconfig: linted without type information.
    files: ['**/*.js', '**/*.mjs'],
    extends: [tseslint.configs.disableTypeChecked],
  },
);
