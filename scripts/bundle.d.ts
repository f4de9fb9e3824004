/** Types for scripts/bundle.js, the build's bundler (see its header comment). */
import type { BuildOptions } from "esbuild";

/** The esbuild settings of every provider bundle: Node.js 20, CommonJS, the external packages. */
export const BUNDLE_OPTIONS: Readonly<
  Required<
    Pick<BuildOptions, "bundle" | "platform" | "target" | "format" | "external" | "legalComments">
  >
>;
