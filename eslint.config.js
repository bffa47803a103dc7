// ESLint for the TypeScript: typescript-eslint's recommended rules, with type information where a rule
// needs it to find real bugs (promises nobody awaits, for instance).
import js from "@eslint/js";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    ignores: [
      "artifacts/",
      "cache/",
      "types/",
      "dist/",
      "coverage/",
      "node_modules/",
      "src/chain/abis.ts",
      "src/chain/runtime-code.ts",
      "**/*.generated.ts",
      "bench/results*.json",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: { ...globals.node, ...globals.mocha },
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": "error",
      "@typescript-eslint/await-thenable": "error",
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_" },
      ],
      "no-restricted-properties": [
        "error",
        { object: "it", property: "only", message: "No focused tests: they silently skip the rest." },
        { object: "describe", property: "only", message: "No focused tests: they silently skip the rest." },
        { object: "it", property: "skip", message: "No skipped tests." },
        { object: "describe", property: "skip", message: "No skipped tests." },
      ],
    },
  },
  {
    // Tests read the commands' JSON output as untyped data.
    files: ["test/**/*.ts"],
    rules: { "@typescript-eslint/no-explicit-any": "off" },
  },
  {
    files: ["**/*.mjs", "**/*.cjs", "**/*.js"],
    ...tseslint.configs.disableTypeChecked,
  },
);
