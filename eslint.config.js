import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'data/', 'test-results/', '.test-build/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { console: 'readonly', process: 'readonly', URL: 'readonly', Buffer: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['src/modules/*/client/**/*.ts'],
    languageOptions: { globals: { window: 'readonly', document: 'readonly', navigator: 'readonly' } },
  },
  {
    // autocannon loads per-request hooks with require() in its worker threads
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', module: 'writable' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // the house's first rule: infrastructure never reaches into a feature
    files: ['src/platform/**/*.ts', 'src/platform/**/*.tsx'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/modules/**'], message: 'src/platform/ never imports src/modules/: pass what it needs in.' },
          ],
        },
      ],
    },
  },
  {
    // a module reaches another only through that module's index.ts
    files: ['src/modules/*/*.ts', 'src/modules/*/*.tsx'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['../*/**', '!../*/index.ts', '!../../**'],
              message: 'Another module is reached only through its index.ts.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/modules/*/*/*.ts', 'src/modules/*/*/*.tsx'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['../../*/**', '!../../*/index.ts', '!../../../**'],
              message: 'Another module is reached only through its index.ts.',
            },
          ],
        },
      ],
    },
  },
  {
    // promises are awaited or handed on, never dropped (a dropped one loses its error)
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          allowForKnownSafeCalls: [
            { from: 'package', package: 'node:test', name: ['test', 'it', 'describe', 'suite'] },
          ],
        },
      ],
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }],
    },
  },
  {
    // sizes a reader can hold in mind; tests are exempt (a scenario reads best whole)
    files: ['src/**/*.ts', 'src/**/*.tsx', 'scripts/**/*.ts', 'bench/**/*.ts'],
    ignores: ['**/*.test.ts', '**/*.test.tsx'],
    rules: {
      'max-lines': ['error', { max: 400 }],
      'max-lines-per-function': ['error', { max: 60 }],
    },
  },
  { ignores: ['.scratch/'] },
  // layout is Prettier's (npm run format); ESLint keeps to what code means
  prettier,
);
