// ESLint flat config: typescript-eslint with type information, plus the layering rules of HOUSE-STYLE.md.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const fastifyOnlyInRoutes = {
  name: 'fastify',
  message:
    'Only *.routes.ts files, server/http/ and the app entry points talk HTTP; use cases take plain inputs.',
};
const noIoInPureFiles = [
  {
    group: ['fastify', 'fastify-*', '@fastify/*'],
    message: 'Rule, policy and lifecycle files are pure: no HTTP.',
  },
  {
    group: ['drizzle-orm', 'drizzle-orm/*', 'pg', '@electric-sql/*', '**/db/client.js'],
    message: 'Rule, policy and lifecycle files are pure: no database; pass data in.',
  },
  {
    group: ['node:fs', 'node:fs/*', 'node:net', 'node:http'],
    message: 'Rule, policy and lifecycle files are pure: no I/O.',
  },
];

export default tseslint.config(
  {
    ignores: [
      'node_modules',
      'data',
      'web/dist',
      'server/db/migrations',
      'bench/results',
      'e2e/screenshots',
      'coverage',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        { considerDefaultExhaustiveForUnions: true },
      ],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/only-throw-error': 'error',
      'no-console': ['error', { allow: ['warn', 'error'] }],
    },
  },
  {
    files: ['server/modules/**/*.ts'],
    ignores: ['server/modules/**/*.routes.ts', 'server/modules/**/*.test.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [fastifyOnlyInRoutes] }] },
  },
  {
    files: [
      'server/modules/**/*-rules.ts',
      'server/modules/**/*.policy.ts',
      'server/modules/**/*-lifecycle.ts',
      'server/modules/**/permissions.ts',
      'server/modules/**/masking.ts',
      'common/**/*.ts',
    ],
    ignores: ['**/*.test.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: noIoInPureFiles }] },
  },
  {
    // Entry points and tooling print to the terminal by design.
    files: [
      'server/main.ts',
      'server/cli.ts',
      'server/test/sweeper-process.ts',
      'bench/**/*.ts',
      'scripts/**/*.{js,mjs,ts}',
      'e2e/**/*.ts',
    ],
    rules: { 'no-console': 'off' },
  },
  {
    files: ['**/*.test.ts', 'e2e/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    files: ['**/*.{js,mjs,cjs}'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      ...tseslint.configs.disableTypeChecked.languageOptions,
      globals: { process: 'readonly', console: 'readonly', URL: 'readonly', Buffer: 'readonly' },
    },
  },
);
