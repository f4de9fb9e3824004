/**
 * A thin stand-in for the provider, used when the package is not installed under node_modules
 * (an in-repo program, or a `file:` dependency whose real path is outside node_modules).
 *
 * Pulumi stores the serialized provider in state for every resource; serializing the real
 * provider would copy all of its code (~70 KB) into each one. This object captures nothing:
 * each method loads the installed provider by package name at call time, from the program's
 * folder (self-reference inside this repository, a `file:` or npm dependency elsewhere), so
 * `__provider` stays about 2 KB and identical across releases. Names are short on purpose:
 * this source text is what state stores.
 */
import type * as pulumi from "@pulumi/pulumi";

type Provider = Required<pulumi.dynamic.ResourceProvider>;

// "Cannot find module 'pulumi-trtc/provider-instance'" from here means the package is not
// installed in the program's folder (inside this repository: `npm run build` first); the README's
// troubleshooting section says so.
function load(): Provider {
  return require("module").createRequire(`${process.cwd()}/`)("pulumi-trtc/provider-instance");
}

/** A provider whose methods forward to the installed pulumi-trtc provider. */
export const loaderProvider: pulumi.dynamic.ResourceProvider = {
  configure: (r) => load().configure(r),
  check: (o, n) => load().check(o, n),
  diff: (i, o, n) => load().diff(i, o, n),
  create: (n) => load().create(n),
  read: (i, p) => load().read(i, p),
  update: (i, o, n) => load().update(i, o, n),
  delete: (i, p) => load().delete(i, p),
};
