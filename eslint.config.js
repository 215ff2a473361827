// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'test/bench/results/**', 'coverage/**', 'openapi/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: 'module',
      globals: { process: 'readonly', console: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly' },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'separate-type-imports' }],
    },
  },
  {
    // Layering (docs/DESIGN.md §1): src/ reaches the venue folders only at the composition roots,
    // and adapters never reach the service layers above them.
    files: ['src/**/*.ts'],
    ignores: ['src/main.ts', 'src/demo.ts', 'src/keys-cli.ts', 'src/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/adapters/**', '**/adapters'], message: 'src/ imports adapters/ only at the composition roots (src/main.ts, src/demo.ts, src/keys-cli.ts).' }] },
      ],
    },
  },
  {
    files: ['adapters/**/*.ts'],
    ignores: ['adapters/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/src/api/**', '**/src/catalog/**', '**/src/cache/**', '**/src/config', '**/src/config.js', '**/src/main.js', '**/src/feed/**', '**/src/books/**'],
              message: 'adapters never import the API, the catalog, the cache, the feed or the service configuration (docs/DESIGN.md §1).',
            },
          ],
        },
      ],
    },
  },
  {
    // The console's browser script, served as written.
    files: ['src/console/assets/*.js'],
    languageOptions: {
      globals: { document: 'readonly', location: 'readonly', WebSocket: 'readonly', setInterval: 'readonly', fetch: 'readonly' },
    },
  },
  {
    // Tests poke at untyped JSON bodies and wire payloads; `any` there is a convenience, not a risk.
    files: ['**/*.test.ts', 'test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
);
