// ESLint flat config: typescript-eslint's recommended rules plus Pulumi's own rule set,
// which catches Outputs interpolated into template literals.
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import pulumi from "@pulumi/eslint-plugin";

export default tseslint.config(
  {
    ignores: [
      "node_modules/**",
      "dist/**",
      "policy/dist/**",
      "sdk/**",
      ".engine/**",
      ".tools/**",
      ".toolchain/**",
      ".demo/**",
      ".test-work/**",
      "bench/.work/**",
      "examples/*/node_modules/**",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    // The Pulumi rule needs type information.
    languageOptions: { parserOptions: { projectService: true } },
    plugins: { "@pulumi": pulumi },
    rules: {
      "@pulumi/no-output-in-template-literal": "error",
      "@typescript-eslint/no-require-imports": "off",
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_" },
      ],
    },
  },
  {
    files: ["scripts/**/*.js", "**/*.cjs", "**/*.mjs"],
    ...tseslint.configs.disableTypeChecked,
    rules: { "@pulumi/no-output-in-template-literal": "off" },
    languageOptions: {
      parserOptions: { projectService: false, project: false },
      sourceType: "commonjs",
      globals: {
        require: "readonly",
        module: "writable",
        process: "readonly",
        console: "readonly",
        __dirname: "readonly",
      },
    },
  },
);
